create table k (
  id int,
  u int not null,
  c int,
  r int4range,
  constraint k_pkey primary key (id),
  constraint k_u_key unique (u),
  constraint k_c_check check (c > 0),
  constraint k_r_excl exclude using gist (r with &&)
);

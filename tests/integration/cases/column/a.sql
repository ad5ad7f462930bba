create table t (
  id int generated always as identity,
  x int,
  n int not null,
  d int default 1,
  g int generated always as (x * 2) stored,
  c text collate "C",
  cm int,
  only_a int
);
comment on column t.cm is 'in cents';

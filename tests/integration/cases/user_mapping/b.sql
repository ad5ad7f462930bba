do $$ begin
  create role "dbparity_um Rôle ""x"".y" nologin;
exception when duplicate_object or unique_violation then null;
end $$;
create foreign data wrapper w;
create server "My Sérver.1" foreign data wrapper w;
create server "select" foreign data wrapper w;
create user mapping for public server "My Sérver.1" options (password 'dbparity-hidden-um-B-3a9d', user 'u');
create user mapping for dbparity_anon server "My Sérver.1" options (user 'anon', password 'p');
create user mapping for "dbparity_um Rôle ""x"".y" server "My Sérver.1";
create user mapping for dbparity_authenticated server "select";
create user mapping for public server "select" options (password 'same', user 'same');

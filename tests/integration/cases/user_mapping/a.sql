-- User mappings: every option value hidden. This case's role is created once.
do $$ begin
  create role "dbparity_um Rôle ""x"".y" nologin;
exception when duplicate_object or unique_violation then null;
end $$;
create foreign data wrapper w;
create server "My Sérver.1" foreign data wrapper w;
create server "select" foreign data wrapper w;
create user mapping for public server "My Sérver.1" options (user 'u', password 'dbparity-hidden-um-A-5e1f');
create user mapping for dbparity_anon server "My Sérver.1" options (user 'anon');
create user mapping for "dbparity_um Rôle ""x"".y" server "My Sérver.1" options (user 'x');
create user mapping for dbparity_service server "select";
create user mapping for public server "select" options (user 'same', password 'same');

-- Foreign data wrappers made by hand (postgres_fdw's own is the extension's).
-- A wrapper's owner must be a superuser: this case's own, created once.
create extension if not exists postgres_fdw;
do $$ begin
  create role "dbparity_fdw Süper" superuser nologin;
exception when duplicate_object or unique_violation then null;
end $$;
create foreign data wrapper "Mixed Case" handler postgres_fdw_handler validator postgres_fdw_validator;
create foreign data wrapper "spa ce" options (debug 'true', "dotted.opt" 'x');
create foreign data wrapper "quo""te";
create foreign data wrapper "select";
comment on foreign data wrapper "select" is 'Wrapper ''quoted'' ✓';
create foreign data wrapper "ünï.code";
create foreign data wrapper same_both options (a 'b');
create foreign data wrapper only_a;

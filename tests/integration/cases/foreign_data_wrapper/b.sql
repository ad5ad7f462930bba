create extension if not exists postgres_fdw;
do $$ begin
  create role "dbparity_fdw Süper" superuser nologin;
exception when duplicate_object or unique_violation then null;
end $$;
create foreign data wrapper "Mixed Case" handler postgres_fdw_handler;
create foreign data wrapper "spa ce" options ("dotted.opt" 'x', debug 'false', extra 'y');
create foreign data wrapper "quo""te" handler postgres_fdw_handler;
create foreign data wrapper "select";
create foreign data wrapper "ünï.code";
alter foreign data wrapper "ünï.code" owner to "dbparity_fdw Süper";
create foreign data wrapper same_both options (a 'b');
create foreign data wrapper "Only B";

-- Foreign tables: server, options and column options; one created by the fix
-- script (CREATE FOREIGN TABLE).
create foreign data wrapper w;
create server s foreign data wrapper w;
create server "Other Sérver" foreign data wrapper w;
create schema "Mixed Case";
create foreign table "Mixed Case"."ft one" (
  id int options (column_name 'ID'),
  "sel ect" text
) server s options (schema_name 'remote', table_name 't1');
create foreign table public."quo""te" (a int) server s options (table_name 'x');
create foreign table public."ü.b" (a int options (column_name 'A', "weird.opt" 'v')) server s;
comment on foreign table public."ü.b" is 'Fremd ''x''';
create foreign table public.only_a (a int not null, b text options (column_name 'bee'))
  server s options (table_name 'oa');
comment on foreign table public.only_a is 'only in a';
create foreign table public.same_both (a int options (column_name 'x')) server s options (t 'u');

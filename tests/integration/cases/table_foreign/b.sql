create foreign data wrapper w;
create server s foreign data wrapper w;
create server "Other Sérver" foreign data wrapper w;
create schema "Mixed Case";
create foreign table "Mixed Case"."ft one" (
  id int options (column_name 'Id'),
  "sel ect" text
) server s options (schema_name 'remote', table_name 't2', extra 'e');
create foreign table public."quo""te" (a int) server "Other Sérver" options (table_name 'x');
create foreign table public."ü.b" (a int options ("weird.opt" 'v')) server s;
create foreign table public.same_both (a int options (column_name 'x')) server s options (t 'u');
create foreign table public."Only B" (z int) server s;

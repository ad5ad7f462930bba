-- The tables whose contents the data kind compares: those whose schema.table
-- matches one of the LIKE patterns, with their columns (by name, the order the
-- fingerprint uses), their types and the primary key's columns (in key order).
-- Catalog SELECTs only; the server's own schemas are never read.
select
  n.nspname as schema,
  c.relname as "table",
  case when c.reltuples < 0 then null else c.reltuples::bigint end as estimate,
  has_schema_privilege(n.oid, 'USAGE')
    and has_table_privilege(c.oid, 'SELECT') as readable,
  -- Row level security filters what this role reads (it neither owns the table
  -- nor has BYPASSRLS): it would see only the rows its policies show it.
  row_security_active(c.oid) as filtered,
  array(
    select a.attname::text from pg_attribute a
    where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    order by a.attname collate "C"
  ) as names,
  array(
    select format_type(a.atttypid, a.atttypmod) from pg_attribute a
    where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    order by a.attname collate "C"
  ) as types,
  array(
    select a.attname::text
    from pg_index i
    cross join lateral unnest(i.indkey) with ordinality as k(attnum, ord)
    join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
    where i.indrelid = c.oid and i.indisprimary
    order by k.ord
  ) as pkey
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p')
  and n.nspname not in ('pg_catalog', 'information_schema')
  and left(n.nspname, 8) <> 'pg_toast'
  and (n.nspname || '.' || c.relname) like any (%(patterns)s)
order by n.nspname collate "C", c.relname collate "C"

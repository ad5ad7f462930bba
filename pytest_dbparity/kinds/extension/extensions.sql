-- Extensions, wherever they are installed: their schema is an attribute.
select
  e.extname as name,
  e.extversion as version,
  n.nspname as schema
from pg_extension e
join pg_namespace n on n.oid = e.extnamespace
order by e.extname

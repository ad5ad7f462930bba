-- Extensions, wherever they are installed: their schema is an attribute.
select
  e.extname as name,
  e.extversion as version,
  n.nspname as schema,
  -- What this server installs by default: across majors, each side at its
  -- server's default is alike.
  (select a.default_version from pg_available_extensions a
   where a.name = e.extname) as default_version
from pg_extension e
join pg_namespace n on n.oid = e.extnamespace
order by e.extname

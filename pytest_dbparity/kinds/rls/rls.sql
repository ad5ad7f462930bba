-- Row level security: enabled and forced, per table.
select
  n.nspname as schema,
  c.relname as "table",
  c.relrowsecurity as enabled,
  c.relforcerowsecurity as forced
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
left join pg_depend ext
  on ext.classid = 'pg_class'::regclass and ext.objid = c.oid and ext.deptype = 'e'
where c.relkind in ('r', 'p')
  and ext.objid is null
  and {{in_scope n}}
order by n.nspname, c.relname

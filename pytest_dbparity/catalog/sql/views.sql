-- Views and materialized views.
select
  n.nspname as schema,
  c.relname as name,
  c.relkind = 'm' as materialized,
  pg_get_viewdef(c.oid, true) as definition,
  pg_get_userbyid(c.relowner) as owner,
  d.description as comment,
  coalesce(c.reloptions, '{}') as options
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
left join pg_description d
  on d.objoid = c.oid and d.classoid = 'pg_class'::regclass and d.objsubid = 0
left join pg_depend ext
  on ext.classid = 'pg_class'::regclass and ext.objid = c.oid and ext.deptype = 'e'
where c.relkind in ('v', 'm')
  and ext.objid is null
  and n.nspname <> all(%(exclude_schemas)s::text[])
  and (%(include_schemas)s::text[] is null or n.nspname = any(%(include_schemas)s::text[]))
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
order by n.nspname, c.relname

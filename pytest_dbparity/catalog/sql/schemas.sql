-- Schemas, without those an extension created.
select
  n.nspname as name,
  pg_get_userbyid(n.nspowner) as owner,
  d.description as comment
from pg_namespace n
left join pg_description d
  on d.objoid = n.oid and d.classoid = 'pg_namespace'::regclass and d.objsubid = 0
left join pg_depend ext
  on ext.classid = 'pg_namespace'::regclass and ext.objid = n.oid and ext.deptype = 'e'
where ext.objid is null
  and n.nspname <> all(%(exclude_schemas)s::text[])
  and (%(include_schemas)s::text[] is null or n.nspname = any(%(include_schemas)s::text[]))
  and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
order by n.nspname

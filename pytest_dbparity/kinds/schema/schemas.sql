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
  and {{in_scope n}}
order by n.nspname

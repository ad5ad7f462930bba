-- Row level security policies, roles sorted.
with roles as (
  select p.oid,
    array_agg(case when r.role = 0 then 'public' else pg_get_userbyid(r.role)::text end
              order by case when r.role = 0 then 'public' else pg_get_userbyid(r.role)::text end)
      as names
  from pg_policy p
  cross join unnest(p.polroles) as r(role)
  group by p.oid
)
select
  n.nspname as schema,
  c.relname as "table",
  p.polname as name,
  case p.polcmd when 'r' then 'SELECT' when 'a' then 'INSERT' when 'w' then 'UPDATE'
    when 'd' then 'DELETE' else 'ALL' end as command,
  case when p.polpermissive then 'PERMISSIVE' else 'RESTRICTIVE' end as permissive,
  coalesce(roles.names, '{}') as roles,
  pg_get_expr(p.polqual, p.polrelid) as using,
  pg_get_expr(p.polwithcheck, p.polrelid) as with_check,
  cmt.description as comment
from pg_policy p
join pg_class c on c.oid = p.polrelid
join pg_namespace n on n.oid = c.relnamespace
left join roles on roles.oid = p.oid
-- The comment by a join, not obj_description() per row (a query each).
left join pg_description cmt
  on cmt.objoid = p.oid and cmt.classoid = 'pg_policy'::regclass and cmt.objsubid = 0
left join pg_depend ext
  on ext.classid = 'pg_class'::regclass and ext.objid = c.oid and ext.deptype = 'e'
where ext.objid is null
  and {{in_scope n}}
order by n.nspname, c.relname, p.polname

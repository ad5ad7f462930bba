-- Casts users created: not the server's own (oid below 16384) nor an extension's.
-- Types are named as format_type prints them (search_path is pg_catalog).
select
  format_type(c.castsource, null) as source,
  format_type(c.casttarget, null) as target,
  case c.castmethod when 'f' then c.castfunc::regprocedure::text
    when 'i' then 'INOUT' else 'WITHOUT FUNCTION' end as function,
  case c.castcontext when 'i' then 'implicit' when 'a' then 'assignment'
    else 'explicit' end as context,
  d.description as comment
from pg_cast c
left join pg_description d
  on d.objoid = c.oid and d.classoid = 'pg_cast'::regclass and d.objsubid = 0
left join pg_depend ext
  on ext.classid = 'pg_cast'::regclass and ext.objid = c.oid and ext.deptype = 'e'
where c.oid >= 16384
  and ext.objid is null
order by source, target

-- Row counts as the planner estimates them (reltuples): no table is scanned. A
-- table never analysed has no estimate (-1, read as null).
select
  n.nspname as schema,
  c.relname as "table",
  case when c.reltuples < 0 then null else c.reltuples::bigint end as rows,
  false as exact
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
left join pg_depend ext
  on ext.classid = 'pg_class'::regclass and ext.objid = c.oid and ext.deptype = 'e'
where c.relkind in ('r', 'p')
  and ext.objid is null
  and {{in_scope n}}
order by n.nspname, c.relname

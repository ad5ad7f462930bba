-- Objects of kinds the plugin does not compare, counted so the run can name them.
select kind, count(*)::int as count
from (
  select 'text search parser' as kind from pg_ts_parser t join pg_namespace n on n.oid = t.prsnamespace
    left join pg_depend ext on ext.classid = 'pg_ts_parser'::regclass and ext.objid = t.oid and ext.deptype = 'e'
    where ext.objid is null and {{in_scope n}}
  union all
  select 'text search template' from pg_ts_template t join pg_namespace n on n.oid = t.tmplnamespace
    left join pg_depend ext on ext.classid = 'pg_ts_template'::regclass and ext.objid = t.oid and ext.deptype = 'e'
    where ext.objid is null and {{in_scope n}}
) as objects
group by kind
order by kind

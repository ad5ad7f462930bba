-- Objects of kinds the plugin does not compare, counted so the run can name them.
select kind, count(*)::int as count
from (
  select 'operator' as kind from pg_operator o join pg_namespace n on n.oid = o.oprnamespace
    left join pg_depend ext on ext.classid = 'pg_operator'::regclass and ext.objid = o.oid and ext.deptype = 'e'
    where ext.objid is null and {{in_scope n}}
  union all
  select 'rule' from pg_rewrite r join pg_class c on c.oid = r.ev_class
    join pg_namespace n on n.oid = c.relnamespace
    where r.rulename <> '_RETURN' and {{in_scope n}}
  union all
  select 'collation' from pg_collation co join pg_namespace n on n.oid = co.collnamespace
    left join pg_depend ext on ext.classid = 'pg_collation'::regclass and ext.objid = co.oid and ext.deptype = 'e'
    where ext.objid is null and {{in_scope n}}
  union all
  select 'text search configuration' from pg_ts_config t join pg_namespace n on n.oid = t.cfgnamespace
    left join pg_depend ext on ext.classid = 'pg_ts_config'::regclass and ext.objid = t.oid and ext.deptype = 'e'
    where ext.objid is null and {{in_scope n}}
  union all
  select 'statistics object' from pg_statistic_ext s join pg_namespace n on n.oid = s.stxnamespace
    where {{in_scope n}}
  union all
  select 'default privilege' from pg_default_acl
  union all
  select 'event trigger' from pg_event_trigger e
    left join pg_depend ext on ext.classid = 'pg_event_trigger'::regclass and ext.objid = e.oid and ext.deptype = 'e'
    where ext.objid is null
  union all
  select 'publication' from pg_publication
  union all
  select 'foreign server' from pg_foreign_server
) as objects
group by kind
order by kind

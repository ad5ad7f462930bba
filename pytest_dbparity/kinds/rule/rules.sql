-- Rewrite rules of tables and views, without views' _RETURN rules (the view
-- itself) and without the rules of relations an extension created.
-- With the deparse parameter false the definition is left out: pg_get_ruledef
-- locks what the rule's actions use until the transaction ends, so a reader
-- short of lock slots fetches definitions for a few oids at a time (the oids
-- parameter), each batch in its own transaction on the same snapshot.
select
  r.oid,
  n.nspname as schema,
  c.relname as "table",
  r.rulename as name,
  case when %(deparse)s then pg_get_ruledef(r.oid, true) end as definition,
  case r.ev_enabled when 'D' then 'disabled' when 'R' then 'replica' when 'A' then 'always'
    else 'origin' end as enabled,
  d.description as comment
from pg_rewrite r
join pg_class c on c.oid = r.ev_class
join pg_namespace n on n.oid = c.relnamespace
left join pg_description d
  on d.objoid = r.oid and d.classoid = 'pg_rewrite'::regclass and d.objsubid = 0
left join pg_depend ext
  on ext.classid = 'pg_class'::regclass and ext.objid = c.oid and ext.deptype = 'e'
where r.rulename <> '_RETURN'
  and r.oid >= 16384
  and ext.objid is null
  and {{in_scope n}}
  and (%(oids)s::oid[] is null or r.oid = any(%(oids)s::oid[]))
order by n.nspname, c.relname, r.rulename

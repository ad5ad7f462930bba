-- User triggers. The clones a partition gets from its parent are from_parent:
-- compared only where the table is a partition on one side alone.
select
  n.nspname as schema,
  c.relname as "table",
  t.tgname as name,
  pg_get_triggerdef(t.oid) as definition,
  case t.tgenabled when 'D' then 'disabled' when 'R' then 'replica' when 'A' then 'always'
    else 'origin' end as enabled,
  cmt.description as comment,
  t.tgparentid <> 0 as from_parent
from pg_trigger t
join pg_class c on c.oid = t.tgrelid
join pg_namespace n on n.oid = c.relnamespace
-- The comment by a join, not obj_description() per row (a query each).
left join pg_description cmt
  on cmt.objoid = t.oid and cmt.classoid = 'pg_trigger'::regclass and cmt.objsubid = 0
left join pg_depend ext
  on ext.classid = 'pg_class'::regclass and ext.objid = c.oid and ext.deptype = 'e'
where not t.tgisinternal
  and ext.objid is null
  and {{in_scope n}}
order by n.nspname, c.relname, t.tgname

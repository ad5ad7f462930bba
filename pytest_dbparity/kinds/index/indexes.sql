-- Indexes that no constraint owns (those are checked as constraints). A
-- partition's index attached to its parent's is from_parent: compared only where
-- the table is a partition on one side alone.
select
  n.nspname as schema,
  t.relname as "table",
  ic.relname as name,
  ltrim(substring(
    case when i.indpred is null then def.text
      else left(def.text, length(def.text) - length(' WHERE ' || pg_get_expr(i.indpred, i.indrelid)))
    end
    from ' USING .*$'
  )) as definition,
  i.indisunique as "unique",
  pg_get_expr(i.indpred, i.indrelid) as predicate,
  def.text as full_definition,
  i.indisvalid as valid,
  cmt.description as comment,
  ic.relispartition as from_parent
from pg_index i
join pg_class ic on ic.oid = i.indexrelid
join pg_class t on t.oid = i.indrelid
join pg_namespace n on n.oid = t.relnamespace
-- offset 0: the definition is deparsed once per index (pulled up, the subquery
-- would be computed again for each use of def.text).
cross join lateral (select pg_get_indexdef(i.indexrelid) as text offset 0) as def
left join pg_constraint con
  on con.conindid = i.indexrelid and con.conrelid = i.indrelid and con.contype in ('p', 'u', 'x')
-- The comment by a join, not obj_description() per row (a query each).
left join pg_description cmt
  on cmt.objoid = i.indexrelid and cmt.classoid = 'pg_class'::regclass and cmt.objsubid = 0
left join pg_depend ext
  on ext.classid = 'pg_class'::regclass and ext.objid = t.oid and ext.deptype = 'e'
where con.oid is null
  and t.relkind in ('r', 'p', 'm')
  and ext.objid is null
  and {{in_scope n}}
order by n.nspname, t.relname, ic.relname

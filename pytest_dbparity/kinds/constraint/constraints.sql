-- Table constraints. Those a partition has from its parent (clones of keys and
-- foreign keys, inherited checks) are from_parent: compared only where the table
-- is a partition on one side alone. The clones a foreign key referencing a
-- partitioned table gets per referenced partition (same table, parent constraint
-- on that same table) are the foreign key itself and are left out.
with keys as (
  select con.oid, array_agg(a.attname::text order by k.ord) as names
  from pg_constraint con
  cross join unnest(con.conkey) with ordinality as k(attnum, ord)
  join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum
  where con.conrelid <> 0
  group by con.oid
), refkeys as (
  select con.oid, array_agg(a.attname::text order by k.ord) as names
  from pg_constraint con
  cross join unnest(con.confkey) with ordinality as k(attnum, ord)
  join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum
  where con.contype = 'f'
  group by con.oid
)
select
  n.nspname as schema,
  c.relname as "table",
  con.conname as name,
  case con.contype
    when 'p' then 'primary key' when 'u' then 'unique' when 'c' then 'check'
    when 'x' then 'exclusion' else 'foreign key' end as constraint_type,
  coalesce(keys.names, '{}') as columns,
  case con.contype
    when 'c' then pg_get_expr(con.conbin, con.conrelid)
    when 'x' then pg_get_constraintdef(con.oid) end as expression,
  case when con.contype = 'f' then (quote_ident(rn.nspname) || '.' || quote_ident(rc.relname)) end as ref_table,
  coalesce(refkeys.names, '{}') as ref_columns,
  case when con.contype = 'f' then
    case con.confupdtype when 'r' then 'RESTRICT' when 'c' then 'CASCADE'
      when 'n' then 'SET NULL' when 'd' then 'SET DEFAULT' else 'NO ACTION' end
  end as on_update,
  case when con.contype = 'f' then
    case con.confdeltype when 'r' then 'RESTRICT' when 'c' then 'CASCADE'
      when 'n' then 'SET NULL' when 'd' then 'SET DEFAULT' else 'NO ACTION' end
  end as on_delete,
  con.condeferrable as deferrable,
  con.condeferred as initially_deferred,
  con.convalidated as validated,
  -- NO INHERIT is a choice for checks only: PostgreSQL sets it on keys of plain
  -- tables (never inherited) and not on those of partitioned ones.
  con.contype = 'c' and con.connoinherit as no_inherit,
  pg_get_constraintdef(con.oid) as definition,
  cmt.description as comment,
  c.relispartition and (con.conparentid <> 0 or not con.conislocal) as from_parent
from pg_constraint con
join pg_class c on c.oid = con.conrelid
join pg_namespace n on n.oid = c.relnamespace
left join keys on keys.oid = con.oid
left join refkeys on refkeys.oid = con.oid
left join pg_constraint pc on pc.oid = con.conparentid
left join pg_class rc on rc.oid = con.confrelid
left join pg_namespace rn on rn.oid = rc.relnamespace
-- The comment by a join, not obj_description() per row (a query each).
left join pg_description cmt
  on cmt.objoid = con.oid and cmt.classoid = 'pg_constraint'::regclass and cmt.objsubid = 0
left join pg_depend ext
  on ext.classid = 'pg_class'::regclass and ext.objid = c.oid and ext.deptype = 'e'
where con.contype in ('p', 'u', 'c', 'x', 'f')
  and (con.conparentid = 0 or pc.conrelid <> con.conrelid)
  and ext.objid is null
  and {{in_scope n}}
order by n.nspname, c.relname, con.conname

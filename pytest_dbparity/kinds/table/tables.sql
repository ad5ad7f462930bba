-- Ordinary, partitioned and foreign tables, partitions included.
select
  n.nspname as schema,
  c.relname as name,
  case c.relkind when 'r' then 'ordinary' when 'p' then 'partitioned' else 'foreign' end
    as table_type,
  case c.relpersistence when 'u' then 'unlogged' when 't' then 'temporary' else 'permanent' end
    as persistence,
  case when c.relispartition then (quote_ident(pn.nspname) || '.' || quote_ident(pc.relname)) end as partition_of,
  case when c.relispartition then pg_get_expr(c.relpartbound, c.oid) end as partition_bound,
  case when c.relkind = 'p' then pg_get_partkeydef(c.oid) end as partition_key,
  pg_get_userbyid(c.relowner) as owner,
  d.description as comment
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
left join pg_inherits i on c.relispartition and i.inhrelid = c.oid
left join pg_class pc on pc.oid = i.inhparent
left join pg_namespace pn on pn.oid = pc.relnamespace
left join pg_description d
  on d.objoid = c.oid and d.classoid = 'pg_class'::regclass and d.objsubid = 0
left join pg_depend ext
  on ext.classid = 'pg_class'::regclass and ext.objid = c.oid and ext.deptype = 'e'
where c.relkind in ('r', 'p', 'f')
  and ext.objid is null
  and {{in_scope n}}
order by n.nspname, c.relname

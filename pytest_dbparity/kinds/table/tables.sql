-- Ordinary, partitioned and foreign tables, partitions included; a foreign
-- table's server and options.
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
  d.description as comment,
  -- The old rows logical replication sends; an index that is gone behaves as nothing.
  case c.relreplident when 'd' then 'default' when 'f' then 'full'
    when 'i' then coalesce((
      select 'using index ' || quote_ident(ic.relname)
      from pg_index ri join pg_class ic on ic.oid = ri.indexrelid
      where ri.indrelid = c.oid and ri.indisreplident), 'nothing')
    else 'nothing' end as replica_identity,
  -- Storage parameters, the TOAST table's prefixed toast. (as WITH names them);
  -- values as the server reads them, not as written (on is true, 0.20 is 0.2).
  -- (Only for a table that has some: most have none, and the subquery per
  -- table doubled this query's time at 10,000 tables.)
  case when c.reloptions is null and tc.reloptions is null then '{}'::text[] else array(
    select array[o.name, case
        when o.name ~ '^(toast\.)?(autovacuum_enabled|vacuum_truncate|user_catalog_table|vacuum_index_cleanup)$'
          and lower(o.value) in ('on', 'true', 'yes', '1', 'off', 'false', 'no', '0')
          then (lower(o.value)::bool)::text
        when o.value ~ '^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$'
          then o.value::float8::text
        else o.value end]
    from (
      select option_name as name, option_value as value
      from pg_options_to_table(c.reloptions)
      union all
      select 'toast.' || option_name, option_value
      from pg_options_to_table(tc.reloptions)
    ) o
    order by 1
  ) end as storage_parameters,
  -- A foreign table's server and options (null and none for other tables).
  quote_ident(fs.srvname) as server,
  case when ft.ftoptions is null then '{}'::text[] else array(
    select array[o.option_name::text, o.option_value::text]
    from pg_options_to_table(ft.ftoptions) as o
    order by o.option_name collate "C"
  ) end as options
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
left join pg_inherits i on c.relispartition and i.inhrelid = c.oid
left join pg_class pc on pc.oid = i.inhparent
left join pg_namespace pn on pn.oid = pc.relnamespace
left join pg_class tc on tc.oid = c.reltoastrelid
left join pg_foreign_table ft on c.relkind = 'f' and ft.ftrelid = c.oid
left join pg_foreign_server fs on fs.oid = ft.ftserver
left join pg_description d
  on d.objoid = c.oid and d.classoid = 'pg_class'::regclass and d.objsubid = 0
left join pg_depend ext
  on ext.classid = 'pg_class'::regclass and ext.objid = c.oid and ext.deptype = 'e'
where c.relkind in ('r', 'p', 'f')
  and ext.objid is null
  and {{in_scope n}}
order by n.nspname, c.relname

-- Columns of tables; a partition's columns are its parent's (from_parent): compared
-- only where the table is a partition on one side alone.
select
  n.nspname as schema,
  c.relname as "table",
  a.attname as name,
  format_type(a.atttypid, a.atttypmod) as type,
  a.attnotnull as not_null,
  case when a.attgenerated = '' then pg_get_expr(ad.adbin, ad.adrelid) end as "default",
  case a.attidentity when 'a' then 'always' when 'd' then 'by default' end as identity_kind,
  case when a.attgenerated <> '' then pg_get_expr(ad.adbin, ad.adrelid) end as generated,
  case when a.attcollation <> t.typcollation then a.attcollation::regcollation::text end
    as collation,
  d.description as comment,
  -- Defined by the table itself (not only inherited from a parent by INHERITS);
  -- a partition's columns count as its own.
  a.attislocal or c.relispartition as local,
  -- The identity sequence's options that are not the defaults of an identity of
  -- its type and direction, as CREATE SEQUENCE writes them (null: none, or not
  -- an identity column); a type change moves the default bounds along.
  nullif(concat_ws(' ',
    case when s.seqstart <> case when s.seqincrement > 0 then s.seqmin else s.seqmax end
      then 'START WITH ' || s.seqstart end,
    case when s.seqincrement <> 1 then 'INCREMENT BY ' || s.seqincrement end,
    case when s.seqmin <> case when s.seqincrement > 0 then 1
        when s.seqtypid = 'int2'::regtype then -32768
        when s.seqtypid = 'int4'::regtype then -2147483648
        else -9223372036854775808 end
      then 'MINVALUE ' || s.seqmin end,
    case when s.seqmax <> case when s.seqincrement < 0 then -1
        when s.seqtypid = 'int2'::regtype then 32767
        when s.seqtypid = 'int4'::regtype then 2147483647
        else 9223372036854775807 end
      then 'MAXVALUE ' || s.seqmax end,
    case when s.seqcache <> 1 then 'CACHE ' || s.seqcache end,
    case when s.seqcycle then 'CYCLE' end
  ), '') as identity_options,
  -- Storage, compression and statistics target where not the defaults (null):
  -- the type's storage, the server's compression, the statistics target.
  case when a.attstorage <> t.typstorage then case a.attstorage when 'p' then 'plain'
    when 'e' then 'external' when 'm' then 'main' else 'extended' end end as storage,
  case t.typstorage when 'p' then 'plain' when 'e' then 'external' when 'm' then 'main'
    else 'extended' end as type_storage,
  case a.attcompression when 'p' then 'pglz' when 'l' then 'lz4' end as compression,
  nullif(a.attstattarget, -1) as statistics,
  -- A foreign table's column options (none for other tables), joined: a
  -- subquery per row would keep the whole query out of parallel workers.
  coalesce(fo.options, '{}'::text[]) as options,
  c.relispartition as from_parent,
  -- Its place among the table's columns (dropped ones not counted): not
  -- compared; the fix script proposes a RENAME from it.
  row_number() over (partition by a.attrelid order by a.attnum) as position
from pg_attribute a
left join (
  select fa.attrelid, fa.attnum,
    array_agg(array[o.option_name::text, o.option_value::text]
              order by o.option_name collate "C") as options
  from pg_foreign_table ft
  join pg_attribute fa on fa.attrelid = ft.ftrelid and fa.attfdwoptions is not null
  cross join pg_options_to_table(fa.attfdwoptions) as o
  group by fa.attrelid, fa.attnum
) fo on fo.attrelid = a.attrelid and fo.attnum = a.attnum
join pg_class c on c.oid = a.attrelid
join pg_namespace n on n.oid = c.relnamespace
join pg_type t on t.oid = a.atttypid
left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
left join pg_description d
  on d.objoid = c.oid and d.classoid = 'pg_class'::regclass and d.objsubid = a.attnum
left join pg_depend ext
  on ext.classid = 'pg_class'::regclass and ext.objid = c.oid and ext.deptype = 'e'
left join (pg_depend sd join pg_sequence s on s.seqrelid = sd.objid)
  on a.attidentity <> '' and sd.classid = 'pg_class'::regclass
  and sd.refclassid = 'pg_class'::regclass and sd.refobjid = a.attrelid
  and sd.refobjsubid = a.attnum and sd.deptype = 'i'
where a.attnum > 0
  and not a.attisdropped
  and c.relkind in ('r', 'p', 'f')
  and ext.objid is null
  and {{in_scope n}}
order by n.nspname, c.relname, a.attname

-- Columns of tables; a partition's columns are its parent's and are left out.
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
  d.description as comment
from pg_attribute a
join pg_class c on c.oid = a.attrelid
join pg_namespace n on n.oid = c.relnamespace
join pg_type t on t.oid = a.atttypid
left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
left join pg_description d
  on d.objoid = c.oid and d.classoid = 'pg_class'::regclass and d.objsubid = a.attnum
left join pg_depend ext
  on ext.classid = 'pg_class'::regclass and ext.objid = c.oid and ext.deptype = 'e'
where a.attnum > 0
  and not a.attisdropped
  and c.relkind in ('r', 'p', 'f')
  and not c.relispartition
  and ext.objid is null
  and {{in_scope n}}
order by n.nspname, c.relname, a.attname

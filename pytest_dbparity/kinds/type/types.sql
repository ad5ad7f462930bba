-- Enums (labels in order), domains, composite types and ranges.
with labels as (
  select enumtypid, array_agg(enumlabel::text order by enumsortorder) as names
  from pg_enum
  group by enumtypid
), domain_checks as (
  select contypid,
    array_agg(conname || ': ' || pg_get_constraintdef(oid) order by conname) as defs
  from pg_constraint
  where contypid <> 0
    -- PostgreSQL 17+ records a domain's NOT NULL here too: it is not_null.
    and contype <> 'n'
  group by contypid
), composite_attributes as (
  select a.attrelid,
    array_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
              order by a.attnum) as defs
  from pg_attribute a
  join pg_class c on c.oid = a.attrelid and c.relkind = 'c'
  where a.attnum > 0 and not a.attisdropped
  group by a.attrelid
)
select
  n.nspname as schema,
  t.typname as name,
  case t.typtype when 'e' then 'enum' when 'd' then 'domain' when 'c' then 'composite'
    else 'range' end as type_type,
  coalesce(labels.names, '{}') as labels,
  case t.typtype
    when 'd' then format_type(t.typbasetype, t.typtypmod)
    when 'r' then format_type(rng.rngsubtype, null) end as base_type,
  pg_get_expr(t.typdefaultbin, 0) as "default",
  t.typnotnull as not_null,
  coalesce(domain_checks.defs, '{}') as constraints,
  coalesce(composite_attributes.defs, '{}') as attributes,
  d.description as comment,
  pg_get_userbyid(t.typowner) as owner
from pg_type t
join pg_namespace n on n.oid = t.typnamespace
left join pg_class cr on cr.oid = t.typrelid
left join pg_range rng on rng.rngtypid = t.oid
left join labels on labels.enumtypid = t.oid
left join domain_checks on domain_checks.contypid = t.oid
left join composite_attributes on composite_attributes.attrelid = t.typrelid
left join pg_description d
  on d.objoid = t.oid and d.classoid = 'pg_type'::regclass and d.objsubid = 0
left join pg_depend ext
  on ext.classid = 'pg_type'::regclass and ext.objid = t.oid and ext.deptype = 'e'
where t.typtype in ('e', 'd', 'c', 'r')
  and (t.typtype <> 'c' or cr.relkind = 'c')
  and ext.objid is null
  and {{in_scope n}}
order by n.nspname, t.typname

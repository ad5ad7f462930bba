-- Objects of the kinds the plugin does not model, one row each: what it is and
-- its identity (pg_identify_object: names quoted, schema qualified; never an
-- OID). Left out: the server's own (oid below 16384), an extension's members,
-- and schema-bound ones outside the read scope. Large objects are counted (they
-- have only OIDs). catalog/sql/unchecked.sql includes this query (the
-- header's counts of the same objects).
with members as (
  select classid, objid from pg_depend where deptype = 'e'
),
listed (what, classid, objid, nsp) as (
  select 'operator class', 'pg_opclass'::regclass::oid, oid, opcnamespace from pg_opclass
  union all
  select 'operator family', 'pg_opfamily'::regclass::oid, oid, opfnamespace from pg_opfamily
  union all
  select 'text search parser', 'pg_ts_parser'::regclass::oid, oid, prsnamespace
  from pg_ts_parser
  union all
  select 'text search template', 'pg_ts_template'::regclass::oid, oid, tmplnamespace
  from pg_ts_template
  union all
  select 'conversion', 'pg_conversion'::regclass::oid, oid, connamespace from pg_conversion
  union all
  select 'access method', 'pg_am'::regclass::oid, oid, null from pg_am
  union all
  select 'language', 'pg_language'::regclass::oid, oid, null from pg_language
  union all
  select 'transform', 'pg_transform'::regclass::oid, oid, null from pg_transform
  union all
  select 'tablespace', 'pg_tablespace'::regclass::oid, oid, null from pg_tablespace
  union all
  select 'subscription', 'pg_subscription'::regclass::oid, oid, null from pg_subscription
  where subdbid = (select oid from pg_database where datname = current_database())
),
labels (classid, objid, objsubid, provider, label) as (
  select classoid, objoid, objsubid, provider, label from pg_seclabel
  union all
  select classoid, objoid, 0, provider, label from pg_shseclabel
  where classoid <> 'pg_database'::regclass
    or objoid = (select oid from pg_database where datname = current_database())
)
select l.what, (pg_identify_object(l.classid, l.objid, 0)).identity as name,
  null::int as count, null::text as label
from listed l
left join pg_namespace ns on ns.oid = l.nsp
where l.objid >= 16384
  and not exists (
    select from members m where m.classid = l.classid and m.objid = l.objid)
  and (l.nsp is null or {{in_scope ns}})
union all
select 'large objects', '', count(*)::int, null
from pg_largeobject_metadata
having count(*) > 0
union all
select 'security label',
  'FOR ' || quote_ident(s.provider) || ' ON '
    || case when s.classid = 'pg_database'::regclass then 'current database'
       else o.type || ' ' || o.identity end,
  null, s.label
from labels s
cross join lateral pg_identify_object(s.classid, s.objid, s.objsubid) o
left join pg_namespace ns on quote_ident(ns.nspname)
  = coalesce(o.schema, case when o.type = 'schema' then o.identity end)
where not exists (
    select from members m where m.classid = s.classid and m.objid = s.objid)
  and (ns.oid is null or {{in_scope ns}})
order by what, name

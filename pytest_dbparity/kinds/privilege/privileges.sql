-- Privileges on schemas, relations, columns, functions and aggregates. An object
-- without an ACL gets its owner's default ACL (acldefault), so "no ACL" and "the
-- default ACL" compare equal. Names come back raw; keys are built in Python. An
-- aggregate's argument types are listed as GRANT ... ON FUNCTION takes them (its
-- identity arguments may hold ORDER BY).
with objects as (
  select 'schema' as object_type, null::name as schema, n.nspname as name,
    null::name as "column", null::text as arguments, null::text as grant_arguments,
    coalesce(n.nspacl, acldefault('n', n.nspowner)) as acl
  from pg_namespace n
  left join pg_depend ext
    on ext.classid = 'pg_namespace'::regclass and ext.objid = n.oid and ext.deptype = 'e'
  where ext.objid is null
    and {{in_scope n}}
  union all
  select
    case c.relkind when 'S' then 'sequence' when 'v' then 'view'
      when 'm' then 'materialized view' when 'f' then 'foreign table' else 'table' end,
    n.nspname, c.relname, null, null, null,
    coalesce(c.relacl, acldefault(case when c.relkind = 'S' then 's' else 'r' end::"char", c.relowner))
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  left join pg_depend ext
    on ext.classid = 'pg_class'::regclass and ext.objid = c.oid and ext.deptype = 'e'
  where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
    and ext.objid is null
    and {{in_scope n}}
  union all
  select 'column', n.nspname, c.relname, a.attname, null, null, a.attacl
  from pg_attribute a
  join pg_class c on c.oid = a.attrelid
  join pg_namespace n on n.oid = c.relnamespace
  left join pg_depend ext
    on ext.classid = 'pg_class'::regclass and ext.objid = c.oid and ext.deptype = 'e'
  where a.attacl is not null
    and a.attnum > 0
    and not a.attisdropped
    and ext.objid is null
    and {{in_scope n}}
  union all
  select case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate'
      else 'function' end,
    n.nspname, p.proname, null, pg_get_function_identity_arguments(p.oid),
    case when p.prokind = 'a' then
      array_to_string(array(
        select format_type(t.oid, null)
        from unnest(p.proargtypes::oid[]) with ordinality as t(oid, i)
        order by t.i
      ), ', ')
    end,
    coalesce(p.proacl, acldefault('f', p.proowner))
  from pg_proc p
  join pg_namespace n on n.oid = p.pronamespace
  left join pg_depend ext
    on ext.classid = 'pg_proc'::regclass and ext.objid = p.oid and ext.deptype = 'e'
  where p.prokind in ('f', 'p', 'w', 'a')
    and ext.objid is null
    and {{in_scope n}}
), acls as (
  -- Each distinct ACL once (thousands of objects share a handful): exploded and
  -- aggregated per ACL, then joined back (aclitem[] hashes; it does not sort).
  select row_number() over () as id, acl
  from (select acl from objects group by acl) as distinct_acls
), grants as (
  select a.id,
    case when x.grantee = 0 then 'PUBLIC' else pg_get_userbyid(x.grantee)::text end as grantee,
    string_agg(x.privilege_type || case when x.is_grantable then '*' else '' end, ', '
               order by x.privilege_type) as privileges
  from acls a
  cross join aclexplode(a.acl) as x
  group by a.id, 2
), per_acl as (
  select id, array_agg(array[grantee, privileges] order by grantee) as grants
  from grants
  group by id
)
select
  o.object_type,
  o.schema,
  o.name,
  o."column",
  o.arguments,
  o.grant_arguments,
  coalesce(per_acl.grants, '{}') as grants
from objects o
left join acls on acls.acl = o.acl
left join per_acl on per_acl.id = acls.id
order by o.schema nulls first, o.name, o."column" nulls first, o.arguments nulls first

-- Default privileges (pg_default_acl), one row per entry: the role whose new
-- objects it is about, the schema (null: database-wide), the object type and
-- what it grants. A database-wide entry holds the whole ACL new objects get: one
-- equal to the built-in default (acldefault) is the same as no entry and is left
-- out. Entries in schemas outside the read scope are left out. Names come back
-- raw; keys are built in Python.
with entries as (
  select d.oid,
    pg_get_userbyid(d.defaclrole)::text as role,
    n.nspname::text as schema,
    case d.defaclobjtype
      when 'r' then 'tables' when 'S' then 'sequences' when 'f' then 'functions'
      when 'T' then 'types' when 'n' then 'schemas' when 'L' then 'large objects'
      else d.defaclobjtype::text end as object_type,
    d.defaclacl as acl
  from pg_default_acl d
  left join pg_namespace n on n.oid = d.defaclnamespace
  left join pg_depend ext
    on ext.classid = 'pg_default_acl'::regclass and ext.objid = d.oid and ext.deptype = 'e'
  where ext.objid is null
    and (d.defaclnamespace = 0 or {{in_scope n}})
    and not (
      d.defaclnamespace = 0
      and not exists (
        select x.grantee, x.privilege_type, x.is_grantable from aclexplode(d.defaclacl) x
        except
        select y.grantee, y.privilege_type, y.is_grantable
        from aclexplode(acldefault(d.defaclobjtype, d.defaclrole)) y)
      and not exists (
        select y.grantee, y.privilege_type, y.is_grantable
        from aclexplode(acldefault(d.defaclobjtype, d.defaclrole)) y
        except
        select x.grantee, x.privilege_type, x.is_grantable from aclexplode(d.defaclacl) x)
    )
), grants as (
  select e.oid,
    case when x.grantee = 0 then 'PUBLIC' else pg_get_userbyid(x.grantee)::text end as grantee,
    string_agg(x.privilege_type || case when x.is_grantable then '*' else '' end, ', '
               order by x.privilege_type collate "C") as privileges
  from entries e
  cross join aclexplode(e.acl) as x
  group by e.oid, 2
), per_entry as (
  select oid, array_agg(array[grantee, privileges] order by grantee collate "C") as grants
  from grants
  group by oid
)
select
  e.role,
  e.schema,
  e.object_type,
  coalesce(per_entry.grants, '{}') as grants
from entries e
left join per_entry on per_entry.oid = e.oid
order by e.role collate "C", e.schema collate "C" nulls first, e.object_type collate "C"

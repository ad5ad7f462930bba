-- Every role but the pg_* ones, never a password (pg_roles shows none), each
-- marked "referenced" when an object in the read scope refers to it, it has
-- settings that apply in the current database, or a
-- referenced role is a member of it (transitively). Memberships sorted, with
-- their options where not the defaults.
with recursive refs(role) as (
  select n.nspowner from pg_namespace n where {{in_scope n}}
  union select (aclexplode(n.nspacl)).grantee from pg_namespace n
    where n.nspacl is not null and {{in_scope n}}
  union select c.relowner from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where {{in_scope n}}
  union select (aclexplode(c.relacl)).grantee from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where c.relacl is not null and {{in_scope n}}
  union select (aclexplode(a.attacl)).grantee from pg_attribute a
    join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
    where a.attacl is not null and {{in_scope n}}
  union select p.proowner from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where {{in_scope n}}
  union select (aclexplode(p.proacl)).grantee from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    where p.proacl is not null and {{in_scope n}}
  union select t.typowner from pg_type t join pg_namespace n on n.oid = t.typnamespace
    where {{in_scope n}}
  union select (aclexplode(t.typacl)).grantee from pg_type t
    join pg_namespace n on n.oid = t.typnamespace
    where t.typacl is not null and {{in_scope n}}
  union select unnest(pol.polroles) from pg_policy pol
    join pg_class c on c.oid = pol.polrelid join pg_namespace n on n.oid = c.relnamespace
    where {{in_scope n}}
  union select d.defaclrole from pg_default_acl d
  union select (aclexplode(d.defaclacl)).grantee from pg_default_acl d
  union select s.setrole from pg_db_role_setting s
    where s.setdatabase in (0, (select oid from pg_database where datname = current_database()))
  union select d.datdba from pg_database d where d.datname = current_database()
  union select w.fdwowner from pg_foreign_data_wrapper w where w.oid >= 16384
  union select s.srvowner from pg_foreign_server s where s.oid >= 16384
  union select um.umuser from pg_user_mappings um where um.umuser <> 0
), closure(role) as (
  select role from refs
  union
  select m.roleid from pg_auth_members m join closure c on m.member = c.role
)
select
  r.rolname as name,
  r.rolsuper as superuser,
  r.rolinherit as inherit,
  r.rolcreaterole as create_role,
  r.rolcreatedb as create_db,
  r.rolcanlogin as login,
  r.rolreplication as replication,
  r.rolbypassrls as bypass_rls,
  r.rolconnlimit as connection_limit,
  coalesce((
    select array_agg(distinct quote_ident(g.rolname)
                     || case when m.admin_option then ' (admin option)' else '' end
                     order by quote_ident(g.rolname)
                     || case when m.admin_option then ' (admin option)' else '' end)
    from pg_auth_members m
    join pg_roles g on g.oid = m.roleid
    where m.member = r.oid
  ), '{}') as member_of,
  shobj_description(r.oid, 'pg_authid') as comment,
  r.oid in (select role from closure) as referenced
from pg_roles r
where r.rolname !~ '^pg_'
order by r.rolname

-- Every role but the pg_* ones, never a password (pg_roles shows none), each
-- marked "referenced" when an object in the read scope refers to it, it has
-- settings that apply in the current database, or a
-- referenced role is a member of it (transitively). Memberships sorted, with
-- their options where not the defaults (PostgreSQL 16: a grant may set INHERIT
-- other than the member's own, and SET FALSE; one membership may be granted by
-- several grantors: each option set once).
with recursive
-- Each catalog scanned once (materialized: the planner would otherwise walk
-- pg_attribute by index for every relation), owners and the grantees of every
-- distinct ACL (objects share a few ACLs: exploding each distinct one, not each
-- object's, keeps this cheap).
scope_ns as materialized (
  select n.oid, n.nspowner, n.nspacl from pg_namespace n where {{in_scope n}}
), rels as materialized (
  select c.oid, c.relowner, c.relacl from pg_class c
  where c.relnamespace in (select oid from scope_ns)
), col_acls as materialized (
  select a.attrelid, a.attacl from pg_attribute a where a.attacl is not null
), procs as materialized (
  select p.proowner, p.proacl from pg_proc p
  where p.pronamespace in (select oid from scope_ns)
), types as materialized (
  select t.typowner, t.typacl from pg_type t
  where t.typnamespace in (select oid from scope_ns)
), refs(role) as (
  select nspowner from scope_ns
  union select relowner from rels
  union select proowner from procs
  union select typowner from types
  union select (aclexplode(acls.acl)).grantee from (
    select nspacl as acl from scope_ns where nspacl is not null
    union select relacl from rels where relacl is not null
    union select ca.attacl from col_acls ca where ca.attrelid in (select oid from rels)
    union select proacl from procs where proacl is not null
    union select typacl from types where typacl is not null
    union select d.defaclacl from pg_default_acl d
  ) acls
  union select unnest(pol.polroles) from pg_policy pol
    where pol.polrelid in (select oid from rels)
  union select d.defaclrole from pg_default_acl d
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
), grants as (
  select m.member, g.rolname,
    nullif(concat_ws(', ',
      case when m.admin_option then 'admin option' end,
      case when m.inherit_option <> mr.rolinherit
           then case when m.inherit_option then 'inherit' else 'no inherit' end end,
      case when not m.set_option then 'no set' end), '') as options
  from pg_auth_members m
  join pg_roles g on g.oid = m.roleid
  join pg_roles mr on mr.oid = m.member
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
    select array_agg(distinct quote_ident(x.rolname) || coalesce(' (' || x.options || ')', '')
                     order by quote_ident(x.rolname) || coalesce(' (' || x.options || ')', ''))
    from grants x
    where x.member = r.oid
  ), '{}') as member_of,
  shobj_description(r.oid, 'pg_authid') as comment,
  r.oid in (select role from closure) as referenced
from pg_roles r
where r.rolname !~ '^pg_'
order by r.rolname

-- Roles are cluster-wide: the two databases of a case share them, so no role
-- can differ here (tests/integration/test_roles.py starts a second cluster for
-- that). What this case proves: a role referred to on one side only (an owner,
-- a grantee, a policy role, default privileges) is the same role on the other
-- side, compared with it, and gives no finding; "missing" is never claimed for
-- a role the other side merely does not use.
do $$ begin
  create role "dbparity_role Ünï ""q"".select" nologin;
exception when duplicate_object or unique_violation then null;
end $$;
create schema "Role Schema";
create table "Role Schema".t (id int);
grant select on "Role Schema".t to "dbparity_role Ünï ""q"".select";
alter table "Role Schema".t enable row level security;
create policy p on "Role Schema".t for select to dbparity_service using (true);

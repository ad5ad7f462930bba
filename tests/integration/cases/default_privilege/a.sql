-- Roles of this case (cluster-wide, shared with the other side and other tests:
-- created if missing, never dropped or altered).
do $$
begin
  create role dbparity_default_privilege_owner nologin;
exception when duplicate_object or unique_violation then null;
end $$;
do $$
begin
  create role "dbparity_default_privilege Rôle.""x""" nologin;
exception when duplicate_object or unique_violation then null;
end $$;

create schema app;
create schema "My ""Odd"".Schéma";
create schema "select";
create schema gone;

-- A grant to anon on one side only; PUBLIC on the other side only.
alter default privileges for role dbparity_default_privilege_owner in schema app
  grant select on tables to dbparity_anon, dbparity_authenticated;
-- WITH GRANT OPTION on one side only.
alter default privileges for role dbparity_default_privilege_owner
  in schema "My ""Odd"".Schéma"
  grant usage on sequences to dbparity_service with grant option;
-- Functions not executable by PUBLIC, database-wide, on one side only.
alter default privileges for role dbparity_default_privilege_owner
  revoke execute on functions from public;
-- A role with an awkward name; one more privilege on the other side.
alter default privileges for role "dbparity_default_privilege Rôle.""x"""
  grant usage on schemas to dbparity_authenticated;
-- The same on both sides: no finding.
alter default privileges for role dbparity_default_privilege_owner in schema app
  grant execute on functions to dbparity_service;
alter default privileges for role dbparity_default_privilege_owner
  revoke usage on types from public;
-- Written out equal to the built-in default (no entry): no finding.
alter default privileges for role dbparity_default_privilege_owner
  grant all on tables to dbparity_default_privilege_owner;
alter default privileges for role dbparity_default_privilege_owner
  grant usage on types to dbparity_anon;
alter default privileges for role dbparity_default_privilege_owner
  revoke usage on types from dbparity_anon;
-- In a schema only this side has: follows from the schema.
alter default privileges for role dbparity_default_privilege_owner in schema gone
  grant select on tables to dbparity_anon;

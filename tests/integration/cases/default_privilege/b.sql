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

alter default privileges for role dbparity_default_privilege_owner in schema app
  grant select on tables to dbparity_authenticated, public;
alter default privileges for role dbparity_default_privilege_owner
  in schema "My ""Odd"".Schéma"
  grant usage on sequences to dbparity_service;
alter default privileges for role "dbparity_default_privilege Rôle.""x"""
  grant usage, create on schemas to dbparity_authenticated;
alter default privileges for role dbparity_default_privilege_owner in schema app
  grant execute on functions to dbparity_service;
alter default privileges for role dbparity_default_privilege_owner
  revoke usage on types from public;
-- An entry only this side has, in a schema named by a reserved word.
alter default privileges for role dbparity_default_privilege_owner in schema "select"
  grant usage on types to dbparity_anon;

-- What the Supabase platform gives every project, reduced to what the icraft
-- example needs, so that the example runs on a plain PostgreSQL 15 server.
--
-- Run as a superuser in each database of the pair. Roles belong to the whole
-- cluster, so they are only created when missing; everything else lives in the
-- database and is created fresh.

do $platform$
declare
  r record;
begin
  for r in
    select * from (values
      ('anon', 'nologin noinherit'),
      ('authenticated', 'nologin noinherit'),
      ('service_role', 'nologin noinherit bypassrls')
    ) as v(name, options)
  loop
    if not exists (select from pg_roles where rolname = r.name) then
      begin
        execute format('create role %I %s', r.name, r.options);
      exception when duplicate_object or unique_violation then
        null;  -- another session building the example created it just now
      end;
    end if;
  end loop;
end
$platform$;

create schema if not exists extensions;
create schema if not exists auth;
create schema if not exists supabase_migrations;

grant usage on schema extensions to anon, authenticated, service_role;
grant usage on schema auth to anon, authenticated, service_role;
grant usage on schema public to anon, authenticated, service_role;

-- The identity provider's user table, as far as foreign keys need it.
create table if not exists auth.users (
  id uuid primary key
);

-- The caller's user id, taken from the JWT claims PostgREST sets per request.
create or replace function auth.uid() returns uuid
language sql stable
as $fn$
  select nullif(current_setting('request.jwt.claim.sub', true), '')::uuid
$fn$;

grant execute on function auth.uid() to anon, authenticated, service_role;

-- The history written by `supabase db push` / `supabase migration up`.
create table if not exists supabase_migrations.schema_migrations (
  version text primary key,
  name text,
  statements text[]
);

-- New objects in public get the platform's usual grants: the API roles reach
-- tables through row level security; anonymous access is granted table by table.
alter default privileges in schema public
  grant select, insert, update, delete on tables to authenticated;
alter default privileges in schema public
  grant all on tables to service_role;
alter default privileges in schema public
  grant usage, select on sequences to authenticated, service_role;
alter default privileges in schema public
  grant execute on functions to anon, authenticated, service_role;
-- Functions are not executable by PUBLIC by default (only the API roles above).
alter default privileges revoke execute on functions from public;

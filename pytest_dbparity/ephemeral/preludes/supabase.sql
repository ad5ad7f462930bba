-- What a Supabase project provides before its first migration runs, recreated on a
-- plain PostgreSQL server so that Supabase migrations apply to a throwaway one:
-- the API roles, the platform's schemas, a minimal auth.users, the auth.uid(),
-- auth.role(), auth.jwt() helpers, minimal storage tables and the default
-- privileges of the public schema.
--
-- Run as a superuser. Idempotent: it may run again on the same database, and in
-- any number of databases of one server (roles belong to the whole server).
-- Objects are far smaller than the platform's own; only what migrations
-- commonly reference is here.

-- ------------------------------------------------------------------ roles

do $prelude$
declare
  wanted record;
begin
  for wanted in
    select * from (values
      ('anon', 'nologin noinherit'),
      ('authenticated', 'nologin noinherit'),
      ('service_role', 'nologin noinherit bypassrls'),
      ('supabase_admin', 'nologin createrole createdb bypassrls')
    ) as v(rolname, options)
  loop
    if not exists (select from pg_catalog.pg_roles r where r.rolname = wanted.rolname)
    then
      begin
        execute format('create role %I %s', wanted.rolname, wanted.options);
      exception when duplicate_object or unique_violation then
        null;  -- created by a concurrent session just now
      end;
    end if;
  end loop;

  -- The platform's superuser may act as the API roles (set role anon; ...).
  if exists (select from pg_catalog.pg_roles r where r.rolname = 'postgres') then
    if not pg_catalog.pg_has_role('postgres', 'anon', 'member') then
      grant anon to postgres;
    end if;
    if not pg_catalog.pg_has_role('postgres', 'authenticated', 'member') then
      grant authenticated to postgres;
    end if;
    if not pg_catalog.pg_has_role('postgres', 'service_role', 'member') then
      grant service_role to postgres;
    end if;
  end if;
end
$prelude$;

-- ------------------------------------------------------------------ schemas

create schema if not exists extensions;
create schema if not exists auth;
create schema if not exists storage;
create schema if not exists graphql_public;
create schema if not exists supabase_migrations;

grant usage on schema public to anon, authenticated, service_role;
grant usage on schema extensions to anon, authenticated, service_role;
grant usage on schema auth to anon, authenticated, service_role;
grant usage on schema storage to anon, authenticated, service_role;
grant usage on schema graphql_public to anon, authenticated, service_role;

-- The extensions every Supabase project has, where the server ships them
-- (postgresql-contrib); a server without them simply goes without.
do $prelude$
begin
  create extension if not exists pgcrypto with schema extensions;
  create extension if not exists "uuid-ossp" with schema extensions;
exception when undefined_file or feature_not_supported then
  raise notice 'contrib extensions are not available: %', sqlerrm;
end
$prelude$;

-- ------------------------------------------------------------------ auth

create table if not exists auth.users (
  instance_id uuid,
  id uuid not null primary key,
  aud varchar(255),
  role varchar(255),
  email varchar(255),
  encrypted_password varchar(255),
  email_confirmed_at timestamptz,
  invited_at timestamptz,
  confirmation_sent_at timestamptz,
  recovery_sent_at timestamptz,
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb,
  raw_user_meta_data jsonb,
  is_super_admin boolean,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  phone text unique,
  phone_confirmed_at timestamptz,
  banned_until timestamptz,
  deleted_at timestamptz,
  is_sso_user boolean not null default false,
  is_anonymous boolean not null default false
);

create index if not exists users_instance_id_email_idx
  on auth.users (instance_id, lower(email));

-- The claims PostgREST sets per request: the whole JWT in request.jwt.claims
-- (PostgREST 9+), or one setting per claim, request.jwt.claim.<name> (older).
create or replace function auth.jwt() returns jsonb
language sql stable
as $fn$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$fn$;

create or replace function auth.uid() returns uuid
language sql stable
as $fn$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub'
  )::uuid
$fn$;

create or replace function auth.role() returns text
language sql stable
as $fn$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role'
  )::text
$fn$;

create or replace function auth.email() returns text
language sql stable
as $fn$
  select coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email'
  )::text
$fn$;

grant execute on function auth.jwt(), auth.uid(), auth.role(), auth.email()
  to anon, authenticated, service_role;
grant select on table auth.users to service_role;

-- ------------------------------------------------------------------ storage

create table if not exists storage.buckets (
  id text not null primary key,
  name text not null,
  owner uuid,
  public boolean default false,
  avif_autodetection boolean default false,
  file_size_limit bigint,
  allowed_mime_types text[],
  created_at timestamptz default now(),
  updated_at timestamptz default now()
);

create unique index if not exists bname on storage.buckets (name);

create table if not exists storage.objects (
  id uuid not null default gen_random_uuid() primary key,
  bucket_id text references storage.buckets (id),
  name text,
  owner uuid,
  metadata jsonb,
  path_tokens text[] generated always as (string_to_array(name, '/')) stored,
  version text,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  last_accessed_at timestamptz default now()
);

create unique index if not exists bucketid_objname
  on storage.objects (bucket_id, name);

alter table storage.buckets enable row level security;
alter table storage.objects enable row level security;

-- The path helpers storage policies use: folders, file name, extension.
create or replace function storage.foldername(name text) returns text[]
language sql immutable
as $fn$
  select (string_to_array(name, '/'))[1:cardinality(string_to_array(name, '/')) - 1]
$fn$;

create or replace function storage.filename(name text) returns text
language sql immutable
as $fn$
  select (string_to_array(name, '/'))[cardinality(string_to_array(name, '/'))]
$fn$;

create or replace function storage.extension(name text) returns text
language sql immutable
as $fn$
  select case
    when storage.filename(name) like '%.%'
    then reverse(split_part(reverse(storage.filename(name)), '.', 1))
    else ''
  end
$fn$;

grant all on table storage.buckets, storage.objects
  to anon, authenticated, service_role;

-- ------------------------------------------------------------------ privileges

-- Like the platform: what the current role (the one that runs the migrations)
-- creates in public is reachable by the API roles; row level security decides.
alter default privileges in schema public
  grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public
  grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public
  grant all on functions to anon, authenticated, service_role;

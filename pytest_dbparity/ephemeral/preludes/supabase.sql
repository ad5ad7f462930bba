-- What a Supabase project provides before its first migration runs, recreated on a
-- plain PostgreSQL server so that Supabase migrations apply to a throwaway one.
--
-- Two parts. Written by hand: the API roles, the schemas, auth.users,
-- storage.buckets and storage.objects with the columns migrations use, the
-- auth.uid(), auth.role(), auth.jwt(), auth.email() helpers, storage's path
-- helpers and the default privileges of the public schema. Generated (at the
-- end, between the markers) from the platform profile's record of a fresh
-- project (pytest_dbparity/platform/supabase.json, "fresh"): every table the
-- platform has in its schemas with its RLS state, and the grants a fresh project
-- gives anon, authenticated, service_role and PUBLIC on the platform's schemas,
-- tables, sequences and functions. So a migrations: environment built on this
-- prelude and read with the profile shows what a fresh project shows; only the
-- migrations' own changes differ. Regenerate the second part with
--   python -m pytest_dbparity.platform.build_profile \
--     pytest_dbparity/platform/supabase.json \
--     --prelude pytest_dbparity/ephemeral/preludes/supabase.sql
-- (tests/unit/test_platform_fresh.py checks it is in step).
--
-- Run as a superuser. Idempotent: it may run again on the same database, and in
-- any number of databases of one server (roles belong to the whole server).

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

-- A fresh project grants nothing on auth's helpers beyond PUBLIC's EXECUTE.

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

-- ------------------------------------------------------------------ privileges

-- Like the platform: what the current role (the one that runs the migrations)
-- creates in public is reachable by the API roles; row level security decides.
alter default privileges in schema public
  grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public
  grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public
  grant all on functions to anon, authenticated, service_role;

-- >>> generated from platform/supabase.json (fresh project); do not edit
create schema if not exists auth;
create schema if not exists extensions;
create schema if not exists graphql;
create schema if not exists graphql_public;
create schema if not exists realtime;
create schema if not exists storage;
create schema if not exists supabase_functions;
create table if not exists auth.audit_log_entries ();
create table if not exists auth.custom_oauth_providers ();
create table if not exists auth.flow_state ();
create table if not exists auth.identities ();
create table if not exists auth.instances ();
create table if not exists auth.mfa_amr_claims ();
create table if not exists auth.mfa_challenges ();
create table if not exists auth.mfa_factors ();
create table if not exists auth.oauth_authorizations ();
create table if not exists auth.oauth_client_states ();
create table if not exists auth.oauth_clients ();
create table if not exists auth.oauth_consents ();
create table if not exists auth.one_time_tokens ();
create table if not exists auth.refresh_tokens ();
create table if not exists auth.saml_providers ();
create table if not exists auth.saml_relay_states ();
create table if not exists auth.schema_migrations ();
create table if not exists auth.sessions ();
create table if not exists auth.sso_domains ();
create table if not exists auth.sso_providers ();
create table if not exists auth.users ();
create table if not exists auth.webauthn_challenges ();
create table if not exists auth.webauthn_credentials ();
create table if not exists realtime.messages ();
create table if not exists realtime.subscription ();
create table if not exists storage.buckets ();
create table if not exists storage.buckets_analytics ();
create table if not exists storage.buckets_vectors ();
create table if not exists storage.iceberg_namespaces ();
create table if not exists storage.iceberg_tables ();
create table if not exists storage.migrations ();
create table if not exists storage.objects ();
create table if not exists storage.s3_multipart_uploads ();
create table if not exists storage.s3_multipart_uploads_parts ();
create table if not exists storage.vector_indexes ();
create table if not exists supabase_functions.hooks ();
create table if not exists supabase_functions.migrations ();
create sequence if not exists auth.refresh_tokens_id_seq;
create sequence if not exists supabase_functions.hooks_id_seq;
alter table auth.audit_log_entries enable row level security;
alter table auth.custom_oauth_providers disable row level security;
alter table auth.flow_state enable row level security;
alter table auth.identities enable row level security;
alter table auth.instances enable row level security;
alter table auth.mfa_amr_claims enable row level security;
alter table auth.mfa_challenges enable row level security;
alter table auth.mfa_factors enable row level security;
alter table auth.oauth_authorizations disable row level security;
alter table auth.oauth_client_states disable row level security;
alter table auth.oauth_clients disable row level security;
alter table auth.oauth_consents disable row level security;
alter table auth.one_time_tokens enable row level security;
alter table auth.refresh_tokens enable row level security;
alter table auth.saml_providers enable row level security;
alter table auth.saml_relay_states enable row level security;
alter table auth.schema_migrations enable row level security;
alter table auth.sessions enable row level security;
alter table auth.sso_domains enable row level security;
alter table auth.sso_providers enable row level security;
alter table auth.users enable row level security;
alter table auth.webauthn_challenges disable row level security;
alter table auth.webauthn_credentials disable row level security;
alter table realtime.messages enable row level security;
alter table realtime.subscription disable row level security;
alter table storage.buckets enable row level security;
alter table storage.buckets_analytics enable row level security;
alter table storage.buckets_vectors enable row level security;
alter table storage.iceberg_namespaces enable row level security;
alter table storage.iceberg_tables enable row level security;
alter table storage.migrations enable row level security;
alter table storage.objects enable row level security;
alter table storage.s3_multipart_uploads enable row level security;
alter table storage.s3_multipart_uploads_parts enable row level security;
alter table storage.vector_indexes enable row level security;
alter table supabase_functions.hooks disable row level security;
alter table supabase_functions.migrations disable row level security;
revoke all on table auth.audit_log_entries from anon, authenticated, service_role, public;
revoke all on table auth.custom_oauth_providers from anon, authenticated, service_role, public;
revoke all on table auth.flow_state from anon, authenticated, service_role, public;
revoke all on table auth.identities from anon, authenticated, service_role, public;
revoke all on table auth.instances from anon, authenticated, service_role, public;
revoke all on table auth.mfa_amr_claims from anon, authenticated, service_role, public;
revoke all on table auth.mfa_challenges from anon, authenticated, service_role, public;
revoke all on table auth.mfa_factors from anon, authenticated, service_role, public;
revoke all on table auth.oauth_authorizations from anon, authenticated, service_role, public;
revoke all on table auth.oauth_client_states from anon, authenticated, service_role, public;
revoke all on table auth.oauth_clients from anon, authenticated, service_role, public;
revoke all on table auth.oauth_consents from anon, authenticated, service_role, public;
revoke all on table auth.one_time_tokens from anon, authenticated, service_role, public;
revoke all on table auth.refresh_tokens from anon, authenticated, service_role, public;
revoke all on table auth.saml_providers from anon, authenticated, service_role, public;
revoke all on table auth.saml_relay_states from anon, authenticated, service_role, public;
revoke all on table auth.schema_migrations from anon, authenticated, service_role, public;
revoke all on table auth.sessions from anon, authenticated, service_role, public;
revoke all on table auth.sso_domains from anon, authenticated, service_role, public;
revoke all on table auth.sso_providers from anon, authenticated, service_role, public;
revoke all on table auth.users from anon, authenticated, service_role, public;
revoke all on table auth.webauthn_challenges from anon, authenticated, service_role, public;
revoke all on table auth.webauthn_credentials from anon, authenticated, service_role, public;
revoke all on table realtime.messages from anon, authenticated, service_role, public;
revoke all on table realtime.subscription from anon, authenticated, service_role, public;
revoke all on table storage.buckets from anon, authenticated, service_role, public;
revoke all on table storage.buckets_analytics from anon, authenticated, service_role, public;
revoke all on table storage.buckets_vectors from anon, authenticated, service_role, public;
revoke all on table storage.iceberg_namespaces from anon, authenticated, service_role, public;
revoke all on table storage.iceberg_tables from anon, authenticated, service_role, public;
revoke all on table storage.migrations from anon, authenticated, service_role, public;
revoke all on table storage.objects from anon, authenticated, service_role, public;
revoke all on table storage.s3_multipart_uploads from anon, authenticated, service_role, public;
revoke all on table storage.s3_multipart_uploads_parts from anon, authenticated, service_role, public;
revoke all on table storage.vector_indexes from anon, authenticated, service_role, public;
revoke all on table supabase_functions.hooks from anon, authenticated, service_role, public;
revoke all on table supabase_functions.migrations from anon, authenticated, service_role, public;
revoke all on sequence auth.refresh_tokens_id_seq from anon, authenticated, service_role, public;
revoke all on sequence supabase_functions.hooks_id_seq from anon, authenticated, service_role, public;
grant usage on schema auth to anon;
grant usage on schema auth to authenticated;
grant usage on schema auth to service_role;
grant usage on schema extensions to anon;
grant usage on schema extensions to authenticated;
grant usage on schema extensions to service_role;
grant usage on schema graphql to anon;
grant usage on schema graphql to authenticated;
grant usage on schema graphql to service_role;
grant usage on schema graphql_public to anon;
grant usage on schema graphql_public to authenticated;
grant usage on schema graphql_public to service_role;
grant usage on schema realtime to anon;
grant usage on schema realtime to authenticated;
grant usage on schema realtime to service_role;
grant usage on schema storage to anon;
grant usage on schema storage to authenticated;
grant usage on schema storage to service_role;
grant usage on schema supabase_functions to anon;
grant usage on schema supabase_functions to authenticated;
grant usage on schema supabase_functions to service_role;
grant all on sequence supabase_functions.hooks_id_seq to anon;
grant all on sequence supabase_functions.hooks_id_seq to authenticated;
grant all on sequence supabase_functions.hooks_id_seq to service_role;
grant insert, select, update on table realtime.messages to anon;
grant insert, select, update on table realtime.messages to authenticated;
grant insert, select, update on table realtime.messages to service_role;
grant select on table realtime.subscription to anon;
grant select on table realtime.subscription to authenticated;
grant select on table realtime.subscription to service_role;
grant all on table storage.buckets to anon;
grant all on table storage.buckets to authenticated;
grant all on table storage.buckets to service_role;
grant all on table storage.buckets_analytics to anon;
grant all on table storage.buckets_analytics to authenticated;
grant all on table storage.buckets_analytics to service_role;
grant all on table storage.buckets_vectors to anon;
grant all on table storage.buckets_vectors to authenticated;
grant all on table storage.buckets_vectors to service_role;
grant select on table storage.iceberg_namespaces to anon;
grant select on table storage.iceberg_namespaces to authenticated;
grant all on table storage.iceberg_namespaces to service_role;
grant select on table storage.iceberg_tables to anon;
grant select on table storage.iceberg_tables to authenticated;
grant all on table storage.iceberg_tables to service_role;
grant all on table storage.migrations to anon;
grant all on table storage.migrations to authenticated;
grant all on table storage.migrations to service_role;
grant all on table storage.objects to anon;
grant all on table storage.objects to authenticated;
grant all on table storage.objects to service_role;
grant select on table storage.s3_multipart_uploads to anon;
grant select on table storage.s3_multipart_uploads to authenticated;
grant all on table storage.s3_multipart_uploads to service_role;
grant select on table storage.s3_multipart_uploads_parts to anon;
grant select on table storage.s3_multipart_uploads_parts to authenticated;
grant all on table storage.s3_multipart_uploads_parts to service_role;
grant all on table storage.vector_indexes to anon;
grant all on table storage.vector_indexes to authenticated;
grant all on table storage.vector_indexes to service_role;
grant all on table supabase_functions.hooks to anon;
grant all on table supabase_functions.hooks to authenticated;
grant all on table supabase_functions.hooks to service_role;
grant all on table supabase_functions.migrations to anon;
grant all on table supabase_functions.migrations to authenticated;
grant all on table supabase_functions.migrations to service_role;
do $grants$
declare r record;
begin
  for r in
    select p.oid::regprocedure as f, v.grant_
    from (values
      ('graphql_public', 'graphql', 'all on function %s to anon'),
      ('graphql_public', 'graphql', 'all on function %s to authenticated'),
      ('graphql_public', 'graphql', 'all on function %s to service_role'),
      ('realtime', 'cast', 'all on function %s to anon'),
      ('realtime', 'cast', 'all on function %s to authenticated'),
      ('realtime', 'cast', 'all on function %s to service_role'),
      ('realtime', 'apply_rls', 'all on function %s to anon'),
      ('realtime', 'apply_rls', 'all on function %s to authenticated'),
      ('realtime', 'apply_rls', 'all on function %s to service_role'),
      ('realtime', 'build_prepared_statement_sql', 'all on function %s to anon'),
      ('realtime', 'build_prepared_statement_sql', 'all on function %s to authenticated'),
      ('realtime', 'build_prepared_statement_sql', 'all on function %s to service_role'),
      ('realtime', 'check_equality_op', 'all on function %s to anon'),
      ('realtime', 'check_equality_op', 'all on function %s to authenticated'),
      ('realtime', 'check_equality_op', 'all on function %s to service_role'),
      ('realtime', 'is_visible_through_filters', 'all on function %s to anon'),
      ('realtime', 'is_visible_through_filters', 'all on function %s to authenticated'),
      ('realtime', 'is_visible_through_filters', 'all on function %s to service_role'),
      ('realtime', 'list_changes', 'all on function %s to anon'),
      ('realtime', 'list_changes', 'all on function %s to authenticated'),
      ('realtime', 'list_changes', 'all on function %s to service_role'),
      ('realtime', 'quote_wal2json', 'all on function %s to anon'),
      ('realtime', 'quote_wal2json', 'all on function %s to authenticated'),
      ('realtime', 'quote_wal2json', 'all on function %s to service_role'),
      ('realtime', 'subscription_check_filters', 'all on function %s to anon'),
      ('realtime', 'subscription_check_filters', 'all on function %s to authenticated'),
      ('realtime', 'subscription_check_filters', 'all on function %s to service_role'),
      ('realtime', 'to_regrole', 'all on function %s to anon'),
      ('realtime', 'to_regrole', 'all on function %s to authenticated'),
      ('realtime', 'to_regrole', 'all on function %s to service_role'),
      ('storage', 'add_prefixes', 'all on function %s to anon'),
      ('storage', 'add_prefixes', 'all on function %s to authenticated'),
      ('storage', 'add_prefixes', 'all on function %s to service_role'),
      ('storage', 'allow_any_operation', 'all on function %s to anon'),
      ('storage', 'allow_any_operation', 'all on function %s to authenticated'),
      ('storage', 'allow_any_operation', 'all on function %s to service_role'),
      ('storage', 'allow_only_operation', 'all on function %s to anon'),
      ('storage', 'allow_only_operation', 'all on function %s to authenticated'),
      ('storage', 'allow_only_operation', 'all on function %s to service_role'),
      ('storage', 'can_insert_object', 'all on function %s to anon'),
      ('storage', 'can_insert_object', 'all on function %s to authenticated'),
      ('storage', 'can_insert_object', 'all on function %s to service_role'),
      ('storage', 'delete_leaf_prefixes', 'all on function %s to anon'),
      ('storage', 'delete_leaf_prefixes', 'all on function %s to authenticated'),
      ('storage', 'delete_leaf_prefixes', 'all on function %s to service_role'),
      ('storage', 'delete_prefix', 'all on function %s to anon'),
      ('storage', 'delete_prefix', 'all on function %s to authenticated'),
      ('storage', 'delete_prefix', 'all on function %s to service_role'),
      ('storage', 'delete_prefix_hierarchy_trigger', 'all on function %s to anon'),
      ('storage', 'delete_prefix_hierarchy_trigger', 'all on function %s to authenticated'),
      ('storage', 'delete_prefix_hierarchy_trigger', 'all on function %s to service_role'),
      ('storage', 'enforce_bucket_name_length', 'all on function %s to anon'),
      ('storage', 'enforce_bucket_name_length', 'all on function %s to authenticated'),
      ('storage', 'enforce_bucket_name_length', 'all on function %s to service_role'),
      ('storage', 'extension', 'all on function %s to anon'),
      ('storage', 'extension', 'all on function %s to authenticated'),
      ('storage', 'extension', 'all on function %s to service_role'),
      ('storage', 'filename', 'all on function %s to anon'),
      ('storage', 'filename', 'all on function %s to authenticated'),
      ('storage', 'filename', 'all on function %s to service_role'),
      ('storage', 'foldername', 'all on function %s to anon'),
      ('storage', 'foldername', 'all on function %s to authenticated'),
      ('storage', 'foldername', 'all on function %s to service_role'),
      ('storage', 'get_common_prefix', 'all on function %s to anon'),
      ('storage', 'get_common_prefix', 'all on function %s to authenticated'),
      ('storage', 'get_common_prefix', 'all on function %s to service_role'),
      ('storage', 'get_level', 'all on function %s to anon'),
      ('storage', 'get_level', 'all on function %s to authenticated'),
      ('storage', 'get_level', 'all on function %s to service_role'),
      ('storage', 'get_prefix', 'all on function %s to anon'),
      ('storage', 'get_prefix', 'all on function %s to authenticated'),
      ('storage', 'get_prefix', 'all on function %s to service_role'),
      ('storage', 'get_prefixes', 'all on function %s to anon'),
      ('storage', 'get_prefixes', 'all on function %s to authenticated'),
      ('storage', 'get_prefixes', 'all on function %s to service_role'),
      ('storage', 'get_size_by_bucket', 'all on function %s to anon'),
      ('storage', 'get_size_by_bucket', 'all on function %s to authenticated'),
      ('storage', 'get_size_by_bucket', 'all on function %s to service_role'),
      ('storage', 'list_multipart_uploads_with_delimiter', 'all on function %s to anon'),
      ('storage', 'list_multipart_uploads_with_delimiter', 'all on function %s to authenticated'),
      ('storage', 'list_multipart_uploads_with_delimiter', 'all on function %s to service_role'),
      ('storage', 'list_objects_with_delimiter', 'all on function %s to anon'),
      ('storage', 'list_objects_with_delimiter', 'all on function %s to authenticated'),
      ('storage', 'list_objects_with_delimiter', 'all on function %s to service_role'),
      ('storage', 'lock_top_prefixes', 'all on function %s to anon'),
      ('storage', 'lock_top_prefixes', 'all on function %s to authenticated'),
      ('storage', 'lock_top_prefixes', 'all on function %s to service_role'),
      ('storage', 'objects_delete_cleanup', 'all on function %s to anon'),
      ('storage', 'objects_delete_cleanup', 'all on function %s to authenticated'),
      ('storage', 'objects_delete_cleanup', 'all on function %s to service_role'),
      ('storage', 'objects_insert_prefix_trigger', 'all on function %s to anon'),
      ('storage', 'objects_insert_prefix_trigger', 'all on function %s to authenticated'),
      ('storage', 'objects_insert_prefix_trigger', 'all on function %s to service_role'),
      ('storage', 'objects_update_cleanup', 'all on function %s to anon'),
      ('storage', 'objects_update_cleanup', 'all on function %s to authenticated'),
      ('storage', 'objects_update_cleanup', 'all on function %s to service_role'),
      ('storage', 'objects_update_level_trigger', 'all on function %s to anon'),
      ('storage', 'objects_update_level_trigger', 'all on function %s to authenticated'),
      ('storage', 'objects_update_level_trigger', 'all on function %s to service_role'),
      ('storage', 'objects_update_prefix_trigger', 'all on function %s to anon'),
      ('storage', 'objects_update_prefix_trigger', 'all on function %s to authenticated'),
      ('storage', 'objects_update_prefix_trigger', 'all on function %s to service_role'),
      ('storage', 'operation', 'all on function %s to anon'),
      ('storage', 'operation', 'all on function %s to authenticated'),
      ('storage', 'operation', 'all on function %s to service_role'),
      ('storage', 'prefixes_delete_cleanup', 'all on function %s to anon'),
      ('storage', 'prefixes_delete_cleanup', 'all on function %s to authenticated'),
      ('storage', 'prefixes_delete_cleanup', 'all on function %s to service_role'),
      ('storage', 'prefixes_insert_trigger', 'all on function %s to anon'),
      ('storage', 'prefixes_insert_trigger', 'all on function %s to authenticated'),
      ('storage', 'prefixes_insert_trigger', 'all on function %s to service_role'),
      ('storage', 'protect_delete', 'all on function %s to anon'),
      ('storage', 'protect_delete', 'all on function %s to authenticated'),
      ('storage', 'protect_delete', 'all on function %s to service_role'),
      ('storage', 'search', 'all on function %s to anon'),
      ('storage', 'search', 'all on function %s to authenticated'),
      ('storage', 'search', 'all on function %s to service_role'),
      ('storage', 'search_by_timestamp', 'all on function %s to anon'),
      ('storage', 'search_by_timestamp', 'all on function %s to authenticated'),
      ('storage', 'search_by_timestamp', 'all on function %s to service_role'),
      ('storage', 'search_legacy_v1', 'all on function %s to anon'),
      ('storage', 'search_legacy_v1', 'all on function %s to authenticated'),
      ('storage', 'search_legacy_v1', 'all on function %s to service_role'),
      ('storage', 'search_v1_optimised', 'all on function %s to anon'),
      ('storage', 'search_v1_optimised', 'all on function %s to authenticated'),
      ('storage', 'search_v1_optimised', 'all on function %s to service_role'),
      ('storage', 'search_v2', 'all on function %s to anon'),
      ('storage', 'search_v2', 'all on function %s to authenticated'),
      ('storage', 'search_v2', 'all on function %s to service_role'),
      ('supabase_functions', 'http_request', 'all on function %s to anon'),
      ('supabase_functions', 'http_request', 'all on function %s to authenticated'),
      ('supabase_functions', 'http_request', 'all on function %s to service_role')
    ) as v(schema_, name_, grant_)
    join pg_catalog.pg_namespace n on n.nspname = v.schema_
    join pg_catalog.pg_proc p on p.pronamespace = n.oid and p.proname = v.name_
  loop
    execute format('grant ' || r.grant_, r.f);
  end loop;
end
$grants$;
-- <<< end of generated part

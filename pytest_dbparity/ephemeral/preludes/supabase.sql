-- What a Supabase project provides before its first migration runs, recreated on a
-- plain PostgreSQL server so that Supabase migrations apply to a throwaway one.
--
-- Two parts. Written by hand: the API roles, the schemas, auth.users,
-- storage.buckets and storage.objects with the columns migrations use, the
-- auth.uid(), auth.role(), auth.jwt(), auth.email() helpers, storage's path
-- helpers, stand-ins for the platform's functions with fixed signatures (event
-- trigger functions, graphql_public.graphql, pgbouncer.get_auth, the webhooks'
-- supabase_functions.http_request, supabase_subscription_mgmt's) and the
-- default privileges of the public schema. Generated (at the
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
-- The platform roles' attributes, memberships and settings as a fresh project
-- has them are NOT set here: they are in supabase-roles.sql, which runs before
-- this file only on a throwaway server the run owns (load_prelude(...,
-- owned_server=True)), since roles belong to the whole server. This file only
-- creates the API roles where missing.
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

grant usage on schema public to postgres, anon, authenticated, service_role;

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

-- ------------------------------------------------------------------ realtime

-- Every project has the (empty) publication realtime streams from; migrations
-- add their tables to it (alter publication supabase_realtime add table ...).
do $pub$
begin
  if not exists (select from pg_catalog.pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
end
$pub$;

-- ------------------------------------------------------------------ platform functions

-- Functions every project has, with fixed signatures. Here they do nothing (a
-- throwaway server has no pg_net, pg_graphql or pgbouncer) but they exist, so
-- that migrations naming them apply (a database webhook is a trigger calling
-- supabase_functions.http_request(...)), and their grants compare as a
-- project's do (set in the generated part below).

create schema if not exists pgbouncer;
create schema if not exists supabase_functions;
create schema if not exists supabase_subscription_mgmt;

create or replace function extensions.grant_pg_cron_access() returns event_trigger
language plpgsql as $fn$ begin end $fn$;
create or replace function extensions.grant_pg_graphql_access() returns event_trigger
language plpgsql as $fn$ begin end $fn$;
create or replace function extensions.grant_pg_net_access() returns event_trigger
language plpgsql as $fn$ begin end $fn$;
create or replace function extensions.pgrst_ddl_watch() returns event_trigger
language plpgsql as $fn$ begin end $fn$;
create or replace function extensions.pgrst_drop_watch() returns event_trigger
language plpgsql as $fn$ begin end $fn$;
create or replace function extensions.set_graphql_placeholder() returns event_trigger
language plpgsql as $fn$ begin end $fn$;

create or replace function graphql_public.graphql(
  "operationName" text default null,
  query text default null,
  variables jsonb default null,
  extensions jsonb default null
) returns jsonb
language sql stable
as $fn$
  select jsonb_build_object('errors', jsonb_build_array(jsonb_build_object(
    'message', 'pg_graphql is not available on this throwaway server')))
$fn$;

create or replace function pgbouncer.get_auth(p_usename text)
returns table (username text, password text)
language sql stable
as $fn$ select null::text, null::text where false $fn$;

-- A webhook fires and sends nothing.
create or replace function supabase_functions.http_request() returns trigger
language plpgsql
as $fn$ begin return coalesce(new, old); end $fn$;

create or replace function supabase_subscription_mgmt.pg_create_subscription(
  arg_subscription_name text,
  arg_connection_string text,
  arg_publication_name text,
  arg_slot_name text,
  arg_copy_data boolean default true,
  arg_origin text default 'any'
) returns void
language plpgsql
as $fn$ begin raise exception 'not available on a throwaway server'; end $fn$;
create or replace function supabase_subscription_mgmt.pg_alter_subscription_disable(
  arg_subscription_name text
) returns void
language plpgsql
as $fn$ begin raise exception 'not available on a throwaway server'; end $fn$;
create or replace function supabase_subscription_mgmt.pg_alter_subscription_enable(
  arg_subscription_name text
) returns void
language plpgsql
as $fn$ begin raise exception 'not available on a throwaway server'; end $fn$;
create or replace function supabase_subscription_mgmt.pg_drop_subscription(
  arg_subscription_name text
) returns void
language plpgsql
as $fn$ begin raise exception 'not available on a throwaway server'; end $fn$;

-- ------------------------------------------------------------------ privileges

-- As a fresh project has them: what the current role (postgres, which runs the
-- migrations) creates in public is reachable by the API roles (row level
-- security decides), and so is what the platform's superuser supabase_admin
-- creates there (supabase/postgres's initial schema).
alter default privileges in schema public
  grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges in schema public
  grant all on sequences to postgres, anon, authenticated, service_role;
alter default privileges in schema public
  grant all on functions to postgres, anon, authenticated, service_role;
do $defaults$
begin
  if exists (select from pg_catalog.pg_roles where rolname = 'supabase_admin') then
    alter default privileges for role supabase_admin in schema public
      grant all on sequences to postgres, anon, authenticated, service_role;
    alter default privileges for role supabase_admin in schema public
      grant all on tables to postgres, anon, authenticated, service_role;
    alter default privileges for role supabase_admin in schema public
      grant all on functions to postgres, anon, authenticated, service_role;
  end if;
end
$defaults$;

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
    select p.oid::regprocedure as f, v.statement
    from (values
      (1, 'auth', 'email', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (2, 'auth', 'jwt', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (3, 'auth', 'role', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (4, 'auth', 'uid', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (5, 'extensions', 'grant_pg_cron_access', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (6, 'extensions', 'grant_pg_graphql_access', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (7, 'extensions', 'grant_pg_net_access', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (8, 'extensions', 'pgrst_ddl_watch', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (9, 'extensions', 'pgrst_drop_watch', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (10, 'extensions', 'set_graphql_placeholder', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (11, 'graphql_public', 'graphql', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (12, 'pgbouncer', 'get_auth', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (13, 'realtime', 'cast', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (14, 'realtime', 'apply_rls', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (15, 'realtime', 'broadcast_changes', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (16, 'realtime', 'build_prepared_statement_sql', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (17, 'realtime', 'check_equality_op', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (18, 'realtime', 'is_visible_through_filters', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (19, 'realtime', 'list_changes', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (20, 'realtime', 'quote_wal2json', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (21, 'realtime', 'send', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (22, 'realtime', 'send_binary', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (23, 'realtime', 'subscription_check_filters', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (24, 'realtime', 'to_regrole', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (25, 'realtime', 'topic', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (26, 'realtime', 'wal2json_escape_identifier', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (27, 'storage', 'allow_any_operation', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (28, 'storage', 'allow_only_operation', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (29, 'storage', 'can_insert_object', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (30, 'storage', 'enforce_bucket_name_length', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (31, 'storage', 'extension', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (32, 'storage', 'filename', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (33, 'storage', 'foldername', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (34, 'storage', 'get_common_prefix', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (35, 'storage', 'get_size_by_bucket', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (36, 'storage', 'list_multipart_uploads_with_delimiter', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (37, 'storage', 'list_objects_with_delimiter', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (38, 'storage', 'operation', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (39, 'storage', 'protect_delete', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (40, 'storage', 'search', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (41, 'storage', 'search_by_timestamp', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (42, 'storage', 'search_v2', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (43, 'supabase_functions', 'http_request', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (44, 'supabase_subscription_mgmt', 'pg_alter_subscription_disable', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (45, 'supabase_subscription_mgmt', 'pg_alter_subscription_enable', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (46, 'supabase_subscription_mgmt', 'pg_create_subscription', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (47, 'supabase_subscription_mgmt', 'pg_drop_subscription', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (48, 'vault', 'secrets_encrypt_secret_secret', 'revoke all on function %s from anon, authenticated, service_role, public'),
      (49, 'auth', 'email', 'grant all on function %s to public'),
      (50, 'auth', 'jwt', 'grant all on function %s to public'),
      (51, 'auth', 'role', 'grant all on function %s to public'),
      (52, 'auth', 'uid', 'grant all on function %s to public'),
      (53, 'extensions', 'grant_pg_cron_access', 'grant all on function %s to public'),
      (54, 'extensions', 'grant_pg_graphql_access', 'grant all on function %s to public'),
      (55, 'extensions', 'grant_pg_net_access', 'grant all on function %s to public'),
      (56, 'extensions', 'pgrst_ddl_watch', 'grant all on function %s to public'),
      (57, 'extensions', 'pgrst_drop_watch', 'grant all on function %s to public'),
      (58, 'extensions', 'set_graphql_placeholder', 'grant all on function %s to public'),
      (59, 'graphql_public', 'graphql', 'grant all on function %s to public'),
      (60, 'realtime', 'cast', 'grant all on function %s to public'),
      (61, 'realtime', 'cast', 'grant all on function %s to anon'),
      (62, 'realtime', 'cast', 'grant all on function %s to authenticated'),
      (63, 'realtime', 'cast', 'grant all on function %s to service_role'),
      (64, 'realtime', 'apply_rls', 'grant all on function %s to public'),
      (65, 'realtime', 'apply_rls', 'grant all on function %s to anon'),
      (66, 'realtime', 'apply_rls', 'grant all on function %s to authenticated'),
      (67, 'realtime', 'apply_rls', 'grant all on function %s to service_role'),
      (68, 'realtime', 'broadcast_changes', 'grant all on function %s to public'),
      (69, 'realtime', 'build_prepared_statement_sql', 'grant all on function %s to public'),
      (70, 'realtime', 'build_prepared_statement_sql', 'grant all on function %s to anon'),
      (71, 'realtime', 'build_prepared_statement_sql', 'grant all on function %s to authenticated'),
      (72, 'realtime', 'build_prepared_statement_sql', 'grant all on function %s to service_role'),
      (73, 'realtime', 'check_equality_op', 'grant all on function %s to public'),
      (74, 'realtime', 'check_equality_op', 'grant all on function %s to anon'),
      (75, 'realtime', 'check_equality_op', 'grant all on function %s to authenticated'),
      (76, 'realtime', 'check_equality_op', 'grant all on function %s to service_role'),
      (77, 'realtime', 'is_visible_through_filters', 'grant all on function %s to public'),
      (78, 'realtime', 'is_visible_through_filters', 'grant all on function %s to anon'),
      (79, 'realtime', 'is_visible_through_filters', 'grant all on function %s to authenticated'),
      (80, 'realtime', 'is_visible_through_filters', 'grant all on function %s to service_role'),
      (81, 'realtime', 'list_changes', 'grant all on function %s to public'),
      (82, 'realtime', 'quote_wal2json', 'grant all on function %s to public'),
      (83, 'realtime', 'quote_wal2json', 'grant all on function %s to anon'),
      (84, 'realtime', 'quote_wal2json', 'grant all on function %s to authenticated'),
      (85, 'realtime', 'quote_wal2json', 'grant all on function %s to service_role'),
      (86, 'realtime', 'send', 'grant all on function %s to public'),
      (87, 'realtime', 'send_binary', 'grant all on function %s to public'),
      (88, 'realtime', 'subscription_check_filters', 'grant all on function %s to public'),
      (89, 'realtime', 'subscription_check_filters', 'grant all on function %s to anon'),
      (90, 'realtime', 'subscription_check_filters', 'grant all on function %s to authenticated'),
      (91, 'realtime', 'subscription_check_filters', 'grant all on function %s to service_role'),
      (92, 'realtime', 'to_regrole', 'grant all on function %s to public'),
      (93, 'realtime', 'to_regrole', 'grant all on function %s to anon'),
      (94, 'realtime', 'to_regrole', 'grant all on function %s to authenticated'),
      (95, 'realtime', 'to_regrole', 'grant all on function %s to service_role'),
      (96, 'realtime', 'topic', 'grant all on function %s to public'),
      (97, 'realtime', 'wal2json_escape_identifier', 'grant all on function %s to public'),
      (98, 'storage', 'allow_any_operation', 'grant all on function %s to public'),
      (99, 'storage', 'allow_any_operation', 'grant all on function %s to anon'),
      (100, 'storage', 'allow_any_operation', 'grant all on function %s to authenticated'),
      (101, 'storage', 'allow_any_operation', 'grant all on function %s to service_role'),
      (102, 'storage', 'allow_only_operation', 'grant all on function %s to public'),
      (103, 'storage', 'allow_only_operation', 'grant all on function %s to anon'),
      (104, 'storage', 'allow_only_operation', 'grant all on function %s to authenticated'),
      (105, 'storage', 'allow_only_operation', 'grant all on function %s to service_role'),
      (106, 'storage', 'can_insert_object', 'grant all on function %s to public'),
      (107, 'storage', 'can_insert_object', 'grant all on function %s to anon'),
      (108, 'storage', 'can_insert_object', 'grant all on function %s to authenticated'),
      (109, 'storage', 'can_insert_object', 'grant all on function %s to service_role'),
      (110, 'storage', 'enforce_bucket_name_length', 'grant all on function %s to public'),
      (111, 'storage', 'enforce_bucket_name_length', 'grant all on function %s to anon'),
      (112, 'storage', 'enforce_bucket_name_length', 'grant all on function %s to authenticated'),
      (113, 'storage', 'enforce_bucket_name_length', 'grant all on function %s to service_role'),
      (114, 'storage', 'extension', 'grant all on function %s to public'),
      (115, 'storage', 'extension', 'grant all on function %s to anon'),
      (116, 'storage', 'extension', 'grant all on function %s to authenticated'),
      (117, 'storage', 'extension', 'grant all on function %s to service_role'),
      (118, 'storage', 'filename', 'grant all on function %s to public'),
      (119, 'storage', 'filename', 'grant all on function %s to anon'),
      (120, 'storage', 'filename', 'grant all on function %s to authenticated'),
      (121, 'storage', 'filename', 'grant all on function %s to service_role'),
      (122, 'storage', 'foldername', 'grant all on function %s to public'),
      (123, 'storage', 'foldername', 'grant all on function %s to anon'),
      (124, 'storage', 'foldername', 'grant all on function %s to authenticated'),
      (125, 'storage', 'foldername', 'grant all on function %s to service_role'),
      (126, 'storage', 'get_common_prefix', 'grant all on function %s to public'),
      (127, 'storage', 'get_common_prefix', 'grant all on function %s to anon'),
      (128, 'storage', 'get_common_prefix', 'grant all on function %s to authenticated'),
      (129, 'storage', 'get_common_prefix', 'grant all on function %s to service_role'),
      (130, 'storage', 'get_size_by_bucket', 'grant all on function %s to public'),
      (131, 'storage', 'get_size_by_bucket', 'grant all on function %s to anon'),
      (132, 'storage', 'get_size_by_bucket', 'grant all on function %s to authenticated'),
      (133, 'storage', 'get_size_by_bucket', 'grant all on function %s to service_role'),
      (134, 'storage', 'list_multipart_uploads_with_delimiter', 'grant all on function %s to public'),
      (135, 'storage', 'list_multipart_uploads_with_delimiter', 'grant all on function %s to anon'),
      (136, 'storage', 'list_multipart_uploads_with_delimiter', 'grant all on function %s to authenticated'),
      (137, 'storage', 'list_multipart_uploads_with_delimiter', 'grant all on function %s to service_role'),
      (138, 'storage', 'list_objects_with_delimiter', 'grant all on function %s to public'),
      (139, 'storage', 'list_objects_with_delimiter', 'grant all on function %s to anon'),
      (140, 'storage', 'list_objects_with_delimiter', 'grant all on function %s to authenticated'),
      (141, 'storage', 'list_objects_with_delimiter', 'grant all on function %s to service_role'),
      (142, 'storage', 'operation', 'grant all on function %s to public'),
      (143, 'storage', 'operation', 'grant all on function %s to anon'),
      (144, 'storage', 'operation', 'grant all on function %s to authenticated'),
      (145, 'storage', 'operation', 'grant all on function %s to service_role'),
      (146, 'storage', 'protect_delete', 'grant all on function %s to public'),
      (147, 'storage', 'protect_delete', 'grant all on function %s to anon'),
      (148, 'storage', 'protect_delete', 'grant all on function %s to authenticated'),
      (149, 'storage', 'protect_delete', 'grant all on function %s to service_role'),
      (150, 'storage', 'search', 'grant all on function %s to public'),
      (151, 'storage', 'search', 'grant all on function %s to anon'),
      (152, 'storage', 'search', 'grant all on function %s to authenticated'),
      (153, 'storage', 'search', 'grant all on function %s to service_role'),
      (154, 'storage', 'search_by_timestamp', 'grant all on function %s to public'),
      (155, 'storage', 'search_by_timestamp', 'grant all on function %s to anon'),
      (156, 'storage', 'search_by_timestamp', 'grant all on function %s to authenticated'),
      (157, 'storage', 'search_by_timestamp', 'grant all on function %s to service_role'),
      (158, 'storage', 'search_v2', 'grant all on function %s to public'),
      (159, 'storage', 'search_v2', 'grant all on function %s to anon'),
      (160, 'storage', 'search_v2', 'grant all on function %s to authenticated'),
      (161, 'storage', 'search_v2', 'grant all on function %s to service_role'),
      (162, 'supabase_functions', 'http_request', 'grant all on function %s to anon'),
      (163, 'supabase_functions', 'http_request', 'grant all on function %s to authenticated'),
      (164, 'supabase_functions', 'http_request', 'grant all on function %s to service_role'),
      (165, 'supabase_subscription_mgmt', 'pg_alter_subscription_disable', 'grant all on function %s to public'),
      (166, 'supabase_subscription_mgmt', 'pg_alter_subscription_enable', 'grant all on function %s to public'),
      (167, 'supabase_subscription_mgmt', 'pg_create_subscription', 'grant all on function %s to public'),
      (168, 'supabase_subscription_mgmt', 'pg_drop_subscription', 'grant all on function %s to public'),
      (169, 'vault', 'secrets_encrypt_secret_secret', 'grant all on function %s to public')
    ) as v(n, schema_, name_, statement)
    join pg_catalog.pg_namespace s on s.nspname = v.schema_
    join pg_catalog.pg_proc p on p.pronamespace = s.oid and p.proname = v.name_
    order by v.n, p.oid
  loop
    execute format(r.statement, r.f);
  end loop;
end
$grants$;
-- <<< end of generated part

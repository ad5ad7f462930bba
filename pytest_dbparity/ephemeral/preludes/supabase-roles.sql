-- The platform roles of a Supabase project as a fresh project has them: anon,
-- authenticated, service_role, authenticator, supabase_admin and the services'
-- admin roles, with their attributes (LOGIN, INHERIT, BYPASSRLS, ...), the
-- roles each is a member of, and their settings (anon's statement_timeout 3s,
-- authenticated's 8s, authenticator's timeouts and preload libraries, ...).
--
-- Roles belong to a whole server, not a database: this file runs ONLY on a
-- throwaway server the run started itself (a migrations: environment with
-- prelude: supabase), before supabase.sql. It never runs on a server given by
-- DSN, nor with a prelude read from a file. The role postgres is not in it:
-- that server's bootstrap superuser is supabase_admin, postgres runs this file
-- and the migrations as a superuser, and gets a fresh project's state for it
-- (demoted) after them (ephemeral/build.py, platform/fresh.server_role_block).
--
-- Generated from the profile's records of a fresh project, per PostgreSQL
-- major (pytest_dbparity/platform/supabase.json, majors.<N>.fresh.roles and
-- .settings; what only some majors have, such as pgsodium's roles where the
-- image has that extension, runs only on a server of those majors); regenerate
-- with
--   python -m pytest_dbparity.platform.build_profile \
--     pytest_dbparity/platform/supabase.json \
--     --role-prelude pytest_dbparity/ephemeral/preludes/supabase-roles.sql
-- (tests/unit/test_platform_fresh.py checks it is in step).

-- >>> generated from platform/supabase.json (fresh project's roles); do not edit
do $role$ begin if not exists (select from pg_catalog.pg_roles where rolname = 'anon') then create role anon; end if; end $role$;
do $role$ begin if not exists (select from pg_catalog.pg_roles where rolname = 'authenticated') then create role authenticated; end if; end $role$;
do $role$ begin if not exists (select from pg_catalog.pg_roles where rolname = 'authenticator') then create role authenticator; end if; end $role$;
do $role$ begin if not exists (select from pg_catalog.pg_roles where rolname = 'dashboard_user') then create role dashboard_user; end if; end $role$;
do $majors$ begin
  if (case when current_setting('server_version_num')::int / 10000 >= 18 then 18 when current_setting('server_version_num')::int / 10000 >= 17 then 17 when current_setting('server_version_num')::int / 10000 >= 16 then 16 else 15 end) in (15, 16) then
    execute $sql$do $role$ begin if not exists (select from pg_catalog.pg_roles where rolname = 'pgsodium_keyholder') then create role pgsodium_keyholder; end if; end $role$;$sql$;
    execute $sql$do $role$ begin if not exists (select from pg_catalog.pg_roles where rolname = 'pgsodium_keyiduser') then create role pgsodium_keyiduser; end if; end $role$;$sql$;
    execute $sql$do $role$ begin if not exists (select from pg_catalog.pg_roles where rolname = 'pgsodium_keymaker') then create role pgsodium_keymaker; end if; end $role$;$sql$;
  end if;
end $majors$;
do $role$ begin if not exists (select from pg_catalog.pg_roles where rolname = 'service_role') then create role service_role; end if; end $role$;
do $role$ begin if not exists (select from pg_catalog.pg_roles where rolname = 'supabase_admin') then create role supabase_admin; end if; end $role$;
do $role$ begin if not exists (select from pg_catalog.pg_roles where rolname = 'supabase_auth_admin') then create role supabase_auth_admin; end if; end $role$;
do $role$ begin if not exists (select from pg_catalog.pg_roles where rolname = 'supabase_functions_admin') then create role supabase_functions_admin; end if; end $role$;
do $role$ begin if not exists (select from pg_catalog.pg_roles where rolname = 'supabase_read_only_user') then create role supabase_read_only_user; end if; end $role$;
do $role$ begin if not exists (select from pg_catalog.pg_roles where rolname = 'supabase_realtime_admin') then create role supabase_realtime_admin; end if; end $role$;
do $role$ begin if not exists (select from pg_catalog.pg_roles where rolname = 'supabase_replication_admin') then create role supabase_replication_admin; end if; end $role$;
do $role$ begin if not exists (select from pg_catalog.pg_roles where rolname = 'supabase_storage_admin') then create role supabase_storage_admin; end if; end $role$;
alter role anon nosuperuser inherit nocreaterole nocreatedb nologin noreplication nobypassrls;
alter role authenticated nosuperuser inherit nocreaterole nocreatedb nologin noreplication nobypassrls;
alter role authenticator nosuperuser noinherit nocreaterole nocreatedb login noreplication nobypassrls;
alter role dashboard_user nosuperuser inherit createrole createdb nologin replication nobypassrls;
do $majors$ begin
  if (case when current_setting('server_version_num')::int / 10000 >= 18 then 18 when current_setting('server_version_num')::int / 10000 >= 17 then 17 when current_setting('server_version_num')::int / 10000 >= 16 then 16 else 15 end) in (15, 16) then
    execute $sql$alter role pgsodium_keyholder nosuperuser inherit nocreaterole nocreatedb nologin noreplication nobypassrls;$sql$;
    execute $sql$alter role pgsodium_keyiduser nosuperuser inherit nocreaterole nocreatedb nologin noreplication nobypassrls;$sql$;
    execute $sql$alter role pgsodium_keymaker nosuperuser inherit nocreaterole nocreatedb nologin noreplication nobypassrls;$sql$;
  end if;
end $majors$;
alter role service_role nosuperuser inherit nocreaterole nocreatedb nologin noreplication bypassrls;
alter role supabase_admin superuser inherit createrole createdb login replication bypassrls;
alter role supabase_auth_admin nosuperuser noinherit createrole nocreatedb login noreplication nobypassrls;
alter role supabase_functions_admin nosuperuser noinherit createrole nocreatedb login noreplication nobypassrls;
alter role supabase_read_only_user nosuperuser inherit nocreaterole nocreatedb login noreplication bypassrls;
alter role supabase_realtime_admin nosuperuser noinherit nocreaterole nocreatedb nologin noreplication nobypassrls;
alter role supabase_replication_admin nosuperuser inherit nocreaterole nocreatedb login replication nobypassrls;
alter role supabase_storage_admin nosuperuser noinherit createrole nocreatedb login noreplication nobypassrls;
alter role anon reset all;
alter role authenticated reset all;
alter role authenticator reset all;
alter role dashboard_user reset all;
do $majors$ begin
  if (case when current_setting('server_version_num')::int / 10000 >= 18 then 18 when current_setting('server_version_num')::int / 10000 >= 17 then 17 when current_setting('server_version_num')::int / 10000 >= 16 then 16 else 15 end) in (15, 16) then
    execute $sql$alter role pgsodium_keyholder reset all;$sql$;
    execute $sql$alter role pgsodium_keyiduser reset all;$sql$;
    execute $sql$alter role pgsodium_keymaker reset all;$sql$;
  end if;
end $majors$;
alter role service_role reset all;
alter role supabase_admin reset all;
alter role supabase_auth_admin reset all;
alter role supabase_functions_admin reset all;
alter role supabase_read_only_user reset all;
alter role supabase_realtime_admin reset all;
alter role supabase_replication_admin reset all;
alter role supabase_storage_admin reset all;
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
alter role authenticator set lock_timeout = '8s';
alter role authenticator set session_preload_libraries = supautils, safeupdate;
alter role authenticator set statement_timeout = '8s';
alter role supabase_admin set search_path = "\$user", public, auth, extensions;
alter role supabase_auth_admin set idle_in_transaction_session_timeout = '60000';
alter role supabase_auth_admin set search_path = auth;
alter role supabase_storage_admin set search_path = storage;
grant anon to authenticator;
grant authenticated to authenticator;
grant service_role to authenticator;
grant supabase_admin to authenticator;
do $majors$ begin
  if (case when current_setting('server_version_num')::int / 10000 >= 18 then 18 when current_setting('server_version_num')::int / 10000 >= 17 then 17 when current_setting('server_version_num')::int / 10000 >= 16 then 16 else 15 end) in (15, 16) then
    execute $sql$grant pgsodium_keyiduser to pgsodium_keyholder;$sql$;
    execute $sql$grant pgsodium_keyholder to pgsodium_keymaker;$sql$;
    execute $sql$grant pgsodium_keyiduser to pgsodium_keymaker;$sql$;
    execute $sql$grant pgsodium_keyholder to service_role;$sql$;
  end if;
end $majors$;
grant pg_read_all_data to supabase_read_only_user;
grant anon to supabase_storage_admin;
grant authenticated to supabase_storage_admin;
grant authenticator to supabase_storage_admin;
grant service_role to supabase_storage_admin;
-- <<< end of generated part

"""The platform profile on a Supabase-shaped database: the user's changes in the
platform's schemas are found, the platform's own objects never reported.

Both databases are built from the profile's own objects (``auth.users``,
``storage.buckets``, ``storage.objects`` with RLS on, platform functions and a
platform trigger, grants to a platform role). B then carries the drifts of issue
12's "Why" (each one a finding) and some platform-side differences (none of them
a finding). The test cluster's roles stand in for the API roles; one role made
here (``dbparity_profile_admin``) is added to the profile as a platform role.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import psycopg
import pytest

from pytest_dbparity.catalog import Catalog
from pytest_dbparity.catalog.introspect import ReadOptions, read_catalog
from pytest_dbparity.config import DEFAULT_EXCLUDED_SCHEMAS
from pytest_dbparity.core.identifiers import qualify, split_name
from pytest_dbparity.environments import Environment
from pytest_dbparity.findings import compare
from pytest_dbparity.kinds.names import KINDS
from pytest_dbparity.platform import Profile, apply, load_profile
from pytest_dbparity.platform.fresh import ROLE_ATTRIBUTES
from tests.fix_db import PgServer

PLATFORM_ROLE = "dbparity_profile_admin"

BASE = f"""
do $$ begin
  if not exists (select from pg_roles where rolname = '{PLATFORM_ROLE}') then
    create role {PLATFORM_ROLE} nologin;
  end if;
end $$;
create schema auth;
create schema storage;
create table auth.users (id uuid primary key, email text);
create table storage.buckets (id text primary key, public boolean default false);
create table storage.objects (
  id uuid primary key, bucket_id text references storage.buckets, name text
);
alter table storage.objects enable row level security;
create function auth.uid() returns uuid language sql stable
  as $f$ select nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $f$;
create function storage.foldername(name text) returns text[] language sql
  as $f$ select string_to_array(name, '/') $f$;
create function storage.objects_update_cleanup() returns trigger language plpgsql
  as $f$ begin return new; end $f$;
create trigger objects_update_cleanup after update on storage.objects
  for each row execute function storage.objects_update_cleanup();
grant usage on schema auth, storage to dbparity_anon, dbparity_authenticated;
grant all on auth.users, storage.objects, storage.buckets to {PLATFORM_ROLE};
grant select, insert on storage.objects to dbparity_authenticated;
grant execute on function auth.uid() to {PLATFORM_ROLE};

-- The user's own objects in the platform's schemas.
create function public.handle_new_user() returns trigger language plpgsql
  security definer set search_path = ''
  as $f$ begin return new; end $f$;
create trigger on_auth_user_created after insert on auth.users
  for each row execute function public.handle_new_user();
create policy "Avatar images are public" on storage.objects for select
  to dbparity_anon using (bucket_id = 'avatars');
"""

DRIFTS = f"""
-- The user's drifts: each one a finding.
grant select on auth.users to dbparity_anon;
alter policy "Avatar images are public" on storage.objects using (true);
alter table storage.objects disable row level security;
alter table auth.users disable trigger on_auth_user_created;
-- The platform's own version drift: never a finding.
create or replace function storage.foldername(name text) returns text[]
  language sql as $f$ select (string_to_array(name, '/'))[1:2] $f$;
drop trigger objects_update_cleanup on storage.objects;
revoke all on storage.buckets from {PLATFORM_ROLE};
revoke execute on function auth.uid() from {PLATFORM_ROLE};
alter table auth.users add column phone text;
create index on storage.objects (name);
"""


@pytest.fixture(scope="module")
def profile() -> Profile:
    shipped = load_profile("supabase")
    assert shipped is not None
    return dataclasses.replace(
        shipped, platform_roles=shipped.platform_roles | {PLATFORM_ROLE}
    )


def _options(profile: Profile | None) -> ReadOptions:
    return ReadOptions(
        kinds=KINDS,
        exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS,
        profile=profile.name if profile else "none",
        partial_schemas=profile.schemas if profile else (),
        partial_kinds=[k for k in KINDS if profile and k in profile.kinds],
    )


@pytest.fixture(scope="module")
def databases(pg_server: PgServer, roles: tuple[str, ...]) -> Iterator[list[str]]:
    names = [
        pg_server.create_database(BASE, prefix="profile_a"),
        pg_server.create_database(BASE + DRIFTS, prefix="profile_b"),
    ]
    try:
        yield names
    finally:
        for name in names:
            pg_server.drop_database(name)


def _read(
    pg_server: PgServer, names: list[str], profile: Profile | None
) -> tuple[Catalog, Catalog]:
    a, b = (
        apply(
            profile,
            read_catalog(
                Environment(name=n, label=n, dsn=pg_server.dsn(n)), _options(profile)
            ),
        )
        for n in names
    )
    return a, b


def test_user_drifts_found_platform_objects_never(
    pg_server: PgServer, databases: list[str], profile: Profile
) -> None:
    a, b = _read(pg_server, databases, profile)
    got = {
        (f.kind, f.object, f.change, f.attribute): f.severity.label
        for f in compare(a, b, kinds=KINDS).findings()
    }
    assert got == {
        ("privilege", "auth.users", "different", "grants[dbparity_anon]"): "critical",
        (
            "policy",
            'storage.objects."Avatar images are public"',
            "different",
            "using",
        ): "critical",
        ("rls", "storage.objects", "different", "enabled"): "critical",
        ("trigger", "auth.users.on_auth_user_created", "different", "enabled"): (
            "high"
        ),
    }


def test_platform_objects_are_left_out_of_the_catalog(
    pg_server: PgServer, databases: list[str], profile: Profile
) -> None:
    a, _ = _read(pg_server, databases, profile)
    assert "storage.foldername" not in a.of("function")
    assert "auth.uid" not in a.of("function")
    assert "storage.objects.objects_update_cleanup" not in a.of("trigger")
    # Users' objects in the platform's schemas are read ...
    assert "auth.users.on_auth_user_created" in a.of("trigger")
    assert "storage.objects" in a.of("rls")
    # ... and grants to the platform's roles are not.
    grants = dict(a.of("privilege")["storage.objects"].grants)  # type: ignore[attr-defined]
    assert PLATFORM_ROLE not in grants
    assert "dbparity_authenticated" in grants
    # The platform's tables' columns and indexes stay out.
    assert not any(k.startswith("auth.") for k in a.of("column"))
    assert not any(k.startswith("storage.") for k in a.of("index"))


def test_profile_none_leaves_the_platform_schemas_out(
    pg_server: PgServer, databases: list[str]
) -> None:
    a, b = _read(pg_server, databases, None)
    findings = compare(a, b, kinds=KINDS).findings()
    assert [f for f in findings if f.object.startswith(("auth.", "storage."))] == []


# ------------------------------------------------- the prelude matches the profile

#: A user's migration for the migrations-vs-live comparison: a profile table with
#: a trigger on auth.users, a storage policy, a grant in a platform schema, a
#: function in auth and a database webhook, awkward names included.
USER_MIGRATION = """
create table public."Profiles" (
  id uuid primary key references auth.users, "Full Name" text
);
alter table public."Profiles" enable row level security;
create function public.handle_new_user() returns trigger language plpgsql
  security definer set search_path = ''
  as $f$ begin insert into public."Profiles" (id) values (new.id); return new; end $f$;
create trigger on_auth_user_created after insert on auth.users
  for each row execute function public.handle_new_user();
create policy "Avatar images are public" on storage.objects for select
  to anon using (bucket_id = 'avatars');
create function auth."is admin"() returns boolean language sql stable
  as $f$ select coalesce(auth.jwt() ->> 'role', '') = 'service_role' $f$;
grant select on storage.buckets to "dbparity_authenticated";
create trigger "Profiles webhook" after insert on public."Profiles"
  for each row execute function supabase_functions.http_request(
    'https://example.test/hook', 'POST', '{}', '{}', '1000');
"""


def _api_grants(
    catalog: Catalog, schemas: tuple[str, ...], prelude_functions: set[str]
) -> set[tuple[str, ...]]:
    """(object type, object, grantee, privileges) of the API roles and PUBLIC in
    the platform's schemas; for functions only those the prelude creates."""
    out: set[tuple[str, ...]] = set()
    for key, obj in catalog.of("privilege").items():
        object_type = obj.object_type  # type: ignore[attr-defined]
        if split_name(key.split("(", 1)[0])[0] not in schemas:
            continue
        if object_type in ("function", "procedure"):
            base = key.split("(", 1)[0]
            if base not in prelude_functions:
                continue
        for grantee, privileges in obj.grants:  # type: ignore[attr-defined]
            if grantee in ("anon", "authenticated", "service_role", "PUBLIC"):
                name = key.split("(", 1)[0] if object_type == "function" else key
                out.add((object_type, name, grantee, privileges))
    return out


@pytest.mark.parametrize("server_name", ["pg_server", "pg16_server", "pg18_server"])
def test_the_prelude_holds_what_the_profile_records_of_a_fresh_project(
    server_name: str, request: pytest.FixtureRequest
) -> None:
    from pytest_dbparity.ephemeral import load_prelude

    server: PgServer = request.getfixturevalue(server_name)
    shipped = load_profile("supabase")
    assert shipped is not None
    name = server.create_database(load_prelude("supabase"), prefix="prelude_fresh")
    try:
        raw = read_catalog(
            Environment(name=name, label=name, dsn=server.dsn(name)),
            _options(shipped),
        )
        catalog = apply(shipped, raw)
        with server.connect(name) as conn:
            prelude_functions = _functions_in(conn, shipped.schemas)
    finally:
        server.drop_database(name)
    major = str(server.server_major())
    fresh = json.loads(
        resources.files("pytest_dbparity.platform")
        .joinpath("supabase.json")
        .read_text()
    )["majors"][major]["fresh"]
    # Every platform table, RLS as a fresh project has it; nothing else.
    rls = {k: o.enabled for k, o in catalog.of("rls").items()}  # type: ignore[attr-defined]
    assert rls == {t["table"]: t["rls"] for t in fresh["tables"]}
    # The grants a fresh project gives the API roles and PUBLIC, and no other.
    expected = {
        (g["object_type"], g["object"], g["grantee"], g["privileges"])
        for g in fresh["grants"]
        if g["object_type"] != "function" or g["object"] in prelude_functions
    }
    got = _api_grants(raw, shipped.schemas, prelude_functions)
    # PUBLIC's EXECUTE on a new function is in the record too (PostgreSQL's
    # default), and gone where the platform revoked it (pgbouncer.get_auth).
    assert got == expected
    assert ("function", "auth.uid", "PUBLIC", "EXECUTE") in expected
    assert not any(g[1] == "pgbouncer.get_auth" for g in expected)
    assert "pgbouncer.get_auth" in prelude_functions
    assert len(expected) > 40
    assert any(g[1] == "storage.objects" for g in expected)
    # Nothing of the profile's own is left but what the record holds.
    # Every function and trigger the prelude makes is one the profile lists, and
    # grants as on a fresh project: none is left after the profile.
    assert dict(catalog.of("function")) == {}
    assert dict(catalog.of("trigger")) == {}
    assert len(prelude_functions) > 15
    privileges = catalog.of("privilege").items()
    left = [k for k, o in privileges if getattr(o, "object_type", "") == "function"]
    assert left == []


def test_a_migrations_environment_equals_a_live_database_of_the_same_sql(
    pg_server: PgServer, roles: tuple[str, ...], tmp_path: Path
) -> None:
    from pytest_dbparity.ephemeral import apply_migrations, load_prelude

    prelude = load_prelude("supabase")
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "20260101000000_profiles.sql").write_text(USER_MIGRATION, "utf-8")
    migrated = pg_server.create_database(prefix="prelude_migrated")
    live = pg_server.create_database(prelude + USER_MIGRATION, prefix="prelude_live")
    shipped = load_profile("supabase")
    assert shipped is not None
    try:
        applied = apply_migrations(pg_server.dsn(migrated), folder, prelude=prelude)
        assert [m.name for m in applied] == ["profiles"]
        a, b = (
            apply(
                shipped,
                read_catalog(
                    Environment(name=n, label=n, dsn=pg_server.dsn(n)),
                    dataclasses.replace(_options(shipped), migrations_table=None),
                ),
            )
            for n in (migrated, live)
        )
    finally:
        pg_server.drop_database(migrated)
        pg_server.drop_database(live)
    kinds = [k for k in KINDS if k != "row_count"]
    findings = compare(a, b, kinds=kinds).findings()
    assert [(f.kind, f.object, f.change, f.attribute) for f in findings] == []
    # The user's objects in the platform's schemas were read, on both sides.
    for catalog in (a, b):
        assert "auth.users.on_auth_user_created" in catalog.of("trigger")
        assert 'storage.objects."Avatar images are public"' in catalog.of("policy")
        assert 'auth."is admin"()' in catalog.of("function")
        assert 'public."Profiles"."Profiles webhook"' in catalog.of("trigger")
        grants = dict(catalog.of("privilege")["storage.buckets"].grants)  # type: ignore[attr-defined]
        assert grants["dbparity_authenticated"] == "SELECT"


def test_platform_function_grants_as_on_a_fresh_project_are_the_platforms(
    pg_server: PgServer, roles: tuple[str, ...]
) -> None:
    """A live project has the services' functions, a prelude only some: their
    grants as on a fresh project are the platform's, on either side; a user's
    grant on one of them is found."""
    from pytest_dbparity.ephemeral import load_prelude

    shipped = load_profile("supabase")
    assert shipped is not None
    assert shipped.fresh_grants("realtime.topic", 150000) == {"PUBLIC": "EXECUTE"}
    live_only = """
        create function realtime.topic() returns text language sql
          as $f$ select 'room' $f$;
        create function realtime.send(payload jsonb, event text) returns void
          language sql as $f$ select $f$;
        grant execute on function realtime.send(jsonb, text) to "dbparity_anon";
    """
    prelude = load_prelude("supabase")
    names = [
        pg_server.create_database(prelude, prefix="fresh_fn_a"),
        pg_server.create_database(prelude + live_only, prefix="fresh_fn_b"),
    ]
    try:
        a, b = (
            apply(
                shipped,
                read_catalog(
                    Environment(name=n, label=n, dsn=pg_server.dsn(n)),
                    _options(shipped),
                ),
            )
            for n in names
        )
    finally:
        for n in names:
            pg_server.drop_database(n)
    got = {
        (f.kind, f.object, f.change): f.severity.label
        for f in compare(a, b, kinds=KINDS).findings()
    }
    assert got == {("privilege", "realtime.send", "missing_in_a"): "critical"}


# ------------------------------------- the platform roles: throwaway servers only
#
# Roles belong to a whole server: the roles prelude (supabase-roles.sql) runs on
# servers these tests start for themselves, never on the shared test server.

ROLE_MIGRATION = """
create table public.notes (id bigint primary key, body text, owner uuid);
alter table public.notes enable row level security;
create policy "own notes" on public.notes for select to authenticated
  using (owner = auth.uid());
grant select on public.notes to authenticated;
alter publication supabase_realtime add table public.notes;
"""


def _functions_in(conn: psycopg.Connection[Any], schemas: Sequence[str]) -> set[str]:
    """The functions (``schema.name``) a database has in *schemas*."""
    rows = conn.execute(
        "select n.nspname, p.proname from pg_proc p"
        " join pg_namespace n on n.oid = p.pronamespace"
        " where n.nspname = any(%s)",
        (list(schemas),),
    )
    return {qualify(*row) for row in rows}


def _fresh_record(major: int) -> dict[str, Any]:
    data = json.loads(
        resources.files("pytest_dbparity.platform")
        .joinpath("supabase.json")
        .read_text()
    )
    return data["majors"][str(major)]["fresh"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("major", [15, 16, 18])
def test_a_throwaway_server_with_the_prelude_is_a_fresh_project_roles_included(
    major: int, tmp_path: Path
) -> None:
    from pytest_dbparity.ephemeral import (
        apply_migrations,
        build_database,
        ephemeral_server,
        load_prelude,
        server_roles,
    )

    shipped = load_profile("supabase")
    assert shipped is not None
    empty = tmp_path / "none"
    empty.mkdir()
    prelude = load_prelude("supabase", owned_server=True)
    superuser = server_roles("supabase").superuser
    with ephemeral_server(major=major, superuser=superuser) as server:
        if server.major != major:
            pytest.skip(f"no PostgreSQL {major} here: {server.note}")
        built = build_database(server, "prelude_roles", empty, prelude="supabase")
        assert built.applied == ()
        dsn = built.dsn
        # idempotent on the same server (here as its bootstrap superuser)
        assert apply_migrations(dsn, empty, prelude=prelude) == []
        env = Environment(name="fresh", label="fresh", dsn=dsn)
        raw = read_catalog(env, _options(shipped))
        with server.connect("prelude_roles") as conn:
            prelude_functions = _functions_in(conn, shipped.schemas)
    catalog = apply(shipped, raw)
    fresh = _fresh_record(major)
    rls = {k: o.enabled for k, o in catalog.of("rls").items()}  # type: ignore[attr-defined]
    assert rls == {t["table"]: t["rls"] for t in fresh["tables"]}
    expected = {
        (g["object_type"], g["object"], g["grantee"], g["privileges"])
        for g in fresh["grants"]
        if g["object_type"] != "function" or g["object"] in prelude_functions
    }
    assert _api_grants(raw, shipped.schemas, prelude_functions) == expected
    # Every recorded role with exactly its attributes and memberships ...
    got_roles = catalog.of("role")
    assert len(fresh["roles"]) >= 10
    for record in fresh["roles"]:
        role = got_roles[record["role"]]
        for attribute in ROLE_ATTRIBUTES:
            assert getattr(role, attribute) == record[attribute], (
                record["role"],
                attribute,
            )
        assert sorted(role.member_of) == sorted(record["member_of"]), record  # type: ignore[attr-defined]
    # ... and exactly its settings (none for a role the record gives none).
    settings = catalog.of("setting")
    for record in fresh["roles"]:
        want = {
            s["name"]: s["value"]
            for s in fresh["settings"]
            if s["role"] == record["role"]
        }
        key = f"role {record['role']}"
        have = dict(settings[key].settings) if key in settings else {}  # type: ignore[attr-defined]
        assert have == want, record["role"]
    assert dict(settings["role anon"].settings) == {"statement_timeout": "3s"}  # type: ignore[attr-defined]
    assert got_roles["authenticated"].inherit is True  # type: ignore[attr-defined]
    # Default privileges in public as supabase/postgres's initial schema sets
    # them, for postgres and for the platform's superuser.
    defaults = catalog.of("default_privilege")
    for owner in ("postgres", "supabase_admin"):
        for object_type in ("tables", "sequences", "functions"):
            entry = defaults[f"{owner}.public.{object_type}"]
            assert set(dict(entry.grants)) == {  # type: ignore[attr-defined]
                "postgres",
                "anon",
                "authenticated",
                "service_role",
            }
    # USAGE on public as the initial schema grants it, postgres included.
    on_public = dict(catalog.of("privilege")["public"].grants)  # type: ignore[attr-defined]
    for grantee in ("postgres", "anon", "authenticated", "service_role"):
        assert "USAGE" in on_public[grantee], (grantee, on_public)
    # postgres as on a fresh project: demoted, not the server's superuser.
    assert got_roles["postgres"].superuser is False  # type: ignore[attr-defined]
    assert got_roles["postgres"].bypass_rls is True  # type: ignore[attr-defined]
    assert got_roles["supabase_admin"].superuser is True  # type: ignore[attr-defined]


def test_role_deviations_of_a_live_project_against_a_migrations_environment(
    tmp_path: Path,
) -> None:
    """Live: a fresh project (a throwaway server made as the platform makes
    one: bootstrap superuser supabase_admin, postgres demoted after the
    migrations) plus the user's migration, then authenticated given BYPASSRLS,
    anon another statement_timeout and postgres made a superuser again.
    Against the same migration as a migrations: environment (its own throwaway
    server), exactly those three differ: the demoted postgres of a fresh
    project is no difference."""
    from contextlib import ExitStack

    from pytest_dbparity.ephemeral import (
        build_database,
        ephemeral_server,
        server_roles,
    )
    from pytest_dbparity.sources import read_environment

    shipped = load_profile("supabase")
    assert shipped is not None
    options = dataclasses.replace(_options(shipped), migrations_table=None)
    folder = tmp_path / "supabase" / "migrations"
    folder.mkdir(parents=True)
    (folder / "20260101000000_notes.sql").write_text(ROLE_MIGRATION, "utf-8")
    with ExitStack() as stack:
        superuser = server_roles("supabase").superuser
        live_server = stack.enter_context(ephemeral_server(superuser=superuser))
        built = build_database(live_server, "live_project", folder, prelude="supabase")
        assert [m.name for m in built.applied] == ["notes"]
        dsn = built.dsn
        with live_server.connect() as conn:
            conn.execute("alter role authenticated bypassrls")
            conn.execute("alter role anon set statement_timeout = '5s'")
            conn.execute("alter role postgres superuser")
        live = apply(
            shipped,
            read_catalog(Environment(name="live", label="live", dsn=dsn), options),
        )
        migrations = Environment(
            name="local",
            label="local",
            dsn="",
            source="migrations",
            path=folder,
            prelude="supabase",
        )
        local = read_environment(
            migrations, options, stack=stack, major=live_server.major
        )
    kinds = [k for k in KINDS if k != "row_count"]
    findings = compare(local, live, kinds=kinds).findings()
    got = {(f.kind, f.object, f.attribute): f.severity.label for f in findings}
    assert set(got) == {
        ("role", "authenticated", "bypass_rls"),
        ("setting", "role anon", "settings[statement_timeout]"),
        ("role", "postgres", "superuser"),
    }, got
    assert got[("role", "authenticated", "bypass_rls")] == "critical"
    assert got[("role", "postgres", "superuser")] == "critical"
    # The platform's extensions: made where the server has them (contrib's
    # pg_stat_statements, on both sides), the others named and not compared.
    # The platform's realtime publication is there for migrations to use.
    assert "public.notes" in dict(local.of("publication")["supabase_realtime"].tables)  # type: ignore[attr-defined]
    assert "pg_stat_statements" in local.of("extension")
    assert "pg_stat_statements" in live.of("extension")
    assert "pg_graphql" in local.absent["extension"]
    assert "supabase_vault" in local.absent["extension"]
    assert any("pg_graphql" in n and "not compared" in n for n in local.notes)
    # The user's objects were read on both sides.
    for catalog in (local, live):
        assert 'public.notes."own notes"' in catalog.of("policy")
        assert catalog.of("role")["authenticator"].login is True  # type: ignore[attr-defined]

"""The profile's record of a fresh project, and the prelude made from it."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from pytest_dbparity.ephemeral import load_prelude
from pytest_dbparity.platform import load_profile
from pytest_dbparity.platform.build_profile import (
    MANAGED_SCHEMAS,
    _in_run_order,
    dumps,
    prelude_text,
    role_prelude_text,
)
from pytest_dbparity.platform.fresh import (
    all_privileges,
    created_extensions,
    extension_record,
    prelude_block,
    profile_major_sql,
    replay,
    replay_roles,
    role_prelude_block,
    server_role_block,
)


def _data() -> dict[str, Any]:
    text = resources.files("pytest_dbparity.platform").joinpath("supabase.json")
    return json.loads(text.read_text("utf-8"))  # type: ignore[no-any-return]


def _write(folder: Path, files: dict[str, str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in files.items():
        (folder / name).write_text(text, "utf-8")
        paths.append(folder / name)
    return paths


def _grants(record: dict[str, Any]) -> dict[tuple[str, str, str], str]:
    return {
        (g["object_type"], g["object"], g["grantee"]): g["privileges"]
        for g in record["grants"]
    }


def test_the_shipped_prelude_is_in_step_with_the_profile() -> None:
    current = load_prelude("supabase")
    assert prelude_text(_data(), current) == current


def test_the_shipped_roles_prelude_is_in_step_with_the_profile() -> None:
    shipped = resources.files("pytest_dbparity.ephemeral").joinpath(
        "preludes", "supabase-roles.sql"
    )
    current = shipped.read_text("utf-8")
    assert role_prelude_text(_data(), current) == current
    # Only a throwaway server (owned_server) gets it, first.
    assert "alter role" not in load_prelude("supabase")
    owned = load_prelude("supabase", owned_server=True)
    assert owned.startswith(current)
    assert owned.endswith(load_prelude("supabase"))


def test_the_shipped_profile_is_written_as_build_profile_writes_it() -> None:
    text = resources.files("pytest_dbparity.platform").joinpath("supabase.json")
    assert dumps(_data()) == text.read_text("utf-8")


def test_every_major_records_the_same_fresh_project_but_for_maintain() -> None:
    """The prelude is one text for every major: the majors' records differ only
    by MAINTAIN (what ALL grants on 17+), by functions a major's image lacks
    (15 and 16 still ship vault's old trigger function), by pgsodium's roles
    (15 and 16 only; the roles prelude runs those on those majors only) and by
    the extensions pgjwt and pgsodium (15 and 16 only)."""
    majors = _data()["majors"]
    assert set(majors) == {"15", "16", "17", "18"}

    def comparable(major: str, functions: set[str]) -> dict[str, Any]:
        record = majors[major]["fresh"]
        grants = [
            {**g, "privileges": g["privileges"].replace(", MAINTAIN", "")}
            for g in record["grants"]
            if g["object_type"] != "function" or g["object"] in functions
        ]
        roles = [
            {**r, "member_of": [m for m in r["member_of"] if "pgsodium" not in m]}
            for r in record["roles"]
            if not r["role"].startswith("pgsodium")
        ]
        extensions = [
            e for e in record["extensions"] if e["name"] not in ("pgjwt", "pgsodium")
        ]
        return {
            **record,
            "functions": sorted(functions),
            "grants": grants,
            "roles": roles,
            "extensions": extensions,
        }

    for major in ("16", "17", "18"):
        both = set(majors["15"]["fresh"]["functions"]) & set(
            majors[major]["fresh"]["functions"]
        )
        assert comparable(major, both) == comparable("15", both)
        lacking = set(majors["15"]["fresh"]["functions"]) - both
        assert lacking <= {"vault.secrets_encrypt_secret_secret"}
    full = "DELETE, INSERT, MAINTAIN, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE"
    assert _grants(majors["17"]["fresh"])[("table", "storage.objects", "anon")] == full


def test_each_major_names_its_own_dump() -> None:
    majors = _data()["majors"]
    for major in majors:
        assert majors[major]["sources"] == [f"schema-{major}.sql"]
    profile = load_profile("supabase")
    assert profile is not None
    assert "schema-17.sql" in profile.describe(170004)
    assert "schema-18.sql" in profile.describe(180001)
    # The image of 18 no longer ships storage's helpers in its dump; storage's
    # own migrations still create them, so they stay the platform's.
    assert "storage.foldername" in profile.platform_keys("function", 180001)


def test_the_record_of_a_fresh_project() -> None:
    fresh = _data()["majors"]["15"]["fresh"]
    tables = {t["table"]: t["rls"] for t in fresh["tables"]}
    assert tables["storage.objects"] is True
    assert tables["auth.users"] is True
    # Dropped or renamed by later migrations: not in a fresh project.
    for gone in ("realtime.channels", "realtime.messages_new", "storage.prefixes"):
        assert gone not in tables
    grants = _grants(fresh)
    assert ("table", "auth.users", "anon") not in grants
    assert grants[("schema", "auth", "anon")] == "USAGE"
    assert grants[("table", "storage.s3_multipart_uploads", "anon")] == "SELECT"
    assert {g[2] for g in grants} <= {"anon", "authenticated", "service_role", "PUBLIC"}


def test_the_record_of_a_fresh_projects_roles() -> None:
    """As supabase/postgres's init scripts and migrations leave them: the API
    roles made NOINHERIT, then turned INHERIT (2023-05); their timeouts."""
    for major in ("15", "16", "17", "18"):
        fresh = _data()["majors"][major]["fresh"]
        roles = {r["role"]: r for r in fresh["roles"]}
        settings = {(s["role"], s["name"]): s["value"] for s in fresh["settings"]}
        assert roles["authenticated"]["inherit"] is True
        assert roles["authenticated"]["bypass_rls"] is False
        assert roles["service_role"]["bypass_rls"] is True
        assert roles["authenticator"]["login"] is True
        assert roles["authenticator"]["inherit"] is False
        assert roles["authenticator"]["member_of"] == [
            "anon",
            "authenticated",
            "service_role",
            "supabase_admin",
        ]
        assert roles["supabase_admin"]["superuser"] is True
        assert roles["supabase_read_only_user"]["member_of"] == ["pg_read_all_data"]
        # postgres: made a superuser by the image, demoted by a migration.
        assert roles["postgres"]["superuser"] is False
        assert roles["postgres"]["login"] is True
        assert roles["postgres"]["bypass_rls"] is True
        assert roles["postgres"]["create_role"] is True
        assert {"anon", "authenticated", "service_role"} <= set(
            roles["postgres"]["member_of"]
        )
        assert settings[("anon", "statement_timeout")] == "3s"
        assert settings[("authenticated", "statement_timeout")] == "8s"
        assert settings[("authenticator", "statement_timeout")] == "8s"
        assert settings[("authenticator", "lock_timeout")] == "8s"
        assert settings[("supabase_auth_admin", "search_path")] == "auth"
        assert settings[("postgres", "search_path")] == '"\\$user", public, extensions'


def test_pgsodium_roles_where_the_image_has_the_extension() -> None:
    """15 and 16 images create pgsodium: its roles, postgres holding them with
    the admin option, service_role in the key holder. 17 and 18 have none."""
    for major in ("15", "16"):
        roles = {r["role"]: r for r in _data()["majors"][major]["fresh"]["roles"]}
        assert roles["pgsodium_keymaker"]["member_of"] == [
            "pgsodium_keyholder",
            "pgsodium_keyiduser",
        ]
        assert roles["pgsodium_keymaker"]["login"] is False
        assert "pgsodium_keyholder (admin option)" in roles["postgres"]["member_of"]
        assert roles["service_role"]["member_of"] == ["pgsodium_keyholder"]
    for major in ("17", "18"):
        roles = {r["role"]: r for r in _data()["majors"][major]["fresh"]["roles"]}
        assert not any(name.startswith("pgsodium") for name in roles)
        assert not any("pgsodium" in m for m in roles["postgres"]["member_of"])
        assert roles["service_role"]["member_of"] == []


def test_the_record_of_a_fresh_projects_extensions() -> None:
    """From each major's dump: name and schema."""
    majors = _data()["majors"]
    for major in ("15", "16", "17", "18"):
        got = {e["name"]: e["schema"] for e in majors[major]["fresh"]["extensions"]}
        assert got["pg_graphql"] == "graphql"
        assert got["pg_stat_statements"] == "extensions"
        assert got["supabase_vault"] == "vault"
        assert got["uuid-ossp"] == "extensions"
        assert ("pgsodium" in got) == (major in ("15", "16"))
    dump = 'CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA "My Ext";'
    assert extension_record([dump, "create extension plain;"]) == [
        {"name": "uuid-ossp", "schema": "My Ext"}
    ]


def test_extension_roles_count_only_where_the_dump_creates_the_extension(
    tmp_path: Path,
) -> None:
    scripts = _write(
        tmp_path / "s",
        {"1.sql": "create role api;\ngrant pgsodium_keyholder to api;\n"},
    )
    dump = "CREATE EXTENSION IF NOT EXISTS pgsodium WITH SCHEMA pgsodium;"
    assert created_extensions([dump]) == {"pgsodium"}
    with_it = {
        r["role"]: r for r in replay_roles(scripts, {"pgsodium"}).record()["roles"]
    }
    without = {r["role"]: r for r in replay_roles(scripts).record()["roles"]}
    assert with_it["api"]["member_of"] == ["pgsodium_keyholder"]
    assert with_it["pgsodium_keyholder"]["member_of"] == ["pgsodium_keyiduser"]
    assert without["api"]["member_of"] == []
    assert "pgsodium_keyholder" not in without


def test_a_role_statement_of_some_majors_only_runs_on_those_majors() -> None:
    base: dict[str, Any] = {"roles": [], "settings": []}
    role = {
        "role": "k",
        "superuser": False,
        "inherit": True,
        "create_role": False,
        "create_db": False,
        "login": False,
        "replication": False,
        "bypass_rls": False,
        "member_of": [],
    }
    block = role_prelude_block({"15": {"roles": [role], "settings": []}, "17": base})
    lines = block.splitlines()
    guard = next(i for i, line in enumerate(lines) if "server_version_num" in line)
    assert "then 17 else 15 end) in (15) then" in lines[guard]
    assert lines[guard + 1].strip().startswith("execute $sql$do $role$")
    assert "create role k;" in lines[guard + 1]
    assert profile_major_sql(["15"]) == "15"
    single = role_prelude_block({"15": {"roles": [role], "settings": []}})
    assert "server_version_num" not in single
    assert "alter role k nosuperuser inherit " in single


def test_replay_roles_follows_creates_alters_settings_and_memberships(
    tmp_path: Path,
) -> None:
    init = _write(
        tmp_path / "init",
        {
            "0-roles.sql": """
                create role api nologin noinherit; -- the API role
                create user gate noinherit;
                create role "Odd Role" with login bypassrls;
                grant api, "Odd Role" to gate;
                grant select on table public.t to api;
                grant all on schema public to api;
                grant pg_read_all_data to "Odd Role";
                grant some_extension_role to api;
                alter role api set statement_timeout = '3s';
                alter user gate set search_path to "\\$user", public, "Auth";
                alter role postgres nosuperuser;
                alter role postgres set search_path to public;
                create role api login;
            """,
            "1-later.sql": """
                -- migrate:up
                alter role api inherit;
                alter role api set statement_timeout = '5s';
                grant api to gate with admin option;
                grant api to gate;
                -- migrate:down
                alter role api noinherit;
            """,
            "2-installer.sql": """
                do $$ begin if install_roles then
                  create role api superuser; grant postgres to gate;
                end if; end $$;
            """,
        },
    )
    record = replay_roles(init).record()
    roles = {r["role"]: r for r in record["roles"]}
    assert set(roles) == {"api", "gate", "Odd Role", "supabase_admin", "postgres"}
    assert roles["postgres"]["superuser"] is False  # made one, then demoted
    assert roles["postgres"]["login"] is True
    assert roles["api"]["inherit"] is True  # up part only; CREATE again ignored
    assert roles["api"]["login"] is False
    assert roles["api"]["superuser"] is False  # install_roles: not the platform's
    assert roles["gate"]["login"] is True
    assert roles["gate"]["inherit"] is False
    assert roles["Odd Role"]["bypass_rls"] is True
    assert roles["gate"]["member_of"] == ['"Odd Role"', "api (admin option)"]
    assert roles["Odd Role"]["member_of"] == ["pg_read_all_data"]
    assert roles["api"]["member_of"] == []  # an extension's role: not made here
    settings = {(s["role"], s["name"]): s["value"] for s in record["settings"]}
    assert settings == {
        ("api", "statement_timeout"): "5s",
        ("gate", "search_path"): '"\\$user", public, "Auth"',
        ("postgres", "search_path"): "public",
    }
    block = role_prelude_block({"15": record})
    assert "alter role api nosuperuser inherit " in block
    assert "alter role api set statement_timeout = '5s';" in block
    assert 'alter role gate set search_path = "\\$user", public, "Auth";' in block
    assert "grant api to gate with admin option;" in block
    assert "postgres" not in block  # the runner: demoted after the migrations
    after = server_role_block(record)
    assert after.splitlines() == [
        "alter role postgres nosuperuser inherit nocreaterole nocreatedb login"
        " noreplication nobypassrls;",
        "alter role postgres set search_path = public;",
    ]
    assert server_role_block({"roles": [], "settings": []}) == ""


def test_replay_follows_grants_defaults_drops_and_renames(tmp_path: Path) -> None:
    init = _write(
        tmp_path / "init",
        {
            "01.sql": """
                alter default privileges in schema storage grant all on tables
                  to postgres, anon;
                create table storage.buckets (id text);
                alter table storage.buckets enable row level security;
                grant usage on schema storage to anon, "weird role";
                create table auth.users (id uuid);
                -- migrate:down
                drop table auth.users;
            """,
        },
    )
    service = _write(
        tmp_path / "service",
        {
            "0002-x.sql": """
                DO $$ DECLARE anon_role text = 'anon'; BEGIN
                EXECUTE 'GRANT SELECT ON TABLE auth.users TO ' || anon_role;
                END $$;
                create table storage.later (id bigserial, "My Key" serial);
                alter table storage.later drop column "My Key";
                create table auth.old (id int);
                alter table auth.old rename to renamed;
                grant select, update on auth.renamed to authenticated;
            """,
            "00010-y.sql": """
                revoke all on storage.buckets from anon;
                grant select on all tables in schema auth to service_role;
                create table storage.temp ();
                drop table if exists storage.temp;
            """,
        },
    )
    ecto = _write(
        tmp_path / "realtime",
        {
            "1_a.ex": """
                def up do
                  create table(:channels) do end
                  execute("GRANT INSERT, DELETE ON realtime.channels TO anon")
                end
                def down do
                  drop table(:channels)
                end
            """,
        },
    )
    order = _in_run_order([*init, *service, *ecto])
    assert [p.name for p in order] == ["01.sql", "0002-x.sql", "00010-y.sql", "1_a.ex"]
    record = replay(order, MANAGED_SCHEMAS, 15).record()
    tables = {t["table"]: t["rls"] for t in record["tables"]}
    assert tables == {
        "storage.buckets": True,
        "auth.users": False,
        "storage.later": False,
        "auth.renamed": False,
        "realtime.channels": False,
    }
    assert _grants(record) == {
        ("schema", "storage", "anon"): "USAGE",
        ("table", "auth.users", "anon"): "SELECT",
        ("table", "auth.users", "service_role"): "SELECT",
        ("table", "auth.renamed", "authenticated"): "SELECT, UPDATE",
        ("table", "auth.renamed", "service_role"): "SELECT",
        ("table", "realtime.channels", "anon"): "DELETE, INSERT",
    }
    # Defaults of the init folder do not reach what the service creates.
    assert ("table", "storage.later", "anon") not in _grants(record)
    # Serial columns own their sequences (Ecto's tables have an id), which go
    # with the column or the table.
    assert record["sequences"] == ["realtime.channels_id_seq", "storage.later_id_seq"]


@pytest.mark.parametrize("major", [15, 17])
def test_all_privileges_grow_with_the_major(major: int) -> None:
    assert ("MAINTAIN" in all_privileges("table", major)) is (major >= 17)
    block = prelude_block(
        {
            "tables": [{"table": "storage.objects", "rls": True}],
            "sequences": [],
            "grants": [
                {
                    "object_type": "table",
                    "object": "storage.objects",
                    "grantee": "anon",
                    "privileges": ", ".join(sorted(all_privileges("table", major))),
                },
                {
                    "object_type": "function",
                    "object": 'storage."it\'s"',
                    "grantee": "PUBLIC",
                    "privileges": "EXECUTE*",
                },
            ],
        },
        major,
    )
    assert "grant all on table storage.objects to anon;" in block
    assert "alter table storage.objects enable row level security;" in block
    assert (
        "'storage', 'it''s', 'grant all on function %s to public with grant option')"
        in block
    )

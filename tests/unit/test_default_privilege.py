"""Default privileges: keys, and the statements of the fix script (no database;
``tests/integration/cases/default_privilege`` runs them on real servers)."""

from __future__ import annotations

from pglast import parse_sql

from pytest_dbparity.findings import compare
from pytest_dbparity.fixsql import Direction, generate_fix_sql
from pytest_dbparity.kinds.default_privilege import DefaultPrivilege
from pytest_dbparity.kinds.names import KINDS
from pytest_dbparity.severity import Rule, Severity
from tests.factories import catalog, env


def entry(
    object_type: str,
    grants: tuple[tuple[str, str], ...],
    *,
    schema: str | None = None,
    role: str = "owner",
) -> DefaultPrivilege:
    return DefaultPrivilege(
        role=role, schema=schema, object_type=object_type, grants=grants
    )


def executed(
    a: list[DefaultPrivilege],
    b: list[DefaultPrivilege],
    *,
    direction: Direction = "a-to-b",
    target_version: int = 150000,
    rules: tuple[Rule, ...] = (),
) -> list[str]:
    """The statements the script runs (comments left out)."""
    versions = {"a-to-b": (150000, target_version), "b-to-a": (target_version, 150000)}
    va, vb = versions[direction]
    comparison = compare(
        catalog(env("a", server_version_num=va), a),
        catalog(env("b", server_version_num=vb), b),
        kinds=KINDS,
        rules=rules,
    )
    script = generate_fix_sql(comparison, direction=direction)
    parse_sql(script)
    return [
        line
        for line in script.splitlines()
        if line.startswith("ALTER DEFAULT PRIVILEGES")
    ]


def test_keys_tell_database_wide_from_schema_entries() -> None:
    assert entry("tables", ()).key == "owner.tables"
    assert entry("tables", (), schema="app").key == "owner.app.tables"
    odd = entry("functions", (), schema='My "Odd".S', role="Rôle x")
    assert odd.key == '"Rôle x"."My ""Odd"".S".functions'
    assert entry("types", (), schema="select").key == 'owner."select".types'
    assert entry("tables", (), schema="app").parent == ("schema", "app")
    assert entry("tables", ()).parent is None


def test_any_difference_is_critical() -> None:
    a = [entry("tables", (("anon", "SELECT"),), schema="app")]
    found = compare(catalog("a", a), catalog("b", []), kinds=KINDS).findings()
    assert [(f.change, f.severity) for f in found] == [
        ("missing_in_b", Severity.CRITICAL)
    ]


def test_schema_entry_is_granted_and_revoked_per_grantee() -> None:
    a = [entry("tables", (("anon", "SELECT"), ("svc", "SELECT*")), schema="app")]
    b = [entry("tables", (("PUBLIC", "SELECT"), ("svc", "SELECT")), schema="app")]
    prefix = 'ALTER DEFAULT PRIVILEGES FOR ROLE "owner" IN SCHEMA "app"'
    assert executed(a, b) == [
        f"{prefix} REVOKE SELECT ON TABLES FROM PUBLIC;",
        f'{prefix} GRANT SELECT ON TABLES TO "anon";',
        f'{prefix} GRANT SELECT ON TABLES TO "svc" WITH GRANT OPTION;',
    ]
    assert executed(b, a) == [
        f"{prefix} GRANT SELECT ON TABLES TO PUBLIC;",
        f'{prefix} REVOKE SELECT ON TABLES FROM "anon";',
        f'{prefix} REVOKE GRANT OPTION FOR SELECT ON TABLES FROM "svc";',
    ]


def test_a_schema_entry_missing_in_the_target_is_granted_from_nothing() -> None:
    a = [entry("sequences", (("anon", "SELECT, USAGE"),), schema="app")]
    assert executed(a, []) == [
        'ALTER DEFAULT PRIVILEGES FOR ROLE "owner" IN SCHEMA "app" '
        'GRANT SELECT, USAGE ON SEQUENCES TO "anon";'
    ]
    assert executed([], a) == [
        'ALTER DEFAULT PRIVILEGES FOR ROLE "owner" IN SCHEMA "app" '
        'REVOKE SELECT, USAGE ON SEQUENCES FROM "anon";'
    ]


def test_a_missing_database_wide_entry_is_the_built_in_default() -> None:
    # Functions: the owner executes, PUBLIC executes.
    a = [entry("functions", (("owner", "EXECUTE"),))]
    assert executed(a, []) == [
        'ALTER DEFAULT PRIVILEGES FOR ROLE "owner" '
        "REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;"
    ]
    assert executed([], a) == [
        'ALTER DEFAULT PRIVILEGES FOR ROLE "owner" '
        "GRANT EXECUTE ON FUNCTIONS TO PUBLIC;"
    ]


def test_the_owner_default_on_tables_follows_the_target_version() -> None:
    # The owner gave up TRUNCATE on its new tables; MAINTAIN exists from 17 on.
    held = "DELETE, INSERT, REFERENCES, SELECT, TRIGGER, UPDATE"
    a = [entry("tables", (("owner", held),))]
    revoke = (
        'ALTER DEFAULT PRIVILEGES FOR ROLE "owner" REVOKE {} ON TABLES FROM "owner";'
    )
    assert executed(a, []) == [revoke.format("TRUNCATE")]
    assert executed(a, [], target_version=170000) == [
        revoke.format("MAINTAIN, TRUNCATE")
    ]
    # Back to the default where the target's entry goes away.
    assert executed([], a, direction="a-to-b", target_version=150000) == [
        'ALTER DEFAULT PRIVILEGES FOR ROLE "owner" GRANT TRUNCATE ON TABLES TO "owner";'
    ]


def test_accepted_grantees_are_left_alone() -> None:
    a = [entry("types", (("anon", "USAGE"), ("svc", "USAGE")), schema="app")]
    b = [entry("types", (), schema="app")]
    rules = (
        Rule(
            kind="default_privilege",
            attribute="grants[anon]",
            ignore=True,
            reason="anon may differ",
        ),
    )
    assert executed(a, b, rules=rules) == [
        'ALTER DEFAULT PRIVILEGES FOR ROLE "owner" IN SCHEMA "app" '
        'GRANT USAGE ON TYPES TO "svc";'
    ]

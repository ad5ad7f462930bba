"""Severity from what the objects hold: a SECURITY DEFINER function the API
roles can run, on one side only, is critical (issue 12, point 5).

A rule sees a difference's kind, key and attribute only; the function kind's
``escalate`` hook also sees the function and its side's grants. Two databases
on the test server, both with the shipped Supabase prelude (its API roles and
the ``auth`` schema, where only anon, authenticated and service_role have
USAGE, and whose default privileges grant new functions in ``public`` to
the API roles); B has the functions below besides. (A function alone of its name on each
side is keyed by its name.) Read with the Supabase profile, as a Supabase user
reads: ``auth`` is partly compared, its user functions included.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pytest_dbparity.catalog import Catalog
from pytest_dbparity.catalog.introspect import ReadOptions, read_catalog
from pytest_dbparity.config import DEFAULT_EXCLUDED_SCHEMAS
from pytest_dbparity.environments import Environment
from pytest_dbparity.ephemeral import load_prelude
from pytest_dbparity.findings import compare
from pytest_dbparity.kinds.names import KINDS
from pytest_dbparity.platform import apply, load_profile
from pytest_dbparity.severity import Rule, Severity
from tests.fix_db import PgServer

BOTH = """
create function public.flip() returns int language sql as 'select 1';
"""
B_ONLY = """
create function public."Definer Fn"(a int) returns int language sql
  security definer as 'select a';
create function public.locked_definer() returns int language sql
  security definer as 'select 1';
revoke execute on function public.locked_definer() from public, anon, authenticated;
create function public.plain() returns int language sql as 'select 1';
create function auth.user_definer() returns int language sql
  security definer as 'select 1';
create function public.for_service() returns int language sql
  security definer as 'select 1';
revoke execute on function public.for_service() from public, anon, authenticated;
grant execute on function public.for_service() to service_role;
alter function public.flip() security definer;
"""


@pytest.fixture(scope="module")
def catalogs(pg_server: PgServer) -> Iterator[tuple[Catalog, Catalog]]:
    prelude = load_prelude("supabase")
    a = pg_server.create_database(prelude + BOTH, prefix="escalate_a")
    try:
        b = pg_server.create_database(prelude + BOTH + B_ONLY, prefix="escalate_b")
    except BaseException:
        pg_server.drop_database(a)
        raise
    profile = load_profile("supabase")
    assert profile is not None
    options = ReadOptions(
        kinds=KINDS,
        exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS,
        profile="supabase",
        partial_schemas=profile.schemas,
        partial_kinds=[k for k in KINDS if k in profile.kinds],
    )
    try:
        yield tuple(  # type: ignore[misc]
            apply(
                profile,
                read_catalog(
                    Environment(name=d, label=d, dsn=pg_server.dsn(d)), options
                ),
            )
            for d in (a, b)
        )
    finally:
        pg_server.drop_database(a)
        pg_server.drop_database(b)


def _severities(
    catalogs: tuple[Catalog, Catalog], rules: tuple[Rule, ...] = ()
) -> dict[tuple[str, str | None], tuple[Severity, str | None]]:
    a, b = catalogs
    return {
        (f.object, f.attribute): (f.severity, f.reason)
        for f in compare(a, b, kinds=KINDS, rules=rules).findings()
        if f.kind == "function"
    }


@pytest.mark.db
def test_a_security_definer_function_the_api_roles_can_run_is_critical(
    catalogs: tuple[Catalog, Catalog],
) -> None:
    got = _severities(catalogs)
    severity, reason = got[('public."Definer Fn"', None)]
    assert severity is Severity.CRITICAL
    assert reason is not None
    assert "PUBLIC, anon, authenticated can execute" in reason
    # In auth, PUBLIC has no USAGE: anon and authenticated still can.
    severity, reason = got[("auth.user_definer", None)]
    assert severity is Severity.CRITICAL
    assert reason is not None
    assert "anon, authenticated can execute" in reason
    assert "PUBLIC" not in reason
    # Nobody of the API's callers can run these: a missing function, high.
    assert got[("public.locked_definer", None)][0] is Severity.HIGH
    assert got[("public.for_service", None)][0] is Severity.HIGH
    assert got[("public.plain", None)][0] is Severity.HIGH
    # SECURITY DEFINER on one side only: critical by its own rule.
    assert got[("public.flip", "security_definer")][0] is Severity.CRITICAL


@pytest.mark.db
def test_a_users_rule_still_decides(catalogs: tuple[Catalog, Catalog]) -> None:
    rule = Rule(kind="function", object='public."Definer Fn"*', severity=Severity.LOW)
    got = _severities(catalogs, (rule,))
    assert got[('public."Definer Fn"', None)][0] is Severity.LOW
    assert got[("auth.user_definer", None)][0] is Severity.CRITICAL

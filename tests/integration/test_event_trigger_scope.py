"""Event triggers are database-wide: compared whatever the schema scope.

An event trigger fires on DDL in every schema, so one whose function lives in a
schema the settings leave out (``schemas.include``, or an excluded schema such
as ``extensions``) is still compared, by its function's qualified name. The
platform's own event triggers (their function one the profile lists as the
platform's, such as Supabase's ``extensions.pgrst_ddl_watch``) are left out.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pytest_dbparity.catalog import Catalog
from pytest_dbparity.catalog.introspect import ReadOptions, read_catalog
from pytest_dbparity.config import DEFAULT_EXCLUDED_SCHEMAS
from pytest_dbparity.environments import Environment
from pytest_dbparity.findings import compare
from pytest_dbparity.kinds.names import KINDS
from pytest_dbparity.platform import apply, load_profile
from tests.fix_db import PgServer

BASE = """
create schema app;
create schema "Ops Fns";
create schema extensions;
create table app.t (id int primary key);
create function "Ops Fns".log_ddl() returns event_trigger language plpgsql
  as $f$ begin end $f$;
create function extensions.user_watch() returns event_trigger language plpgsql
  as $f$ begin end $f$;
create function extensions.pgrst_ddl_watch() returns event_trigger language plpgsql
  as $f$ begin end $f$;
create event trigger "Log DDL" on ddl_command_end
  execute function "Ops Fns".log_ddl();
"""
#: Only in B: a user's trigger on a function in an excluded schema, the
#: platform's own one, and a change to the first one.
B_ONLY = """
create event trigger user_watch on sql_drop execute function extensions.user_watch();
create event trigger pgrst_ddl_watch on ddl_command_end
  execute function extensions.pgrst_ddl_watch();
alter event trigger "Log DDL" disable;
"""


@pytest.fixture(scope="module")
def databases(pg_server: PgServer) -> Iterator[tuple[str, str]]:
    a = pg_server.create_database(BASE, prefix="evtscope_a")
    try:
        b = pg_server.create_database(BASE + B_ONLY, prefix="evtscope_b")
    except BaseException:
        pg_server.drop_database(a)
        raise
    try:
        yield a, b
    finally:
        pg_server.drop_database(a)
        pg_server.drop_database(b)


def _findings(
    pg_server: PgServer, dbs: tuple[str, str], options: ReadOptions
) -> set[tuple[str, str, str | None]]:
    profile = load_profile(options.profile)
    cats: list[Catalog] = [
        apply(
            profile,
            read_catalog(Environment(name=d, label=d, dsn=pg_server.dsn(d)), options),
        )
        for d in dbs
    ]
    return {
        (f.object, f.change, f.attribute)
        for f in compare(cats[0], cats[1], kinds=KINDS).findings()
        if f.kind == "event_trigger"
    }


@pytest.mark.db
def test_event_triggers_compared_outside_the_included_schemas(
    pg_server: PgServer, databases: tuple[str, str]
) -> None:
    options = ReadOptions(
        kinds=KINDS, exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS, include_schemas=["app"]
    )
    assert _findings(pg_server, databases, options) == {
        ('"Log DDL"', "different", "enabled"),
        ("user_watch", "missing_in_a", None),
        ("pgrst_ddl_watch", "missing_in_a", None),  # no profile: a user's
    }


@pytest.mark.db
def test_the_platforms_event_triggers_are_left_out_by_the_profile(
    pg_server: PgServer, databases: tuple[str, str]
) -> None:
    profile = load_profile("supabase")
    assert profile is not None
    assert "extensions.pgrst_ddl_watch" in profile.platform_keys("function", 150000)
    assert "extensions.user_watch" not in profile.platform_keys("function", 150000)
    options = ReadOptions(
        kinds=KINDS,
        exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS,
        include_schemas=["app"],
        profile="supabase",
        partial_schemas=profile.schemas,
        partial_kinds=[k for k in KINDS if k in profile.kinds],
    )
    assert _findings(pg_server, databases, options) == {
        ('"Log DDL"', "different", "enabled"),
        ("user_watch", "missing_in_a", None),
    }

"""Table contents (kind ``data``) on real PostgreSQL: the two-sided comparison
finds exactly the rows that differ in a table too large to fetch, ignores
physical order and session settings, stays within its bounds and never shows a
sensitive value."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from psycopg.conninfo import make_conninfo
from psycopg.sql import SQL, Identifier

from pytest_dbparity.catalog import Catalog
from pytest_dbparity.catalog.introspect import ReadOptions, read_catalog
from pytest_dbparity.catalog.pairing import pair_catalogs
from pytest_dbparity.config import DEFAULT_EXCLUDED_SCHEMAS
from pytest_dbparity.core.reading import DataOptions
from pytest_dbparity.environments import Environment
from pytest_dbparity.findings import Finding, compare
from tests.fix_db import PgServer

Compare = Callable[..., list[Finding]]

TABLE = """
create table ref (
  id bigint primary key, label text, price numeric(10, 2), ratio float8,
  at timestamptz, day date, span interval, blob bytea, tags text[], doc jsonb,
  token text
);
insert into ref
select g, 'label ' || g, g / 7.0, g / 3.0, '2024-01-01 12:00+00'::timestamptz
  + g * interval '1 minute', '2024-01-01'::date + (g % 300), g * interval '1 second',
  decode(md5(g::text), 'hex'), array['t' || (g % 5)], jsonb_build_object('g', g),
  'secret-' || g
from generate_series(1, {n}) g;
"""


@contextmanager
def databases(pg_server: PgServer, a: str, b: str) -> Iterator[tuple[str, str]]:
    names = []
    try:
        for sql in (a, b):
            names.append(pg_server.create_database(sql, prefix="data"))
        yield names[0], names[1]
    finally:
        for name in names:
            pg_server.drop_database(name)


def read_pair(
    pg_server: PgServer, a: str, b: str, **data: object
) -> tuple[Catalog, Catalog]:
    options = ReadOptions(
        kinds=("data",),
        exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS,
        data=DataOptions(**{"tables": ("public.ref",), **data}),  # type: ignore[arg-type]
    )
    with databases(pg_server, a, b) as (name_a, name_b):
        envs = [
            Environment(name=n, label=n, dsn=pg_server.dsn(n)) for n in (name_a, name_b)
        ]
        cat_a, cat_b = (read_catalog(e, options) for e in envs)
        return pair_catalogs(envs[0], envs[1], cat_a, cat_b, options)


def findings(cats: tuple[Catalog, Catalog]) -> dict[str | None, Finding]:
    return {f.attribute: f for f in compare(*cats, kinds=("data",)).findings()}


def test_a_few_rows_differing_in_a_large_table_are_found_with_their_keys(
    pg_server: PgServer,
) -> None:
    a = TABLE.format(n=20_000)
    b = a + (
        "update ref set price = 0 where id in (17, 9000, 19999);"
        "delete from ref where id in (5, 12345);"
        "insert into ref (id, label) values (30000, 'x'), (30001, 'y');"
    )
    cats = read_pair(pg_server, a, b)
    got = findings(cats)
    assert [getattr(c.of("data")["public.ref"], "count", None) for c in cats] == [
        20_000,
        20_000,
    ]
    assert got["content"].a == "2 only in A, 3 differ"
    assert got["content"].b == "2 only in B, 3 differ"
    assert set(got) == {
        "content",
        "rows[id=5]",
        "rows[id=12345]",
        "rows[id=30000]",
        "rows[id=30001]",
        "values[id=17: price]",
        "values[id=9000: price]",
        "values[id=19999: price]",
    }
    assert (got["values[id=17: price]"].a, got["values[id=17: price]"].b) == (
        "2.43",
        "0.00",
    )


def test_order_and_session_settings_never_make_a_difference(
    pg_server: PgServer,
) -> None:
    a = TABLE.format(n=3000)
    # The same rows, inserted in reverse, in a database whose defaults change
    # how every value prints.
    b = (
        TABLE.format(n=3000).replace(
            "generate_series(1, 3000) g", "generate_series(3000, 1, -1) g"
        )
        + "do $$ begin execute format('alter database %I set TimeZone = "
        "''Asia/Tokyo''', current_database()); execute format('alter database "
        "%I set DateStyle = ''SQL, DMY''', current_database()); execute "
        "format('alter database %I set IntervalStyle = ''iso_8601''', "
        "current_database()); execute format('alter database %I set "
        "extra_float_digits = 0', current_database()); execute format('alter "
        "database %I set bytea_output = ''escape''', current_database()); end $$;"
    )
    got = findings(read_pair(pg_server, a, b))
    assert got == {}


def test_over_the_row_limit_is_not_compared_and_says_so(pg_server: PgServer) -> None:
    a = TABLE.format(n=500) + "analyze ref;"
    got = findings(read_pair(pg_server, a, a, row_limit=100))
    assert set(got) == {"content"}
    assert got["content"].a == "not compared: over budget (500 rows in A)"
    assert got["content"].b == "not compared: over budget (500 rows in B)"


def test_over_the_time_budget_is_not_compared_and_says_so(
    pg_server: PgServer,
) -> None:
    a = TABLE.format(n=200_000)
    got = findings(read_pair(pg_server, a, a, time_budget=0.001))
    assert set(got) == {"content"}
    assert got["content"].a.startswith("not compared: over budget (more than")


def test_sensitive_values_are_compared_never_shown(pg_server: PgServer) -> None:
    a = TABLE.format(n=100)
    b = a + "update ref set token = 'other-secret' where id = 3;"
    cats = read_pair(pg_server, a, b, sensitive_columns=("public.ref.token",))
    got = findings(cats)
    assert (got["values[id=3: token]"].a, got["values[id=3: token]"].b) == (
        "(hidden: A's value)",
        "(hidden: B's value)",
    )
    text = json.dumps(
        [f.__dict__ if hasattr(f, "__dict__") else repr(f) for f in got.values()]
    )
    assert "secret" not in text


def test_a_changed_column_type_is_the_finding_not_its_rows(
    pg_server: PgServer,
) -> None:
    a = TABLE.format(n=50)
    b = a + "alter table ref alter column price type numeric(12, 3);"
    got = findings(read_pair(pg_server, a, b))
    assert set(got) == {"columns"}


@pytest.mark.parametrize("platform", [True, False])
def test_platform_tables_need_no_configuration(
    pg_server: PgServer, platform: bool
) -> None:
    a = (
        "create schema storage; create table storage.buckets (id text primary key,"
        " public boolean, file_size_limit bigint, allowed_mime_types text[],"
        " created_at timestamptz default clock_timestamp());"
        "insert into storage.buckets (id, public) values ('a', false);"
    )
    b = a + "update storage.buckets set public = true;"
    got = findings(read_pair(pg_server, a, b, tables=(), platform=platform))
    if platform:
        assert (got["values[id=a: public]"].a, got["values[id=a: public]"].b) == (
            "false",
            "true",
        )
    else:
        assert got == {}


@pytest.mark.parametrize(
    ("grant", "why"),
    [
        ("", "the role may not read the table"),
        (
            "alter table ref enable row level security; grant select on ref to {role};",
            "row level security hides rows from the role; it needs to own the "
            "table or BYPASSRLS",
        ),
    ],
    ids=["no-select", "rls"],
)
def test_a_table_the_role_cannot_read_in_full_is_never_a_pass(
    grant: str, why: str, pg_server: PgServer
) -> None:
    """A role without SELECT, or one whose reads row level security filters (it
    would see no row, or only its policies' rows, on both sides): each side's
    reason is tagged with its letter, so the item fails instead of passing."""
    role = f"dbparity_noread_{uuid.uuid4().hex[:8]}"
    options = ReadOptions(
        kinds=("data",),
        exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS,
        data=DataOptions(tables=("public.ref",)),
    )
    with pg_server.connect() as conn:
        conn.execute(SQL("create role {} login").format(Identifier(role)))
    a = TABLE.format(n=10) + grant.format(role=role)
    try:
        with databases(pg_server, a, a + "delete from ref where id = 1;") as names:
            envs = [
                Environment(
                    name=n, label=n, dsn=make_conninfo(pg_server.dsn(n), user=role)
                )
                for n in names
            ]
            cat_a, cat_b = (read_catalog(e, options) for e in envs)
            got = findings(pair_catalogs(envs[0], envs[1], cat_a, cat_b, options))
    finally:
        with pg_server.connect() as conn:
            conn.execute(SQL("drop role {}").format(Identifier(role)))
    assert set(got) == {"content"}
    assert got["content"].a == f"not compared: {why} (in A)"
    assert got["content"].b == f"not compared: {why} (in B)"

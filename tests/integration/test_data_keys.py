"""How the data kind bisects a table on real servers: by key ranges where the
key is ordered alike everywhere and an index serves it, by hash ranges
otherwise; either way exactly the differing rows are found, with their keys,
and the fingerprint is the same on every server and major."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pytest

import pytest_dbparity.kinds.data.compare as data_compare
from pytest_dbparity.catalog import Catalog
from pytest_dbparity.catalog.introspect import ReadOptions, read_catalog
from pytest_dbparity.catalog.pairing import pair_catalogs
from pytest_dbparity.config import DEFAULT_EXCLUDED_SCHEMAS
from pytest_dbparity.core.reading import DataOptions
from pytest_dbparity.environments import Environment
from pytest_dbparity.findings import compare
from pytest_dbparity.kinds.data.sql import HASH_PROBE
from tests.fix_db import PgServer

Servers = tuple[PgServer, PgServer]


@contextmanager
def databases(servers: Servers, a: str, b: str) -> Iterator[tuple[str, str]]:
    made: list[tuple[PgServer, str]] = []
    try:
        for server, script in zip(servers, (a, b), strict=True):
            made.append((server, server.create_database(script, prefix="datakeys")))
        yield made[0][1], made[1][1]
    finally:
        for server, name in made:
            server.drop_database(name)


def options(**data: Any) -> ReadOptions:
    return ReadOptions(
        kinds=("data",),
        exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS,
        data=DataOptions(**{"tables": ("public.t",), **data}),
    )


def read_pair(servers: Servers, a: str, b: str, **data: Any) -> tuple[Catalog, Catalog]:
    opts = options(**data)
    with databases(servers, a, b) as names:
        envs = [
            Environment(name=f"side{i}", label=f"side{i}", dsn=server.dsn(name))
            for i, (server, name) in enumerate(zip(servers, names, strict=True))
        ]
        cat_a, cat_b = (read_catalog(e, opts) for e in envs)
        return pair_catalogs(envs[0], envs[1], cat_a, cat_b, opts)


def found(cats: tuple[Catalog, Catalog]) -> dict[str | None, tuple[Any, Any]]:
    return {f.attribute: (f.a, f.b) for f in compare(*cats, kinds=("data",)).findings()}


@pytest.fixture
def methods(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The bisection method each compared table used; small ranges fetched
    only below 16 rows, so that tables of a few thousand rows take several
    rounds and use every way of cutting and measuring a range."""
    used: list[str] = []
    by_keys, by_hashes = data_compare._bisect_keys, data_compare._bisect_hashes

    def keys(*args: Any) -> Any:
        used.append("keys")
        return by_keys(*args)

    def hashes(*args: Any) -> Any:
        used.append("hashes")
        return by_hashes(*args)

    monkeypatch.setattr(data_compare, "_bisect_keys", keys)
    monkeypatch.setattr(data_compare, "_bisect_hashes", hashes)
    monkeypatch.setattr(data_compare, "FETCH_ROWS", 16)
    # Cut the first range at sampled keys, as a large table's is.
    monkeypatch.setattr(data_compare, "SAMPLE_ROWS", 1000)
    return used


def drift(a: str, change: str) -> tuple[str, str]:
    return a, a + change


def test_composite_key_ranges(pg_server: PgServer, methods: list[str]) -> None:
    a, b = drift(
        'create table t (g int, name text collate "C", v int, primary key (g, name));'
        "insert into t select g % 7, 'n' || g, g from generate_series(1, 3000) g;",
        "update t set v = -1 where (g, name) in ((3, 'n3'), (0, 'n2996'));"
        "delete from t where (g, name) = (2, 'n1500');"
        "insert into t values (9, '', 0), (-1, 'zz', 0);",
    )
    got = found(read_pair((pg_server, pg_server), a, b))
    assert methods == ["keys"]
    assert got == {
        "content": (
            "1 only in A, 2 differ",
            "2 only in B, 2 differ",
        ),
        "rows[g=2, name=n1500]": ("only in A", None),
        "rows[g=-1, name=zz]": (None, "only in B"),
        "rows[g=9, name=]": (None, "only in B"),
        "values[g=3, name=n3: v]": ("3", "-1"),
        "values[g=0, name=n2996: v]": ("2996", "-1"),
    }


AWKWARD = [
    "",
    " ",
    "a b",
    "a,b",
    "(x)",
    'q"uote',
    "it's",
    "back\\slash",
    "NULL",
    "ñandú",
    "日本",
    "\t",
    "z" * 300,
]


def test_awkward_text_keys_in_byte_order(
    pg_server: PgServer, methods: list[str]
) -> None:
    values = ", ".join("(" + "'" + k.replace("'", "''") + "'" + ", 1)" for k in AWKWARD)
    a, b = drift(
        'create table t (k text collate "C" primary key, v int);'
        f"insert into t values {values};"
        "insert into t select 'k' || g, g from generate_series(1, 2000) g;",
        "update t set v = 2 where k in ('', 'it''s', 'ñandú', 'k777');"
        "delete from t where k in ('(x)', 'NULL');"
        "insert into t values ('new one', 0);",
    )
    got = found(read_pair((pg_server, pg_server), a, b))
    assert methods == ["keys"]
    assert got["content"] == (
        "2 only in A, 4 differ",
        "1 only in B, 4 differ",
    )
    assert {k for k in got if k != "content"} == {
        "rows[k=(x)]",
        "rows[k=NULL]",
        "rows[k=new one]",
        "values[k=: v]",
        "values[k=it's: v]",
        "values[k=ñandú: v]",
        "values[k=k777: v]",
    }


@pytest.mark.parametrize(
    ("key_type", "key_expr"),
    [
        ("bigint", "(g - 1500) * 6148914691236517"),  # both ends of bigint
        ("numeric", "(g - 1500) / 7.0"),
        ("uuid", "md5(g::text)::uuid"),
        ("timestamptz", "'2024-01-01 00:00+00'::timestamptz + g * interval '1 us'"),
        ("bytea", "decode(md5(g::text), 'hex')"),
    ],
)
def test_key_types_in_key_ranges(
    pg_server: PgServer, methods: list[str], key_type: str, key_expr: str
) -> None:
    a, b = drift(
        f"create table t (k {key_type} primary key, g int, v float8);"
        f"insert into t select {key_expr}, g, g / 3.0 from generate_series(1, 3000) g;",
        "update t set v = 0 where g in (1, 1500, 3000);delete from t where g = 2;",
    )
    got = found(read_pair((pg_server, pg_server), a, b))
    assert methods == ["keys"]
    assert got["content"] == (
        "1 only in A, 3 differ",
        "0 only in B, 3 differ",
    )
    named = [str(k) for k in got]
    assert len([k for k in named if k.startswith("values[")]) == 3
    assert len([k for k in named if k.startswith("rows[")]) == 1


def test_text_key_with_another_collation_on_one_side_uses_hashes(
    pg_server: PgServer, methods: list[str]
) -> None:
    if not pg_server.has_icu():
        pytest.skip("the server has no ICU collations")
    rows = (
        "insert into t select w, g from unnest(array['a', 'B', 'ä', 'Z', '_x',"
        " 'a b', 'ab']) with ordinality as u(w, g);"
        "insert into t select 'w' || g, g from generate_series(1, 1000) g;"
    )
    a = 'create table t (k text collate "C" primary key, v int);' + rows
    b = (
        'create table t (k text collate "en-x-icu" primary key, v int);'
        + rows
        + "update t set v = 0 where k in ('ä', 'Z', 'w500');"
    )
    got = found(read_pair((pg_server, pg_server), a, b))
    assert methods == ["hashes"]
    assert set(got) == {
        "content",
        "values[k=ä: v]",
        "values[k=Z: v]",
        "values[k=w500: v]",
    }


def test_a_configured_key_with_nulls_uses_hashes(
    pg_server: PgServer, methods: list[str]
) -> None:
    a, b = drift(
        "create table t (code text, v int);"
        "insert into t select case when g % 500 = 0 then null else 'c' || g end, g"
        " from generate_series(1, 2000) g;",
        "update t set v = 0 where code = 'c7';",
    )
    got = found(read_pair((pg_server, pg_server), a, b, keys={"public.t": ("code",)}))
    assert methods == ["hashes"]
    assert set(got) == {"content", "values[code=c7: v]"}


def test_a_table_without_key_is_a_multiset(
    pg_server: PgServer, methods: list[str]
) -> None:
    a, b = drift(
        "create table t (v int, w text);"
        "insert into t select g % 1000, 'w' from generate_series(1, 3000) g;",
        "delete from t where ctid = (select min(ctid) from t where v = 5);"
        "insert into t values (5000, 'x'), (5000, 'x');",
    )
    got = found(read_pair((pg_server, pg_server), a, b))
    assert methods == ["hashes"]
    assert got["content"] == (
        "1 only in A, 0 differ",
        "2 only in B, 0 differ",
    )
    assert set(got) == {"content", "rows[(5, w)]", "rows[(5000, x)]"}


def test_all_rows_differ(pg_server: PgServer, methods: list[str]) -> None:
    a, b = drift(
        "create table t (id int primary key, v int);"
        "insert into t select g, g from generate_series(1, 3000) g;",
        "update t set v = -v;",
    )
    got = found(read_pair((pg_server, pg_server), a, b, max_keys=3))
    assert methods == ["keys"]
    assert got["content"] == (
        "0 only in A, 3,000 differ",
        "0 only in B, 3,000 differ",
    )
    assert set(got) == {"content"} | {f"values[id={i}: v]" for i in (1, 2, 3)}


@pytest.mark.parametrize("empty", ["a", "b"])
def test_no_rows_on_one_side(
    pg_server: PgServer, methods: list[str], empty: str
) -> None:
    table = "create table t (id int primary key, v int);"
    full = table + "insert into t select g, g from generate_series(1, 3000) g;"
    a, b = (table, full) if empty == "a" else (full, table)
    got = found(read_pair((pg_server, pg_server), a, b, max_keys=2))
    assert methods == ["keys"]
    if empty == "a":
        assert got["content"] == (
            "0 only in A, 0 differ",
            "3,000 only in B, 0 differ",
        )
        assert set(got) == {"content", "rows[id=1]", "rows[id=2]"}
    else:
        assert got["content"] == (
            "3,000 only in A, 0 differ",
            "0 only in B, 0 differ",
        )


MIXED = """
create table t (
  id bigint primary key, label text, price numeric(12, 2), ratio float8,
  at timestamptz, day date, span interval, flag boolean, tags text[], doc jsonb,
  ref uuid, blob bytea, vc varchar(20), ch char(3), t time, ts timestamp, j json,
  r real, mood_text text
);
insert into t
select g, 'label ñ ' || g, g / 7.0, g / 3.0,
  '2024-01-01 00:00+00'::timestamptz + g * interval '1 second',
  '2024-01-01'::date + (g % 1000), g * interval '1 minute 3 seconds', g % 2 = 0,
  array['t' || (g % 7), null], jsonb_build_object('g', g, 'h', g % 13, 'f', 1.50),
  md5(g::text)::uuid, decode(md5(g::text), 'hex'), 'v' || g, 'c', '12:34:56.789',
  '2024-02-29 23:59:59.999999', '{"b": 1,  "a": [1, 2.0]}', g / 9.0,
  case when g % 3 = 0 then null else 'm' end
from generate_series(1, 500) g;
"""


def fingerprint(server: PgServer, name: str) -> str:
    env = Environment(name="x", label="x", dsn=server.dsn(name))
    obj = read_catalog(env, options()).of("data")["public.t"]
    return str(obj.content)  # type: ignore[attr-defined]


@pytest.mark.parametrize("other", ["pg16_server", "pg18_server"])
def test_the_fingerprint_is_the_same_on_every_major(
    pg_server: PgServer, other: str, request: pytest.FixtureRequest
) -> None:
    server: PgServer = request.getfixturevalue(other)
    with databases((pg_server, server), MIXED, MIXED) as (name_a, name_b):
        here, there = fingerprint(pg_server, name_a), fingerprint(server, name_b)
    assert here.startswith("500 rows, fingerprint ")
    assert here == there


def test_key_ranges_across_majors(
    pg_server: PgServer, pg18_server: PgServer, methods: list[str]
) -> None:
    a, b = drift(
        MIXED, "update t set price = 0 where id = 250; delete from t where id = 3;"
    )
    got = found(read_pair((pg_server, pg18_server), a, b))
    assert methods == ["keys"]
    assert set(got) == {"content", "rows[id=3]", "values[id=250: price]"}


def test_servers_of_one_byte_order_hash_alike(
    pg_server: PgServer, pg18_server: PgServer
) -> None:
    """The fast range hash is used only where both servers' hashtextextended
    agree on the probe: here (one machine) they do, on PG15 and PG18."""
    with databases((pg_server, pg18_server), "", "") as (name_a, name_b):
        with (
            psycopg.connect(pg_server.dsn(name_a)) as ca,
            psycopg.connect(pg18_server.dsn(name_b)) as cb,
            ca.cursor() as a,
            cb.cursor() as b,
        ):
            assert data_compare._hash_alike((a, b))
            a.execute(HASH_PROBE)
            row = a.fetchone()
            assert row is not None
            assert len(set(row[0].strip("{}").split(","))) == 81


@pytest.mark.parametrize("key", ["id int primary key", "id int"])
def test_md5_ranges_where_servers_hash_apart(
    pg_server: PgServer,
    methods: list[str],
    monkeypatch: pytest.MonkeyPatch,
    key: str,
) -> None:
    """Servers whose hashtextextended differ (another byte order) compare
    ranges by md5: the same rows are found."""
    monkeypatch.setattr(data_compare, "_hash_alike", lambda cursors: False)
    a, b = drift(
        f"create table t ({key}, v int);"
        "insert into t select g, g from generate_series(1, 3000) g;",
        "update t set v = 0 where id in (7, 2999); delete from t where id = 1500;",
    )
    got = found(read_pair((pg_server, pg_server), a, b))
    if key.endswith("primary key"):
        assert methods == ["keys"]
        assert set(got) == {
            "content",
            "rows[id=1500]",
            "values[id=7: v]",
            "values[id=2999: v]",
        }
    else:
        assert methods == ["hashes"]
        assert got["content"] == (
            "3 only in A, 0 differ",
            "2 only in B, 0 differ",
        )

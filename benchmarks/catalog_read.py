"""Read the catalogs of two databases, one way or another, and say how long it took.

Modes:

* ``read``: ``pytest_dbparity.catalog.introspect.read_catalog`` for both databases,
  every kind, the default schema exclusions and the Supabase migration table, as
  the plugin reads them (models built).
* ``floor``: the same per-kind SQL files, with the same session settings and
  parameters, executed raw (``cursor.fetchall()`` of tuples, no model building):
  the cost of the catalog queries alone.
* ``raw``: a minimal hand-written ``select * from pg_class`` (pg_attribute,
  pg_constraint, pg_index, pg_proc, ...) per catalog table: what the server needs
  to hand over the catalog rows without any formatting function.

Every mode reads both databases at the same time, one thread and connection each,
as the plugin does. Prints one JSON line: ``{"mode": ..., "seconds": inner time,
"rows": n}``; the inner time starts before connecting and excludes the
interpreter's start and the imports.

Usage: ``python benchmarks/catalog_read.py MODE DSN_A DSN_B [--kinds KINDS]``

``--kinds``: ``all`` (default), ``before-issue-12`` (the kinds compared before
issue 12 added default privileges, publications, roles, settings, event
triggers, rules, aggregates, collations, statistics, text search, casts,
operators and foreign data; the attributes it added to the older kinds are read
all the same), or a comma-separated list of kinds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import psycopg

from pytest_dbparity.catalog.introspect import ReadOptions, query_params, read_catalog
from pytest_dbparity.catalog.queries import load_query
from pytest_dbparity.config import DEFAULT_EXCLUDED_SCHEMAS
from pytest_dbparity.environments import Environment
from pytest_dbparity.kinds.names import KINDS, Kind
from pytest_dbparity.kinds.registry import REGISTRY

MIGRATIONS_TABLE = "supabase_migrations.schema_migrations"

#: The kinds read before issue 12 ("Everything a user can create is compared").
BEFORE_ISSUE_12: tuple[Kind, ...] = (
    "schema",
    "extension",
    "table",
    "column",
    "constraint",
    "index",
    "rls",
    "policy",
    "function",
    "trigger",
    "view",
    "sequence",
    "type",
    "privilege",
    "migration",
    "row_count",
)


def kinds_from(text: str) -> tuple[Kind, ...]:
    """The kinds ``--kinds`` names, in registry order."""
    if text == "all":
        return KINDS
    wanted = set(BEFORE_ISSUE_12 if text == "before-issue-12" else text.split(","))
    unknown = wanted - set(KINDS)
    if unknown:
        raise SystemExit(f"unknown kinds: {', '.join(sorted(unknown))}")
    return tuple(k for k in KINDS if k in wanted)


RAW_TABLES = (
    "pg_namespace",
    "pg_class",
    "pg_attribute",
    "pg_attrdef",
    "pg_constraint",
    "pg_index",
    "pg_proc",
    "pg_policy",
    "pg_trigger",
    "pg_type",
    "pg_enum",
    "pg_sequence",
    "pg_rewrite",
    "pg_description",
    "pg_depend",
    "pg_extension",
)


def _read(dsn: str, kinds: tuple[Kind, ...]) -> int:
    env = Environment(name="bench", label="bench", dsn=dsn, from_dsn=True)
    options = ReadOptions(
        kinds=kinds,
        exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS,
        migrations_table=MIGRATIONS_TABLE,
    )
    catalog = read_catalog(env, options)
    return sum(len(objs) for objs in catalog.objects.values())


def _session(dsn: str) -> psycopg.Connection[tuple[object, ...]]:
    conn = psycopg.connect(
        dsn, application_name="dbparity-bench", prepare_threshold=None
    )
    conn.read_only = True
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    conn.execute(
        "select set_config('search_path', 'pg_catalog', true),"
        " set_config('statement_timeout', '30000', true),"
        " set_config('jit', 'off', true)"
    )
    return conn


def _floor(dsn: str, kinds: tuple[Kind, ...]) -> int:
    params = query_params(DEFAULT_EXCLUDED_SCHEMAS, None)
    rows = 0
    with _session(dsn) as conn, conn.cursor() as cur:
        major = conn.info.server_version // 10000
        for spec in REGISTRY:  # each kind's query, as the reader picks it
            if spec.query is not None and spec.name in kinds:
                cur.execute(spec.sql(major), params)
                rows += len(cur.fetchall())
        cur.execute(
            "select version::text, name::text,"
            " md5(array_to_string(statements, E'\\n'))"
            f" from {MIGRATIONS_TABLE} order by version"
        )
        rows += len(cur.fetchall())
        cur.execute(load_query("unchecked"), params)
        rows += len(cur.fetchall())
        conn.rollback()
    return rows


def _raw(dsn: str, kinds: tuple[Kind, ...]) -> int:
    del kinds  # the catalog tables, whatever the kinds
    rows = 0
    with _session(dsn) as conn, conn.cursor() as cur:
        for table in RAW_TABLES:
            cur.execute(f"select * from {table}")  # a fixed list of names
            rows += len(cur.fetchall())
        conn.rollback()
    return rows


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=("read", "floor", "raw"))
    parser.add_argument("dsn_a")
    parser.add_argument("dsn_b")
    parser.add_argument("--kinds", default="all")
    args = parser.parse_args(argv)
    kinds = kinds_from(args.kinds)
    reader = {"read": _read, "floor": _floor, "raw": _raw}[args.mode]
    start = time.perf_counter()
    # Both databases at once, one thread each, as the plugin reads them (and so
    # the floor and raw figures stand for the same two connections in parallel).
    with ThreadPoolExecutor(2) as pool:
        rows = sum(pool.map(lambda dsn: reader(dsn, kinds), (args.dsn_a, args.dsn_b)))
    seconds = time.perf_counter() - start
    out: dict[str, object] = {"mode": args.mode, "seconds": seconds, "rows": rows}
    if args.kinds != "all":
        out["kinds"] = args.kinds
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

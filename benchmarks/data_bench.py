"""Benchmark of the data kind (issue 14): a pair of N-row tables with mixed
column types, equal and with 10 changed, 10 missing and 10 extra rows.

Times, side by side: the floor (``SELECT count(*), sum(hashtext(t::text))`` on
both sides), dbparity's comparison (each side's read of the kind, then the
two-sided comparison), and reladiff (PyPI) where it imports; peak client memory
of dbparity's comparison (tracemalloc). Appends a dated section to
``benchmarks/RESULTS.md`` unless ``--out -``.

    python benchmarks/data_bench.py --rows 1000000
    python benchmarks/data_bench.py --rows 100000 --out -     # quick
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
import tracemalloc
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pytest_dbparity.catalog.introspect import ReadOptions, read_catalog  # noqa: E402
from pytest_dbparity.catalog.pairing import pair_catalogs  # noqa: E402
from pytest_dbparity.core.reading import DataOptions  # noqa: E402
from pytest_dbparity.environments import Environment  # noqa: E402
from pytest_dbparity.findings import compare  # noqa: E402

SERVER = os.environ.get(
    "DBPARITY_BENCH_SERVER", "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
)

TABLE = """
create table bench (
  id bigint primary key, label text, price numeric(12, 2), ratio float8,
  at timestamptz, day date, span interval, flag boolean, tags text[], doc jsonb,
  ref uuid
);
insert into bench
select g, 'label ' || g, g / 7.0, g / 3.0,
  '2024-01-01 00:00+00'::timestamptz + g * interval '1 second',
  '2024-01-01'::date + (g % 1000), g * interval '1 minute', g % 2 = 0,
  array['t' || (g % 7), 'u' || (g % 11)], jsonb_build_object('g', g, 'h', g % 13),
  md5(g::text)::uuid
from generate_series(1, {n}) g;
analyze bench;
"""

DRIFT = """
update bench set price = price + 1 where id in
  (select g * {step} from generate_series(1, 10) g);
delete from bench where id in (select g * {step} + 1 from generate_series(1, 10) g);
insert into bench (id, label)
  select {n} + g, 'extra ' || g from generate_series(1, 10) g;
analyze bench;
"""


def create(name: str, sql: str) -> str:
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f'create database "{name}"')
    dsn = make_conninfo(SERVER, dbname=name)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql)
    return dsn


def drop(name: str) -> None:
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f'drop database if exists "{name}" with (force)')


def timed(fn: Callable[[], Any], rounds: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def floor(dsns: tuple[str, str]) -> None:
    for dsn in dsns:
        with psycopg.connect(dsn) as conn:
            conn.execute(
                "select count(*), sum(hashtext(t::text)) from bench t"
            ).fetchone()


OPTIONS = ReadOptions(
    kinds=("data",),
    exclude_schemas=(),
    data=DataOptions(tables=("public.bench",), row_limit=10**9, time_budget=600),
)


def dbparity(dsns: tuple[str, str]) -> list[str]:
    envs = [
        Environment(name=n, label=n, dsn=d) for n, d in zip("ab", dsns, strict=True)
    ]
    a, b = (read_catalog(e, OPTIONS) for e in envs)
    a, b = pair_catalogs(envs[0], envs[1], a, b, OPTIONS)
    return [str(f.attribute) for f in compare(a, b, kinds=("data",)).findings()]


def dbparity_memory(dsns: tuple[str, str]) -> int:
    tracemalloc.start()
    dbparity(dsns)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def reladiff_run(dsns: tuple[str, str]) -> int | None:
    try:
        from reladiff import (  # type: ignore[import-not-found,import-untyped,unused-ignore]
            connect_to_table,
            diff_tables,
        )
    except ImportError:
        return None
    urls = []
    for dsn in dsns:
        parts = dict(p.split("=", 1) for p in dsn.split())
        user, host = parts.get("user", "postgres"), parts.get("host", "127.0.0.1")
        port = parts.get("port", "5432")
        urls.append(f"postgresql://{user}@{host}:{port}/{parts['dbname']}")
    columns = ("label", "price", "ratio", "at", "day", "span", "flag", "doc", "ref")
    t1 = connect_to_table(urls[0], "bench", "id", extra_columns=columns)
    t2 = connect_to_table(urls[1], "bench", "id", extra_columns=columns)
    return sum(1 for _ in diff_tables(t1, t2, threaded=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "RESULTS.md"))
    args = parser.parse_args()
    n, tag = args.rows, uuid.uuid4().hex[:8]
    names = [f"databench_{tag}_{s}" for s in ("a", "same", "drift")]
    lines = []
    try:
        base = TABLE.format(n=n)
        dsn_a = create(names[0], base)
        dsn_same = create(names[1], base)
        dsn_drift = create(names[2], base + DRIFT.format(n=n, step=n // 11))
        rows = []
        for label, pair in (
            ("equal", (dsn_a, dsn_same)),
            ("10 changed, 10 missing, 10 extra", (dsn_a, dsn_drift)),
        ):
            t_floor, _ = timed(partial(floor, pair), args.rounds)
            t_ours, found = timed(partial(dbparity, pair), args.rounds)
            mem = dbparity_memory(pair)
            t_rel, rel = timed(partial(reladiff_run, pair), 1)
            rows.append((label, t_floor, t_ours, mem, found, t_rel, rel))
        lines.append(
            f"### {datetime.date.today().isoformat()}: data kind, {n:,} rows "
            f"({platform.machine()}, {os.cpu_count()} cores, median of "
            f"{args.rounds}; reladiff one round)"
        )
        lines.append("")
        lines.append(
            "| tables | floor (count + sum(hashtext), both sides) | dbparity | x floor "
            "| dbparity peak memory | found | reladiff | x floor |"
        )
        lines.append("|---|---:|---:|---:|---:|---|---:|---:|")
        for label, tf, to, mem, found, tr, rel in rows:
            keys = [f for f in found if f != "content"]
            lines.append(
                f"| {label} | {tf:.2f} s | {to:.2f} s | {to / tf:.2f} "
                f"| {mem / 1e6:.1f} MB | {len(keys)} keys named "
                f"(max_keys 10 each) | "
                + (f"{tr:.2f} s | {tr / tf:.2f} |" if rel is not None else "n/a | |")
            )
    finally:
        for name in names:
            drop(name)
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out != "-":
        with open(args.out, "a", encoding="utf-8") as out:
            out.write("\n" + text)


if __name__ == "__main__":
    main()

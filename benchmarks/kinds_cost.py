"""What the catalog queries of a set of kinds cost the server, in CPU seconds.

Wall time on a shared machine swings by tens of percent from one run to the next;
the CPU time the server process spends on the queries (``utime + stime`` of its
backend, from ``/proc``, so the server must run on this machine) swings much less.
For each variant, in each round (the order alternating), a fresh connection runs
every catalog query of the variant once, each in a transaction of its own (as
``catalog_read.py floor`` does, with JIT off as the reader sets it), and the
backend's CPU time is taken before and after (its parallel workers' CPU is not
counted: a query that keeps its work out of them, e.g. by a correlated subquery
per row, shows here as more). Variants:

* ``all``: every kind of this checkout;
* ``before-issue-12``: this checkout's queries of the kinds compared before issue
  12 (their new attributes included);
* ``baseline``: with ``--baseline DIR``, the queries of another checkout (e.g. an
  unpacked ``git archive`` of the commit before issue 12), all its kinds.

``--per-kind``: instead, the CPU of each kind's query on its own (median over
the rounds), one JSON line per kind, most costly first; given two DSNs (the
same generator at two sizes, say 10,000 and 50,000 tables), also the ratio of
the second to the first, which shows a query that grows faster than the
catalog.

Usage::

    python benchmarks/kinds_cost.py DSN [--rounds 5] [--baseline DIR]
    python benchmarks/kinds_cost.py DSN [DSN_LARGER] --per-kind [--rounds 3] \
        [--no-deparse]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import psycopg

from pytest_dbparity.catalog.introspect import query_params
from pytest_dbparity.config import DEFAULT_EXCLUDED_SCHEMAS

sys.path.insert(0, str(Path(__file__).parent))
from catalog_read import BEFORE_ISSUE_12

#: Printed by a child interpreter run in a checkout: its queries, by kind.
_QUERIES = """
import json, sys
from pytest_dbparity.kinds.registry import REGISTRY
from pytest_dbparity.catalog.queries import load_query
major = int(sys.argv[1])
out = {s.name: s.sql(major) for s in REGISTRY if s.query is not None}
try:
    out["unchecked"] = load_query("unchecked", major)
except TypeError:  # older checkouts
    out["unchecked"] = load_query("unchecked")
print(json.dumps(out))
"""


def queries(checkout: Path, major: int) -> dict[str, str]:
    """The catalog queries of *checkout* (kind -> SQL) for a server *major*."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    text = subprocess.check_output(
        [sys.executable, "-c", _QUERIES, str(major)], cwd=checkout, env=env
    )
    result: dict[str, str] = json.loads(text)
    return result


def backend_cpu(pid: int) -> float:
    """CPU seconds (user + system) the process *pid* has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_once(dsn: str, sqls: Mapping[str, str], *, deparse: bool = True) -> float:
    params = query_params(DEFAULT_EXCLUDED_SCHEMAS, None, deparse=deparse)
    with psycopg.connect(dsn, prepare_threshold=None, autocommit=True) as conn:
        conn.execute("set search_path = pg_catalog")
        conn.execute("set jit = off")
        conn.autocommit = False
        pid = conn.info.backend_pid
        before = backend_cpu(pid)
        for sql in sqls.values():
            conn.execute(sql.encode(), params).fetchall()
            conn.rollback()
        return backend_cpu(pid) - before


def per_kind(
    dsns: Sequence[str], rounds: int, *, deparse: bool = True
) -> list[dict[str, object]]:
    """Each kind's query CPU on each DSN (median of *rounds*), most costly
    first on the last DSN; with two DSNs, the ratio of the second to the
    first."""
    with psycopg.connect(dsns[0]) as conn:
        major = conn.info.server_version // 10000
    here = queries(Path(__file__).resolve().parents[1], major)
    rows = []
    for kind, sql in here.items():
        medians = [
            statistics.median(
                run_once(dsn, {kind: sql}, deparse=deparse) for _ in range(rounds)
            )
            for dsn in dsns
        ]
        row: dict[str, object] = {"kind": kind, "cpu": [round(m, 3) for m in medians]}
        if len(medians) == 2 and medians[0] > 0:
            row["ratio"] = round(medians[1] / medians[0], 2)
        rows.append(row)
    rows.sort(key=lambda r: -float(r["cpu"][-1]))  # type: ignore[index]
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dsn")
    parser.add_argument("larger", nargs="?", help="with --per-kind: a larger DSN")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--baseline", type=Path, help="another checkout to compare")
    parser.add_argument("--per-kind", action="store_true", help="each kind alone")
    parser.add_argument(
        "--no-deparse",
        action="store_true",
        help="definitions not deparsed (as batched reads run the queries; for "
        "servers whose lock table cannot deparse them all in one transaction)",
    )
    args = parser.parse_args(argv)
    if args.per_kind:
        dsns = [args.dsn, *([args.larger] if args.larger else [])]
        for row in per_kind(dsns, args.rounds, deparse=not args.no_deparse):
            print(json.dumps(row))
        return 0
    if args.larger:
        parser.error("a second DSN goes with --per-kind only")
    with psycopg.connect(args.dsn) as conn:
        major = conn.info.server_version // 10000
    here = queries(Path(__file__).resolve().parents[1], major)
    variants: dict[str, dict[str, str]] = {}
    if args.baseline:
        variants["baseline"] = queries(args.baseline.resolve(), major)
    before = set(BEFORE_ISSUE_12) | {"unchecked"}
    variants["before-issue-12"] = {k: q for k, q in here.items() if k in before}
    variants["all"] = here
    seconds: dict[str, list[float]] = {name: [] for name in variants}
    for r in range(args.rounds):
        order = list(variants) if r % 2 == 0 else list(reversed(variants))
        for name in order:
            seconds[name].append(run_once(args.dsn, variants[name]))
    for name, values in seconds.items():
        print(
            json.dumps(
                {
                    "variant": name,
                    "backend_cpu_median": round(statistics.median(values), 3),
                    "rounds": [round(v, 2) for v in values],
                }
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

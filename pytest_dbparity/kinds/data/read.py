"""One side's read of the data kind: which tables, their compared columns and
key, and each table's fingerprint in one aggregate query (no row travels)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from importlib import resources
from typing import Any

import psycopg

from pytest_dbparity.core.identifiers import quote_ident
from pytest_dbparity.core.reading import DataOptions, ReadOptions
from pytest_dbparity.kinds.data.sql import fingerprint_query, pin_output

#: The platform's configuration tables, compared wherever they exist (Supabase
#: storage buckets, pg_cron jobs, vault secrets): their key and the columns
#: compared (never a secret's value).
PLATFORM: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]] = {
    ("storage", "buckets"): (
        ("id",),
        ("id", "public", "file_size_limit", "allowed_mime_types"),
    ),
    ("cron", "job"): (
        ("jobname",),
        ("jobname", "schedule", "command", "database", "active"),
    ),
    ("vault", "secrets"): (("name",), ("name", "description")),
}

OVER_BUDGET = "not compared: over budget"


def like_pattern(glob: str) -> str:
    """A ``schema.table`` glob (``*``, ``?``) as a LIKE pattern."""
    out = []
    for ch in glob:
        if ch in "%_\\":
            out.append("\\" + ch)
        elif ch == "*":
            out.append("%")
        elif ch == "?":
            out.append("_")
        else:
            out.append(ch)
    return "".join(out)


def matches(patterns: Sequence[str], name: str) -> bool:
    return any(fnmatchcase(name, p) for p in patterns)


@dataclass(frozen=True, slots=True)
class DataTable:
    """A table to compare, as one side has it."""

    schema: str
    name: str
    names: tuple[str, ...]  # compared columns, by name
    types: tuple[str, ...]
    key: tuple[str, ...]
    sensitive: tuple[str, ...]
    estimate: int | None
    readable: bool
    #: Row level security filters the role's reads of the table.
    filtered: bool = False


def chosen_tables(rows: list[dict[str, Any]], data: DataOptions) -> list[DataTable]:
    """The tables of *rows* (``tables.sql``) the settings or the platform name,
    with the columns compared and the key."""
    out = []
    for r in rows:
        schema, name = r["schema"], r["table"]
        qualified = f"{schema}.{name}"
        user = matches(data.tables, qualified)
        platform = PLATFORM.get((schema, name)) if data.platform else None
        if not user and platform is None:
            continue
        columns = dict(zip(r["names"], r["types"], strict=True))
        if user:
            names = [
                c
                for c in r["names"]
                if not matches(data.exclude_columns, f"{qualified}.{c}")
            ]
            key = list(data.keys.get(qualified, r["pkey"] or ()))
        else:
            assert platform is not None
            names = sorted(c for c in platform[1] if c in columns)
            key = list(platform[0])
        if not all(k in names for k in key):
            key = []  # a key column excluded or absent: compared as a multiset
        sensitive = [
            c for c in names if matches(data.sensitive_columns, f"{qualified}.{c}")
        ]
        out.append(
            DataTable(
                schema=schema,
                name=name,
                names=tuple(names),
                types=tuple(columns[c] for c in names),
                key=tuple(key),
                sensitive=tuple(sensitive),
                estimate=r["estimate"],
                readable=bool(r["readable"]),
                filtered=bool(r.get("filtered")),
            )
        )
    return out


def rows(n: int) -> str:
    """``1 row``, ``2,000 rows``."""
    return f"{n:,} row" + ("" if n == 1 else "s")


def digest(count: int, total: str) -> str:
    """A short, stable name of a fingerprint (row count and hash sum)."""
    return hashlib.sha256(f"{count}:{total}".encode()).hexdigest()[:16]


def read_data(
    cur: psycopg.Cursor[Any], options: ReadOptions
) -> tuple[list[dict[str, Any]], str | None]:
    """Rows of the ``Data`` model, one per table: its columns, key, row count and
    fingerprint (or why it was not compared)."""
    data = options.data
    patterns = [like_pattern(p) for p in data.tables]
    if data.platform:
        patterns += [like_pattern(f"{s}.{t}") for s, t in PLATFORM]
    if not patterns:
        return [], None
    text = resources.files(__package__).joinpath("tables.sql").read_text("utf-8")
    cur.execute(text, {"patterns": patterns})
    tables = chosen_tables(cur.fetchall(), data)
    pin_output(cur)
    out = []
    for t in tables:
        row: dict[str, Any] = {
            "schema": t.schema,
            "table": t.name,
            "columns": tuple(
                f"{quote_ident(n)} {ty}" for n, ty in zip(t.names, t.types, strict=True)
            ),
            "key_columns": t.key,
            "content": "",
            "count": None,
            "names": t.names,
            "sensitive": t.sensitive,
        }
        if not t.readable:
            row["content"] = "not compared: the role may not read the table"
        elif t.filtered:
            row["content"] = (
                "not compared: row level security hides rows from the role; it "
                "needs to own the table or BYPASSRLS"
            )
        elif t.estimate is not None and t.estimate > data.row_limit:
            row["content"] = f"{OVER_BUDGET} ({rows(t.estimate)})"
        else:
            found = fingerprint(cur, t, options)
            if found is None:
                row["content"] = (
                    f"{OVER_BUDGET} (more than {data.time_budget:g}s to fingerprint)"
                )
            else:
                count, total = found
                if count > data.row_limit:
                    row["content"] = f"{OVER_BUDGET} ({rows(count)})"
                else:
                    row["count"] = count
                    row["content"] = (
                        f"{rows(count)}, fingerprint {digest(count, total)}"
                    )
        out.append(row)
    unmatched = [
        p
        for p in data.tables
        if not any(fnmatchcase(f"{t.schema}.{t.name}", p) for t in tables)
    ]
    note = None
    if unmatched:
        note = "data: no table matches " + ", ".join(unmatched)
    return out, note


def fingerprint(
    cur: psycopg.Cursor[Any], table: DataTable, options: ReadOptions
) -> tuple[int, str] | None:
    """``(rows, sum of row hashes)`` of *table*, or None when it takes longer
    than the time budget (the transaction goes on: a savepoint is undone)."""
    cur.execute("savepoint dbparity_data")
    budget_ms = str(max(1, round(options.data.time_budget * 1000)))
    cur.execute("select set_config('statement_timeout', %s, true)", (budget_ms,))
    try:
        cur.execute(
            fingerprint_query(table.schema, table.name, table.names, table.types)
        )
        row = cur.fetchone()
    except psycopg.errors.QueryCanceled:
        cur.execute("rollback to savepoint dbparity_data")
        row = None
    else:
        cur.execute("release savepoint dbparity_data")
    ms = str(max(1, round(options.statement_timeout * 1000)))
    cur.execute("select set_config('statement_timeout', %s, true)", (ms,))
    if row is None:
        return None
    values = list(row.values()) if isinstance(row, dict) else list(row)
    return int(values[0]), str(values[1])

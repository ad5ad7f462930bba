"""Deparsing in batches: when views and SQL-standard function bodies would hold
too much of the server's lock table in one transaction, they are deparsed a batch
at a time, each in a transaction of its own that imports the read's snapshot."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import psycopg
from psycopg import sql

from pytest_dbparity.catalog.connection import _pin_session, connect
from pytest_dbparity.catalog.queries import load_query
from pytest_dbparity.core.reading import ReadOptions as ReadOptions
from pytest_dbparity.environments import Environment

#: Objects deparsed per transaction in a batched read (each locks what it uses).
DEPARSE_BATCH = 200


def _out_of_locks(exc: psycopg.Error) -> bool:
    return isinstance(exc, psycopg.errors.OutOfMemory) and "max_locks" in str(
        exc.diag.message_hint or ""
    )


class _OutOfLocks(Exception):
    """The server's lock table was full."""

    def __init__(self, what: str, error: psycopg.Error) -> None:
        super().__init__(what)
        self.what = what
        self.error = error


def _needs_batches(cur: psycopg.Cursor[Any], params: Mapping[str, Any]) -> bool:
    """Whether deparsing in one transaction would take more than a quarter of the
    server's lock table (counting two locks per view or SQL-standard function):
    it would crowd out other sessions, which then fail with "out of shared
    memory", or fail itself."""
    cur.execute(load_query("lock_budget"), params)
    row = cur.fetchone()
    assert row is not None
    return bool(2 * row["deparsed"] > row["lock_slots"] // 4)


def _deparse_in_batches(
    env: Environment,
    options: ReadOptions,
    query: str,
    params: Mapping[str, Any],
    deparsed: Sequence[int],
    rows: list[tuple[Any, ...]],
    snapshot: str,
) -> list[tuple[Any, ...]]:
    """*rows* (read with deparse off; first column the oid) with the columns at
    *deparsed* filled in: the same query for ``DEPARSE_BATCH`` oids at a time, each
    batch in a transaction of its own that imports *snapshot* (the main read's),
    so it sees the same catalog and its locks end with it."""
    wanted = [row[0] for row in rows if any(row[i] is None for i in deparsed)]
    found: dict[Any, tuple[Any, ...]] = {}
    set_snapshot = sql.SQL("set transaction snapshot {}").format(sql.Literal(snapshot))
    with connect(env, connect_timeout=options.connect_timeout) as conn:
        with conn.cursor() as cur:
            for start in range(0, len(wanted), DEPARSE_BATCH):
                batch = wanted[start : start + DEPARSE_BATCH]
                try:
                    cur.execute(set_snapshot)
                except psycopg.errors.InvalidParameterValue as exc:
                    raise _SnapshotNotShared(exc) from None
                _pin_session(cur, options.statement_timeout)
                cur.execute(query, {**params, "deparse": True, "oids": batch})
                found.update((row[0], row) for row in cur.fetchall())
                conn.rollback()
    out = []
    for row in rows:
        full = found.get(row[0])
        if full is None and any(row[i] is None for i in deparsed):
            raise AssertionError(f"object {row[0]} not found again on the snapshot")
        out.append(full or row)
    return out


class _SnapshotNotShared(Exception):
    """The second connection of a batched read could not import the read's
    snapshot: a transaction pooler gave it a server connection of its own
    choosing, or none that could see the exporting transaction."""

    def __init__(self, error: psycopg.Error) -> None:
        super().__init__(str(error))
        self.error = error

"""Both live sides of the data kind compared together.

Tables whose fingerprints agree cost nothing more. For the others, key-hash
ranges whose fingerprints differ are split (one aggregate query per side and
round) until they hold few enough rows to fetch; only those rows travel, so a
few differing rows in a large table cost a few round trips and client memory
bounded by the split and fetch sizes, not by the table.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import time
from collections.abc import Callable, Iterator
from typing import Any

import psycopg

from pytest_dbparity.core.identifiers import quote_ident
from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.core.reading import ReadOptions
from pytest_dbparity.kinds.data.ranges import (
    FETCH_ROWS,
    SPACE,
    Row,
    RowDiff,
    batches,
    diff_multisets,
    diff_rows,
    differing,
    fanout,
    natural,
)
from pytest_dbparity.kinds.data.read import OVER_BUDGET, rows
from pytest_dbparity.kinds.data.sql import pin_output, ranges_query, rows_query

#: Rows one fetch brings to the client at most (per side), unless one range
#: holds more.
FETCH_BATCH = 20_000

Cursors = tuple[psycopg.Cursor[Any], psycopg.Cursor[Any]]


class OverBudget(Exception):
    """The comparison of a table took longer than its time budget."""


def _tag(content: str, side: str) -> str:
    """``not compared: ... (n rows)`` -> ``... (n rows in A)``, ``not
    compared: <why>`` -> ``not compared: <why> (in A)``: the two sides' reasons
    never compare equal, so a table not compared is never a pass (a role that
    may read the table on neither side too)."""
    if not content.startswith("not compared"):
        return content
    if content.endswith(")"):
        return f"{content[:-1]} in {side})"
    return f"{content} (in {side})"


def pair_data(
    open_cursors: Callable[[], contextlib.AbstractContextManager[Cursors]],
    objs_a: dict[str, CatalogObject],
    objs_b: dict[str, CatalogObject],
    options: ReadOptions,
) -> list[str]:
    """Compare the contents of the tables on both sides whose fingerprints
    differ; replace both sides' objects by what differs."""
    from pytest_dbparity.kinds.data import Data

    todo: list[str] = []
    for key in sorted(objs_a.keys() & objs_b.keys()):
        a, b = objs_a[key], objs_b[key]
        assert isinstance(a, Data)
        assert isinstance(b, Data)
        if a.content == b.content and not a.content.startswith("not compared"):
            continue
        if a.columns != b.columns or a.key_columns != b.key_columns:
            # The columns' or key's difference is the finding, not its rows.
            why = "not compared: the compared columns or key differ"
            objs_a[key] = dataclasses.replace(a, content=why)
            objs_b[key] = dataclasses.replace(b, content=why)
        elif a.count is None or b.count is None:
            objs_a[key] = dataclasses.replace(a, content=_tag(a.content, "A"))
            objs_b[key] = dataclasses.replace(b, content=_tag(b.content, "B"))
        else:
            todo.append(key)
    if not todo:
        return []
    with open_cursors() as cursors:
        for cur in cursors:
            pin_output(cur)
        for key in todo:
            a, b = objs_a[key], objs_b[key]
            assert isinstance(a, Data)
            assert isinstance(b, Data)
            objs_a[key], objs_b[key] = compare_table(cursors, a, b, options)
    return []


def compare_table(cursors: Cursors, a: Any, b: Any, options: ReadOptions) -> Any:
    """``(A's object, B's object)`` saying what differs in one table."""
    data = options.data
    deadline = time.monotonic() + data.time_budget
    try:
        diff = _bisect(cursors, a, b, deadline, options)
    except OverBudget:
        why = f"{OVER_BUDGET} (more than {data.time_budget:g}s to compare"
        return (
            dataclasses.replace(a, content=f"{why}, {rows(a.count)} in A)"),
            dataclasses.replace(b, content=f"{why}, {rows(b.count)} in B)"),
        )
    return _results(a, b, diff, data.max_keys)


def _budget(cursors: Cursors, deadline: float) -> None:
    left = deadline - time.monotonic()
    if left <= 0:
        raise OverBudget
    for cur in cursors:
        cur.execute(
            "select set_config('statement_timeout', %s, true)",
            (str(max(1, round(left * 1000))),),
        )


def _run(
    cursors: Cursors, deadline: float, query: Any, params: dict[str, Any]
) -> Iterator[list[tuple[Any, ...]]]:
    """The query's rows on each side (A's, then B's)."""
    for cur in cursors:
        _budget(cursors, deadline)
        try:
            cur.execute(query, params)
        except psycopg.errors.QueryCanceled:
            raise OverBudget from None
        yield cur.fetchall()


def _bisect(
    cursors: Cursors, a: Any, b: Any, deadline: float, options: ReadOptions
) -> RowDiff:
    names, key, sensitive = a.names, a.key_columns, a.sensitive
    # The whole key space is range 0 of width SPACE; its rows are known.
    width = SPACE
    pending: dict[int, int] = {0: max(a.count, b.count)}  # range -> most rows
    out = RowDiff()
    fetch = rows_query(a.schema, a.table, names, key, sensitive)
    split = ranges_query(a.schema, a.table, names, key)
    while pending:
        small = sorted(i for i, n in pending.items() if n <= FETCH_ROWS or width == 1)
        big = sorted(set(pending) - set(small))
        for batch in batches(small, pending, limit=FETCH_BATCH):
            got = list(
                _run(cursors, deadline, fetch, {"width": width, "ranges": batch})
            )
            out.extend(_diff_fetched(a, got[0], got[1]))
        if not big:
            break
        parts = fanout(max(pending[i] for i in big), width=width)
        part = width // parts
        params = {"part": part, "width": width, "ranges": big}
        fa, fb = (
            {int(r[0]): (int(r[1]), int(r[2])) for r in found}
            for found in _run(cursors, deadline, split, params)
        )
        width = part
        pending = {
            i: max(fa.get(i, (0, 0))[0], fb.get(i, (0, 0))[0])
            for i in differing(fa, fb)
        }
    return out


def _diff_fetched(
    obj: Any, rows_a: list[tuple[Any, ...]], rows_b: list[tuple[Any, ...]]
) -> RowDiff:
    """The difference of the rows fetched from both sides: by key, or (no key)
    as multisets of rows, named with sensitive values hidden."""
    nkey = len(obj.key_columns)
    if nkey:
        # A row with a NULL in its key matches no row by key (as in SQL; an
        # unnamed pg_cron job): those rows are compared as a multiset, named
        # by their values (datareport).
        def null_key(r: tuple[Any, ...]) -> bool:
            return None in r[1 : 1 + nkey]

        diff = diff_rows(
            _keyed(obj, [r for r in rows_a if not null_key(r)]),
            _keyed(obj, [r for r in rows_b if not null_key(r)]),
        )
        diff.extend(
            diff_multisets(
                [_show_row(obj, r[1 + nkey :]) for r in rows_a if null_key(r)],
                [_show_row(obj, r[1 + nkey :]) for r in rows_b if null_key(r)],
            )
        )
        return diff
    diff = diff_multisets(
        [_show_row(obj, r[1:]) for r in rows_a], [_show_row(obj, r[1:]) for r in rows_b]
    )
    return diff


def _keyed(obj: Any, rows: list[tuple[Any, ...]]) -> dict[str, Row]:
    """Rows by their key's name (``id=1``); the values of every compared column."""
    nkey = len(obj.key_columns)
    return {_show_key(obj, r[1 : 1 + nkey]): tuple(r[1 + nkey :]) for r in rows}


def _show_row(obj: Any, values: tuple[Any, ...]) -> str:
    """A row without a key, named by its values (a sensitive one by its hash's
    first characters: rows that differ there stay apart, the value unshown)."""
    shown = []
    for name, v in zip(obj.names, values, strict=True):
        if v is None:
            shown.append("NULL")
        elif name in obj.sensitive:
            shown.append(f"(hidden {str(v)[:6]})")
        else:
            shown.append(str(v))
    return "(" + ", ".join(shown) + ")"


def _show_key(obj: Any, values: tuple[Any, ...]) -> str:
    """``id=1``; a sensitive key column by the first characters of its value's
    hash (``email=(hidden 3f2a...)``): rows stay apart, the value unshown
    (datareport)."""
    return ", ".join(
        f"{quote_ident(k)}={_key_value(v, k in obj.sensitive)}"
        for k, v in zip(obj.key_columns, values, strict=True)
    )


def _key_value(v: Any, sensitive: bool) -> str:
    if v is None:
        return "NULL"
    if sensitive:
        return f"(hidden {hashlib.md5(str(v).encode()).hexdigest()[:12]})"
    return str(v)


def _results(a: Any, b: Any, diff: RowDiff, max_keys: int) -> tuple[Any, Any]:
    """Both sides' objects: counts in ``content``, the first keys of each sort
    in ``rows`` and ``values``."""
    changed = len(diff.changed)
    # No row count here: an approval of the difference holds while rows both
    # sides gain alike come and go (the count is ``count``) (datareport).
    content_a = f"{len(diff.only_a):,} only in A, {changed:,} differ"
    content_b = f"{len(diff.only_b):,} only in B, {changed:,} differ"
    if diff.empty:  # equal rows after all (the fingerprints collided): parity
        content_a = content_b = a.content
    rows_a = tuple((k, "only in A") for k in _first(diff.only_a, max_keys))
    rows_b = tuple((k, "only in B") for k in _first(diff.only_b, max_keys))
    values_a: list[tuple[str, str]] = []
    values_b: list[tuple[str, str]] = []
    for k in sorted(diff.changed, key=natural)[:max_keys]:
        for i, va, vb in diff.changed[k]:
            column = a.names[i]
            name = f"{k}: {quote_ident(column)}"
            if column in a.sensitive:
                values_a.append((name, "(hidden: A's value)"))
                values_b.append((name, "(hidden: B's value)"))
            else:
                values_a.append((name, "NULL" if va is None else va))
                values_b.append((name, "NULL" if vb is None else vb))
    return (
        dataclasses.replace(
            a,
            content=content_a,
            only=len(diff.only_a),  # counts for the report (datareport)
            differing=changed,
            rows=rows_a,
            values=tuple(sorted(values_a, key=lambda v: natural(v[0]))),
        ),
        dataclasses.replace(
            b,
            content=content_b,
            only=len(diff.only_b),  # counts for the report (datareport)
            differing=changed,
            rows=rows_b,
            values=tuple(sorted(values_b, key=lambda v: natural(v[0]))),
        ),
    )


def _first(keys: list[str], n: int) -> list[str]:
    """The first *n* distinct names (a row held twice more is named once)."""
    return sorted(set(keys), key=natural)[:n]

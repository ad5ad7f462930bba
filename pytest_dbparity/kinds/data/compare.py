"""Both live sides of the data kind compared together.

Tables whose fingerprints agree cost nothing more. For the others, ranges whose
fingerprints differ are split (one aggregate query per side and round) until
they hold few enough rows to fetch; only those rows travel, so a few differing
rows in a large table cost a few round trips and client memory bounded by the
split and fetch sizes, not by the table.

Where the key is ordered alike on both servers and a unique index serves it,
ranges are key ranges (``ranges.key_bisect``): the first round reads the table
once per side in key order, later rounds and the fetch are index range scans
over a few rows. Otherwise (no such key, or no key at all) ranges are ranges of
a hash of the key (of the row, without one), each round a scan of the table.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Callable, Iterator
from typing import Any

import psycopg

from pytest_dbparity.core.identifiers import quote_ident
from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.core.reading import ReadOptions
from pytest_dbparity.core.secrets import tag
from pytest_dbparity.kinds.data.ranges import (
    FETCH_ROWS,
    Bound,
    Row,
    RowDiff,
    cut,
    diff_multisets,
    diff_rows,
    hash_bisect,
    key_bisect,
    natural,
)
from pytest_dbparity.kinds.data.read import OVER_BUDGET, rows
from pytest_dbparity.kinds.data.sql import (
    HASH_PROBE,
    key_buckets_query,
    key_cuts_query,
    key_ranges_query,
    key_rows_query,
    key_sample_cuts_query,
    ordered_key_query,
    pin_output,
    ranges_query,
    rows_query,
)

#: Rows one fetch brings to the client at most (per side), unless one range
#: holds more.
FETCH_BATCH = 20_000

#: A range holding at least this many rows on the side that cuts it is cut
#: at keys sampled from a few of the table's pages, not read in key order.
SAMPLE_ROWS = 100_000
#: Sampled keys per part of such a range.
SAMPLE_EVERY = 8
#: A range of a one-column key cut into at least this many parts is measured
#: in one scan (``width_bucket``), not one index scan per part.
BUCKETS_FROM = 64
#: For that scan: the planner cannot tell how few parts there are, and would
#: sort every row by part (spilling to disk) rather than hash them, or not
#: share the scan between parallel workers.
BUCKETS_PLANNER = (("enable_sort", "off"), ("parallel_tuple_cost", "0"))

Cursors = tuple[psycopg.Cursor[Any], psycopg.Cursor[Any]]


@contextlib.contextmanager
def _planner(
    cur: psycopg.Cursor[Any], settings: tuple[tuple[str, str], ...]
) -> Iterator[None]:
    """*settings* for the queries inside, then back to what they were (local
    to the transaction either way)."""
    names = [n for n, _ in settings]
    cur.execute("select " + ", ".join("current_setting(%s)" for _ in names), names)
    row = cur.fetchone()
    before = list(row) if row is not None else []
    sets = ", ".join("set_config(%s, %s, true)" for _ in names)
    cur.execute("select " + sets, [v for pair in settings for v in pair])
    try:
        yield
    finally:
        cur.execute(
            "select " + sets,
            [v for pair in zip(names, before, strict=True) for v in pair],
        )


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
        fast = _hash_alike(cursors)
        for key in todo:
            a, b = objs_a[key], objs_b[key]
            assert isinstance(a, Data)
            assert isinstance(b, Data)
            objs_a[key], objs_b[key] = compare_table(cursors, a, b, options, fast=fast)
    return []


def compare_table(
    cursors: Cursors, a: Any, b: Any, options: ReadOptions, *, fast: bool = False
) -> Any:
    """``(A's object, B's object)`` saying what differs in one table."""
    data = options.data
    deadline = time.monotonic() + data.time_budget
    try:
        diff = _bisect(cursors, a, b, deadline, fast)
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


def _types(obj: Any) -> tuple[str, ...]:
    """The compared columns' types (``columns`` is ``name type`` per name)."""
    return tuple(
        c[len(quote_ident(n)) + 1 :]
        for n, c in zip(obj.names, obj.columns, strict=True)
    )


def _bisect(cursors: Cursors, a: Any, b: Any, deadline: float, fast: bool) -> RowDiff:
    if a.key_columns and _ordered_key(cursors, a, deadline):
        return _bisect_keys(cursors, a, b, deadline, fast)
    return _bisect_hashes(cursors, a, b, deadline, fast)


def _hash_alike(cursors: Cursors) -> bool:
    """Whether both servers' ``hashtextextended`` agree on ``HASH_PROBE``
    (same byte order and algorithm): then the ranges' fingerprints use it
    instead of md5, about twice as fast to compute."""
    found = []
    for cur in cursors:
        cur.execute(HASH_PROBE)
        row = cur.fetchone()
        found.append(None if row is None else row[0])
    return found[0] is not None and found[0] == found[1]


def _ordered_key(cursors: Cursors, obj: Any, deadline: float) -> bool:
    """Whether both sides can use key ranges for *obj*'s key (same encoding)."""
    params = {
        "key": list(obj.key_columns),
        "table": f"{quote_ident(obj.schema)}.{quote_ident(obj.table)}",
    }
    found = [
        rows[0] if rows else None
        for rows in _run(cursors, deadline, ordered_key_query(), params)
    ]
    on_a, on_b = found
    if on_a is None or on_b is None:
        return False
    return bool(on_a[0] and on_b[0]) and on_a[1] == on_b[1]


def _bisect_keys(
    cursors: Cursors, a: Any, b: Any, deadline: float, fast: bool
) -> RowDiff:
    names, key, sensitive = a.names, a.key_columns, a.sensitive
    types = _types(a)
    key_types = [types[names.index(k)] for k in key]
    out = RowDiff()

    def by_shape(
        cur: psycopg.Cursor[Any],
        make: Callable[[bool, bool], Any],
        ranges: list[tuple[Bound, Bound]],
        extra: dict[str, list[Any]] | None = None,
    ) -> list[tuple[int, tuple[Any, ...]]]:
        """Rows of the query for *ranges*, each led by its range's index: one
        query per shape of bounds (the unbounded ends need their own)."""
        rows: list[tuple[int, tuple[Any, ...]]] = []
        for lo in (True, False):
            for hi in (True, False):
                idx = [
                    i
                    for i, (rl, rh) in enumerate(ranges)
                    if (rl is not None) == lo and (rh is not None) == hi
                ]
                if not idx:
                    continue
                params: dict[str, Any] = {"i": idx}
                for name, values in (extra or {}).items():
                    params[name] = [values[i] for i in idx]
                for j in range(len(key)):
                    if lo:
                        params[f"lo{j}"] = [ranges[i][0][j] for i in idx]  # type: ignore[index]
                    if hi:
                        params[f"hi{j}"] = [ranges[i][1][j] for i in idx]  # type: ignore[index]
                _budget(cursors, deadline)
                try:
                    cur.execute(make(lo, hi), params)
                except psycopg.errors.QueryCanceled:
                    raise OverBudget from None
                rows += [(int(r[0]), tuple(r[1:])) for r in cur.fetchall()]
        return rows

    def execute(cur: psycopg.Cursor[Any], query: Any, params: Any) -> list[Any]:
        _budget(cursors, deadline)
        try:
            cur.execute(query, params)
        except psycopg.errors.QueryCanceled:
            raise OverBudget from None
        return cur.fetchall()

    def scalar_bounds(lo: Bound, hi: Bound) -> dict[str, str]:
        params = {}
        for j in range(len(key)):
            if lo is not None:
                params[f"lo{j}"] = lo[j]
            if hi is not None:
                params[f"hi{j}"] = hi[j]
        return params

    def sampled(
        cur: psycopg.Cursor[Any], lo: Bound, hi: Bound, parts: int, rows: int
    ) -> list[tuple[str, ...]]:
        """Cuts of a large range from a sample of pages (about SAMPLE_EVERY
        sampled keys per part); empty when the sample holds too few."""
        percent = min(100.0, 100.0 * SAMPLE_EVERY * parts / max(rows, 1))
        query = key_sample_cuts_query(
            a.schema, a.table, key, key_types, lo=lo is not None, hi=hi is not None
        )
        params = {"percent": percent, "every": SAMPLE_EVERY} | scalar_bounds(lo, hi)
        cuts = [tuple(r) for r in execute(cur, query, params)]
        return cuts if len(cuts) >= max(2, parts // 4) else []

    def split(
        side: int, ranges: list[tuple[Bound, Bound, int, int]]
    ) -> list[list[tuple[str, ...]]]:
        cur = cursors[side]
        out_cuts: list[list[tuple[str, ...]]] = [[] for _ in ranges]
        ordered: list[int] = []
        for i, (lo, hi, step, held) in enumerate(ranges):
            if held >= SAMPLE_ROWS:
                out_cuts[i] = sampled(cur, lo, hi, -(-held // step), held)
            if not out_cuts[i]:
                ordered.append(i)

        def make(lo: bool, hi: bool) -> Any:
            return key_cuts_query(a.schema, a.table, key, key_types, lo=lo, hi=hi)

        found = by_shape(
            cur,
            make,
            [(ranges[i][0], ranges[i][1]) for i in ordered],
            {"step": [ranges[i][2] for i in ordered]},
        )
        cuts: dict[int, list[tuple[int, tuple[str, ...]]]] = {}
        for j, r in found:
            cuts.setdefault(ordered[j], []).append((int(r[0]), tuple(r[1:])))
        for i, c in cuts.items():
            out_cuts[i] = [k for _, k in sorted(c)]
        return out_cuts

    def measure(
        side: int, ranges: list[tuple[Bound, Bound, list[tuple[str, ...]]]]
    ) -> list[list[tuple[int, int]]]:
        cur = cursors[side]
        out_fp = [[(0, 0)] * (len(cuts) + 1) for _, _, cuts in ranges]
        parts: list[tuple[Bound, Bound]] = []
        where: list[tuple[int, int]] = []  # part -> (range, part of the range)
        for i, (lo, hi, cuts) in enumerate(ranges):
            if len(key) == 1 and len(cuts) >= BUCKETS_FROM:
                query = key_buckets_query(
                    a.schema,
                    a.table,
                    names,
                    types,
                    key[0],
                    key_types[0],
                    lo=lo is not None,
                    hi=hi is not None,
                    fast=fast,
                )
                params = {"cuts": [c[0] for c in cuts]} | scalar_bounds(lo, hi)
                with _planner(cur, BUCKETS_PLANNER):
                    for g, n, total in execute(cur, query, params):
                        out_fp[i][int(g)] = (int(n), int(total))
                continue
            for j, part in enumerate(cut(lo, hi, cuts)):
                parts.append(part)
                where.append((i, j))

        def make(lo: bool, hi: bool) -> Any:
            return key_ranges_query(
                a.schema,
                a.table,
                names,
                types,
                key,
                key_types,
                lo=lo,
                hi=hi,
                fast=fast,
            )

        for k, r in by_shape(cur, make, parts):
            i, j = where[k]
            out_fp[i][j] = (int(r[0]), int(r[1]))
        return out_fp

    def fetch(ranges: list[tuple[Bound, Bound]]) -> None:
        def make(lo: bool, hi: bool) -> Any:
            return key_rows_query(
                a.schema, a.table, names, key, key_types, sensitive, lo=lo, hi=hi
            )

        # Led by the range index, as rows_query leads by the key text.
        got = [[(i, *r) for i, r in by_shape(cur, make, ranges)] for cur in cursors]
        out.extend(_diff_fetched(a, got[0], got[1]))

    key_bisect(
        a.count,
        b.count,
        split,
        measure,
        fetch,
        fetch_rows=FETCH_ROWS,
        fetch_batch=FETCH_BATCH,
    )
    return out


def _bisect_hashes(
    cursors: Cursors, a: Any, b: Any, deadline: float, fast: bool
) -> RowDiff:
    names, key, sensitive = a.names, a.key_columns, a.sensitive
    out = RowDiff()
    rows = rows_query(a.schema, a.table, names, key, sensitive)
    parts = ranges_query(a.schema, a.table, names, _types(a), key, fast=fast)

    def split(
        part: int, width: int, ranges: list[int]
    ) -> tuple[dict[int, tuple[int, int]], dict[int, tuple[int, int]]]:
        params = {"part": part, "width": width, "ranges": ranges}
        fa, fb = (
            {int(r[0]): (int(r[1]), int(r[2])) for r in found}
            for found in _run(cursors, deadline, parts, params)
        )
        return fa, fb

    def fetch(width: int, ranges: list[int]) -> None:
        got = list(_run(cursors, deadline, rows, {"width": width, "ranges": ranges}))
        out.extend(_diff_fetched(a, got[0], got[1]))

    hash_bisect(
        max(a.count, b.count),
        split,
        fetch,
        fetch_rows=FETCH_ROWS,
        fetch_batch=FETCH_BATCH,
    )
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
    """A row without a key, named by its values (a sensitive one by a keyed tag,
    ``core.secrets.tag``: rows that differ there stay apart, the value unshown)."""
    shown = []
    for name, v in zip(obj.names, values, strict=True):
        if v is None:
            shown.append("NULL")
        elif name in obj.sensitive:
            shown.append(f"(hidden {tag(str(v))})")
        else:
            shown.append(str(v))
    return "(" + ", ".join(shown) + ")"


def _show_key(obj: Any, values: tuple[Any, ...]) -> str:
    """``id=1``; a sensitive key column by a keyed tag of its value
    (``email=(hidden 3f2a...)``, ``core.secrets.tag``): rows stay apart, the
    value unshown, and no unkeyed hash a guess could be checked against."""
    return ", ".join(
        f"{quote_ident(k)}={_key_value(v, k in obj.sensitive)}"
        for k, v in zip(obj.key_columns, values, strict=True)
    )


def _key_value(v: Any, sensitive: bool) -> str:
    if v is None:
        return "NULL"
    if sensitive:
        return f"(hidden {tag(str(v))})"
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

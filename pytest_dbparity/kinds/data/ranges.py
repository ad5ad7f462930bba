"""The pure part of comparing a table's contents: key-hash ranges, how they are
split, and the difference of two sets of fetched rows.

Rows are placed by a 32-bit hash of their key (``0 <= h < SPACE``). A range is
the set of hashes ``h`` with ``h // width == index``: ranges of one width never
overlap, and splitting a range of width ``w`` into ``f`` parts (``f`` a power of
two) gives the ranges of width ``w // f`` whose indexes are ``index * f`` to
``index * f + f - 1``. Both sides split alike, so their fingerprints per range
can be compared one to one, whatever the physical order of rows or collation.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

#: Key hashes are 32-bit: ``0 <= h < SPACE``.
SPACE = 1 << 32
#: A range with at most this many rows on each side is fetched, not split.
FETCH_ROWS = 256
#: The most parts a range is split into in one round trip.
MAX_FANOUT = 4096


def fanout(rows: int, *, width: int, target: int = FETCH_ROWS) -> int:
    """Into how many parts to split a range of *width* holding *rows* rows, so
    that each part holds about *target* rows: a power of two, at least 2, at
    most ``MAX_FANOUT`` and never more than the width allows."""
    parts = 2
    while parts < MAX_FANOUT and rows > parts * target:
        parts *= 2
    while parts > width and parts > 1:
        parts //= 2
    return max(parts, 1)


def children(index: int, parts: int) -> range:
    """Indexes of the parts of range *index* split into *parts*."""
    return range(index * parts, index * parts + parts)


def contains(index: int, width: int, h: int) -> bool:
    """Whether hash *h* lies in range *index* of *width*."""
    return h // width == index


Fingerprint = tuple[int, int]  # (rows, sum of row hashes)


def differing(a: Mapping[int, Fingerprint], b: Mapping[int, Fingerprint]) -> list[int]:
    """Indexes of the ranges whose fingerprints differ (one side may lack a
    range: no rows there), sorted."""
    return sorted(i for i in a.keys() | b.keys() if a.get(i) != b.get(i))


def batches(
    indexes: Sequence[int], rows: Mapping[int, int], *, limit: int
) -> list[list[int]]:
    """*indexes* in batches holding about *limit* rows at most (a range with
    more stays alone in its batch): what one fetch brings to the client."""
    out: list[list[int]] = []
    current: list[int] = []
    total = 0
    for i in indexes:
        n = rows.get(i, 0)
        if current and total + n > limit:
            out.append(current)
            current, total = [], 0
        current.append(i)
        total += n
    if current:
        out.append(current)
    return out


#: ``split(part, width, ranges)``: both sides' fingerprints of the parts of
#: width *part* of the ranges of width *width* (``(A's, B's)``, by index).
HashSplit = Callable[
    [int, int, list[int]], tuple[Mapping[int, Fingerprint], Mapping[int, Fingerprint]]
]
#: ``fetch(width, ranges)``: bring both sides' rows of these ranges.
HashFetch = Callable[[int, list[int]], None]


def hash_bisect(
    rows: int,
    split: HashSplit,
    fetch: HashFetch,
    *,
    fetch_rows: int = FETCH_ROWS,
    fetch_batch: int = 20_000,
) -> int:
    """Bisect by key-hash ranges (the whole space is range 0 of width SPACE,
    holding at most *rows* rows on a side) until every range whose
    fingerprints differ is small enough to fetch, fetching those; returns the
    number of rounds."""
    width = SPACE
    pending: dict[int, int] = {0: rows}  # range -> most rows on a side
    rounds = 0
    while pending:
        rounds += 1
        small = sorted(i for i, n in pending.items() if n <= fetch_rows or width == 1)
        big = sorted(set(pending) - set(small))
        for batch in batches(small, pending, limit=fetch_batch):
            fetch(width, batch)
        if not big:
            break
        parts = fanout(max(pending[i] for i in big), width=width, target=fetch_rows)
        part = width // parts
        fa, fb = split(part, width, big)
        width = part
        pending = {
            i: max(fa.get(i, (0, 0))[0], fb.get(i, (0, 0))[0])
            for i in differing(fa, fb)
        }
    return rounds


Row = tuple[str | None, ...]


_ASCII_DIGITS = re.compile("([0-9]+)")


def natural(name: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key of a row's name with its numbers compared as numbers
    (``id=9`` before ``id=10``)."""
    return tuple(
        (0, int(part), "") if _ASCII_DIGITS.fullmatch(part) else (1, 0, part)
        for part in _ASCII_DIGITS.split(name)
        if part
    )


@dataclass(slots=True)
class RowDiff:
    """What differs between two sets of rows: keys only on one side, and keys
    on both whose values differ (with the differing columns)."""

    only_a: list[str] = field(default_factory=list)
    only_b: list[str] = field(default_factory=list)
    #: key -> [(column index, value in A, value in B)]
    changed: dict[str, list[tuple[int, str | None, str | None]]] = field(
        default_factory=dict
    )

    def extend(self, other: RowDiff) -> None:
        self.only_a.extend(other.only_a)
        self.only_b.extend(other.only_b)
        self.changed.update(other.changed)

    @property
    def empty(self) -> bool:
        return not (self.only_a or self.only_b or self.changed)


def diff_rows(a: Mapping[str, Row], b: Mapping[str, Row]) -> RowDiff:
    """Rows matched by key: keys on one side only, and the columns that differ
    for keys on both (sorted by key)."""
    out = RowDiff(
        only_a=sorted(a.keys() - b.keys(), key=natural),
        only_b=sorted(b.keys() - a.keys(), key=natural),
    )
    for key in sorted(a.keys() & b.keys(), key=natural):
        ra, rb = a[key], b[key]
        if ra != rb:
            out.changed[key] = [
                (i, va, vb)
                for i, (va, vb) in enumerate(zip(ra, rb, strict=True))
                if va != vb
            ]
    return out


def diff_multisets(a: Sequence[str], b: Sequence[str]) -> RowDiff:
    """Rows of a table without a key, compared as multisets: a row that A holds
    more often than B is ``only_a`` once per extra copy (sorted)."""
    ca, cb = Counter(a), Counter(b)
    return RowDiff(
        only_a=sorted((ca - cb).elements(), key=natural),
        only_b=sorted((cb - ca).elements(), key=natural),
    )


# Key ranges --------------------------------------------------------------
#
# Where the key is ordered alike on both servers and an index serves it, rows
# are placed by the key itself: a range is ``lo <= key < hi`` (``None``: no
# bound), the bounds being keys of one side. The side holding more rows of a
# range cuts it by rank into parts of about equal size (its keys only, in
# index order: no row is hashed for it); both sides then give each part's
# fingerprint, and differing parts go on, so later rounds read only the rows
# of a few small parts.

#: A range's bound: the key's columns as text, or None (unbounded).
Bound = tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class KeyRange:
    """``lo <= key < hi`` with the rows each side holds there."""

    lo: Bound
    hi: Bound
    rows_a: int
    rows_b: int

    @property
    def rows(self) -> int:
        return max(self.rows_a, self.rows_b)


def cut(
    lo: Bound, hi: Bound, firsts: Sequence[tuple[str, ...]]
) -> list[tuple[Bound, Bound]]:
    """``[lo, hi)`` cut at *firsts* (keys in key order, inside the range):
    ``[lo, f1), [f1, f2), ..., [fm, hi)``."""
    edges: list[Bound] = [lo, *firsts, hi]
    return [(edges[j], edges[j + 1]) for j in range(len(edges) - 1)]


#: ``split(side, [(lo, hi, step, rows)])``: per range (holding *rows* rows on
#: that side), keys of the side inside it where to cut it, in key order and
#: distinct: the keys of rank ``step + 1``, ``2 * step + 1``, ... or any other
#: choice of at least two keys (a sample), so that every part holds fewer rows.
Split = Callable[
    [int, list[tuple[Bound, Bound, int, int]]], list[list[tuple[str, ...]]]
]
#: ``measure(side, [(lo, hi, cuts)])``: the side's fingerprint of each part of
#: each range cut at *cuts* (``cut(lo, hi, cuts)``, in that order).
Measure = Callable[
    [int, list[tuple[Bound, Bound, list[tuple[str, ...]]]]], list[list[Fingerprint]]
]
#: ``fetch([(lo, hi)])``: bring both sides' rows of these ranges.
Fetch = Callable[[list[tuple[Bound, Bound]]], None]


def key_bisect(
    rows_a: int,
    rows_b: int,
    split: Split,
    measure: Measure,
    fetch: Fetch,
    *,
    fetch_rows: int = FETCH_ROWS,
    fetch_batch: int = 20_000,
    max_parts: int = 2 * MAX_FANOUT,
) -> int:
    """Bisect by key ranges until every range whose fingerprints differ is
    small enough to fetch, fetching those; returns the number of rounds."""
    pending = [KeyRange(None, None, rows_a, rows_b)]
    rounds = 0
    while pending:
        rounds += 1
        small = [r for r in pending if r.rows <= fetch_rows]
        big = [r for r in pending if r.rows > fetch_rows]
        chunk: list[KeyRange] = []
        total = 0
        for r in small:
            if chunk and total + r.rows > fetch_batch:
                fetch([(c.lo, c.hi) for c in chunk])
                chunk, total = [], 0
            chunk.append(r)
            total += r.rows
        if chunk:
            fetch([(c.lo, c.hi) for c in chunk])
        nxt: list[KeyRange] = []
        for side in (0, 1):
            # Each range is cut by the side holding more of its rows.
            mine = [r for r in big if (r.rows_a >= r.rows_b) == (side == 0)]
            start = 0
            while start < len(mine):
                todo: list[tuple[Bound, Bound, int, int]] = []
                count = 0
                while start < len(mine) and (not todo or count < max_parts):
                    r = mine[start]
                    own = r.rows_a if side == 0 else r.rows_b
                    parts = fanout(r.rows, width=SPACE, target=fetch_rows)
                    step = max(1, -(-own // parts))
                    todo.append((r.lo, r.hi, step, own))
                    count += -(-own // step)
                    start += 1
                ranges = [
                    (lo, hi, cuts)
                    for (lo, hi, _, _), cuts in zip(
                        todo, split(side, todo), strict=True
                    )
                ]
                fa, fb = measure(0, ranges), measure(1, ranges)
                for (lo, hi, cuts), xs, ys in zip(ranges, fa, fb, strict=True):
                    for (plo, phi), x, y in zip(cut(lo, hi, cuts), xs, ys, strict=True):
                        if x != y:
                            nxt.append(KeyRange(plo, phi, x[0], y[0]))
        pending = nxt
    return rounds

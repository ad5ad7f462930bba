"""The pure parts of comparing table contents: key-hash ranges, how they split,
and the difference of fetched rows (kind ``data``)."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pytest_dbparity.kinds.data.ranges import (
    MAX_FANOUT,
    SPACE,
    Bound,
    RowDiff,
    batches,
    children,
    contains,
    cut,
    diff_multisets,
    diff_rows,
    differing,
    fanout,
    hash_bisect,
    key_bisect,
)
from pytest_dbparity.kinds.data.sql import binary_safe

widths = st.integers(min_value=0, max_value=32).map(lambda e: 1 << e)


@given(st.integers(min_value=0, max_value=10**9), widths)
def test_fanout_is_a_power_of_two_within_bounds(rows: int, width: int) -> None:
    parts = fanout(rows, width=width)
    assert parts & (parts - 1) == 0
    assert 1 <= parts <= min(MAX_FANOUT, width)
    assert parts >= 2 or width == 1


@given(st.integers(min_value=0, max_value=SPACE - 1), widths, widths)
def test_a_hash_lies_in_exactly_one_part_of_its_range(
    h: int, width: int, parts: int
) -> None:
    parts = min(parts, width, MAX_FANOUT)  # as fanout() gives
    index = h // width
    assert contains(index, width, h)
    part = width // parts
    inside = [c for c in children(index, parts) if contains(c, part, h)]
    assert inside == [h // part]


def test_the_whole_key_space_is_range_zero() -> None:
    assert contains(0, SPACE, 0)
    assert contains(0, SPACE, SPACE - 1)


fingerprints = st.dictionaries(
    st.integers(0, 50), st.tuples(st.integers(0, 5), st.integers(-9, 9))
)


@given(fingerprints, fingerprints)
def test_differing_ranges_are_exactly_the_unequal_ones(a: dict, b: dict) -> None:  # type: ignore[type-arg]
    got = differing(a, b)
    assert got == sorted(set(got))
    for i in set(a) | set(b):
        assert (i in got) == (a.get(i) != b.get(i))
    assert differing(a, a) == []


@given(
    st.lists(st.integers(0, 100), unique=True),
    st.dictionaries(st.integers(0, 100), st.integers(0, 50)),
    st.integers(1, 120),
)
def test_batches_keep_order_and_stay_within_the_limit(
    indexes: list[int], rows: dict[int, int], limit: int
) -> None:
    out = batches(indexes, rows, limit=limit)
    assert [i for b in out for i in b] == indexes
    for b in out:
        assert b
        assert len(b) == 1 or sum(rows.get(i, 0) for i in b) <= limit


values = st.one_of(st.none(), st.text(max_size=3))
tables = st.dictionaries(st.text(max_size=3), st.tuples(values, values))


@given(tables, tables)
def test_row_diff_by_key(a: dict, b: dict) -> None:  # type: ignore[type-arg]
    d = diff_rows(a, b)
    assert set(d.only_a) == a.keys() - b.keys()
    assert set(d.only_b) == b.keys() - a.keys()
    assert set(d.changed) == {k for k in a.keys() & b.keys() if a[k] != b[k]}
    for k, cols in d.changed.items():
        assert cols
        for i, va, vb in cols:
            assert (va, vb) == (a[k][i], b[k][i])
            assert va != vb
    swapped = diff_rows(b, a)
    assert (swapped.only_a, swapped.only_b) == (d.only_b, d.only_a)
    assert diff_rows(a, dict(reversed(list(a.items())))).empty


@given(st.lists(st.sampled_from("abc")), st.lists(st.sampled_from("abc")))
def test_multiset_diff_counts_extra_copies(a: list[str], b: list[str]) -> None:
    d = diff_multisets(a, b)
    assert Counter(a) - Counter(d.only_a) == Counter(b) - Counter(d.only_b)
    assert not set(d.only_a) & set(d.only_b)
    assert diff_multisets(a, list(reversed(a))).empty


# Key ranges: a side is a sorted table of unique keys, simulated in Python as
# the server would answer (groups by rank, fingerprints per range, rows).

Side = dict[tuple[str, ...], str]


def _sort_key(k: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(int(c) for c in k)


def _h(k: tuple[str, ...], v: str) -> int:
    return hash((k, v)) & 0xFFFFFFFF


def _simulate(
    a: Side,
    b: Side,
    fetch_rows: int,
    max_parts: int,
    sample: st.DataObject | None = None,
) -> tuple[RowDiff, int, int]:
    sides = (a, b)
    ordered = [sorted(map(_sort_key, t)) for t in sides]
    fetched = RowDiff()
    seen: Counter[tuple[str, ...]] = Counter()
    biggest = [0]

    def rows_in(side: int, lo: Bound, hi: Bound) -> list[tuple[str, ...]]:
        keys = ordered[side]
        start = 0 if lo is None else bisect_left(keys, _sort_key(lo))
        end = len(keys) if hi is None else bisect_left(keys, _sort_key(hi))
        return [tuple(map(str, k)) for k in keys[start:end]]

    def split(
        side: int, ranges: list[tuple[Bound, Bound, int, int]]
    ) -> list[list[tuple[str, ...]]]:
        out = []
        for lo, hi, step, _ in ranges:
            keys = rows_in(side, lo, hi)
            if sample and len(keys) >= 2:
                # Any two or more distinct keys of the range, as a sample.
                picked = sorted(
                    set(sample.draw(st.lists(st.sampled_from(keys), min_size=2))),
                    key=_sort_key,
                )
                if len(picked) >= 2:
                    out.append(picked)
                    continue
            out.append(keys[step::step])
        return out

    def measure(
        side: int, ranges: list[tuple[Bound, Bound, list[tuple[str, ...]]]]
    ) -> list[list[tuple[int, int]]]:
        return [
            [
                (len(ks), sum(_h(k, sides[side][k]) for k in ks))
                for ks in (rows_in(side, plo, phi) for plo, phi in cut(lo, hi, cuts))
            ]
            for lo, hi, cuts in ranges
        ]

    def fetch(ranges: list[tuple[Bound, Bound]]) -> None:
        got = []
        for side in (0, 1):
            rows = {}
            for lo, hi in ranges:
                for k in rows_in(side, lo, hi):
                    rows[",".join(k)] = (sides[side][k],)
                    seen[k] += 1
            got.append(rows)
        biggest[0] = max(biggest[0], len(got[0]), len(got[1]))
        fetched.extend(diff_rows(got[0], got[1]))

    rounds = key_bisect(
        len(a),
        len(b),
        split,
        measure,
        fetch,
        fetch_rows=fetch_rows,
        fetch_batch=4 * fetch_rows,
        max_parts=max_parts,
    )
    # No row is fetched twice from the same side: ranges never overlap.
    assert all(n <= 2 for n in seen.values())
    return fetched, rounds, biggest[0]


keys1 = st.tuples(st.integers(-50, 50).map(str))
keys2 = st.tuples(st.integers(-3, 3).map(str), st.integers(-20, 20).map(str))
small_values = st.sampled_from(["x", "y"])


@given(
    st.one_of(
        st.tuples(
            st.dictionaries(keys1, small_values, max_size=80),
            st.dictionaries(keys1, small_values, max_size=80),
        ),
        st.tuples(
            st.dictionaries(keys2, small_values, max_size=80),
            st.dictionaries(keys2, small_values, max_size=80),
        ),
    ),
    st.integers(1, 9),
    st.integers(1, 16),
    st.booleans(),
    st.data(),
)
def test_key_bisection_reaches_exactly_the_differing_keys(
    tables: tuple[Side, Side],
    fetch_rows: int,
    max_parts: int,
    sampled: bool,
    data: st.DataObject,
) -> None:
    """Whether ranges are cut by rank or at any sampled keys, exactly the
    differing keys are reached."""
    a, b = tables
    got, _, biggest = _simulate(a, b, fetch_rows, max_parts, data if sampled else None)
    by_name = [{",".join(k): (v,) for k, v in t.items()} for t in (a, b)]
    want = diff_rows(by_name[0], by_name[1])
    assert sorted(got.only_a) == sorted(want.only_a)
    assert sorted(got.only_b) == sorted(want.only_b)
    assert got.changed == want.changed
    # Fetches stay within their batch unless one range is bigger: bounded
    # client memory, whatever the table's size.
    assert biggest <= 4 * fetch_rows


def test_key_bisection_of_a_large_range_takes_few_rounds() -> None:
    a: Side = {(str(i),): "v" for i in range(100_000)}
    b = dict(a)
    for i in (5, 50_000, 99_999):
        b[(str(i),)] = "w"
    del b[("777",)]
    b[("100000",)] = "v"
    got, rounds, _ = _simulate(a, b, 256, 8192)
    assert got.only_a == ["777"]
    assert got.only_b == ["100000"]
    assert sorted(got.changed) == ["5", "50000", "99999"]
    assert rounds <= 3


def test_cut_covers_the_range_without_overlap() -> None:
    assert cut(None, None, []) == [(None, None)]
    assert cut(("1",), None, [("5",), ("9",)]) == [
        (("1",), ("5",)),
        (("5",), ("9",)),
        (("9",), None),
    ]


@pytest.mark.parametrize(
    ("type_name", "binary"),
    [
        ("bigint", True),
        ("numeric(12,2)", True),
        ("timestamp(3) with time zone", True),
        ("text[]", True),
        ("character varying(20)[]", True),
        ("double precision", False),
        ("real[]", False),
        ("mood", False),
        ('"My Schema".uuid', False),
        ("public.citext", False),
    ],
)
def test_only_portable_types_hash_in_binary(type_name: str, binary: bool) -> None:
    assert binary_safe(type_name) is binary


def _place(text: str, salt: int) -> int:
    """A 32-bit placement hash of a key or row (any function will do: both
    sides use the same)."""
    return hash((salt, text)) & (SPACE - 1)


@given(
    st.dictionaries(st.text("abc", max_size=3), small_values, max_size=80),
    st.dictionaries(st.text("abc", max_size=3), small_values, max_size=80),
    st.integers(1, 9),
    st.integers(0, 3),
)
def test_hash_bisection_reaches_exactly_the_differing_keys(
    a: dict[str, str], b: dict[str, str], fetch_rows: int, salt: int
) -> None:
    sides = (a, b)
    got = RowDiff()

    def fingerprints(
        side: int, part: int, width: int, ranges: list[int]
    ) -> dict[int, tuple[int, int]]:
        out: dict[int, tuple[int, int]] = {}
        for k, v in sides[side].items():
            h = _place(k, salt)
            if h // width in ranges:
                n, s = out.get(h // part, (0, 0))
                out[h // part] = (n + 1, s + _h((k,), v))
        return out

    def split(
        part: int, width: int, ranges: list[int]
    ) -> tuple[dict[int, tuple[int, int]], dict[int, tuple[int, int]]]:
        return fingerprints(0, part, width, ranges), fingerprints(
            1, part, width, ranges
        )

    def fetch(width: int, ranges: list[int]) -> None:
        rows = [
            {k: (v,) for k, v in t.items() if _place(k, salt) // width in ranges}
            for t in sides
        ]
        got.extend(diff_rows(rows[0], rows[1]))

    hash_bisect(
        max(len(a), len(b)),
        split,
        fetch,
        fetch_rows=fetch_rows,
        fetch_batch=4 * fetch_rows,
    )
    want = diff_rows({k: (v,) for k, v in a.items()}, {k: (v,) for k, v in b.items()})
    assert sorted(got.only_a) == sorted(want.only_a)
    assert sorted(got.only_b) == sorted(want.only_b)
    assert got.changed == want.changed


@given(
    st.lists(st.sampled_from(["r1", "r2", "r3", "r4"]), max_size=60),
    st.lists(st.sampled_from(["r1", "r2", "r3", "r4"]), max_size=60),
    st.integers(1, 5),
)
def test_hash_bisection_of_multisets(
    a: list[str], b: list[str], fetch_rows: int
) -> None:
    """Rows without a key are placed by the whole row: copies of a row stay
    together, and a range of more copies than the fetch size is still
    fetched once the hash width reaches 1."""
    sides = (a, b)
    got = RowDiff()

    def split(
        part: int, width: int, ranges: list[int]
    ) -> tuple[dict[int, tuple[int, int]], dict[int, tuple[int, int]]]:
        out: list[dict[int, tuple[int, int]]] = [{}, {}]
        for side in (0, 1):
            for r in sides[side]:
                h = _place(r, 0)
                if h // width in ranges:
                    n, s = out[side].get(h // part, (0, 0))
                    out[side][h // part] = (n + 1, s + _h((r,), ""))
        return out[0], out[1]

    def fetch(width: int, ranges: list[int]) -> None:
        rows = [[r for r in t if _place(r, 0) // width in ranges] for t in sides]
        got.extend(diff_multisets(rows[0], rows[1]))

    hash_bisect(
        max(len(a), len(b)),
        split,
        fetch,
        fetch_rows=fetch_rows,
        fetch_batch=4 * fetch_rows,
    )
    want = diff_multisets(a, b)
    assert sorted(got.only_a) == sorted(want.only_a)
    assert sorted(got.only_b) == sorted(want.only_b)

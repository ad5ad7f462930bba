"""The pure parts of comparing table contents: key-hash ranges, how they split,
and the difference of fetched rows (kind ``data``)."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from pytest_dbparity.kinds.data.ranges import (
    MAX_FANOUT,
    SPACE,
    batches,
    children,
    contains,
    diff_multisets,
    diff_rows,
    differing,
    fanout,
)

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

"""The xdist hand-over: the items of a comparison without the catalogs."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pytest_dbparity.catalog.codec import write_catalogs
from pytest_dbparity.findings import ObjectResult, compare
from pytest_dbparity.handover import (
    InParityObject,
    handover_of,
    read_handover,
    write_handover,
)
from pytest_dbparity.kinds.names import KINDS
from tests.factories import catalog, column, make_pair, table


def test_round_trip_keeps_every_item_in_order(tmp_path: Path) -> None:
    a, b = make_pair()
    a = dataclasses.replace(a, unreadable={"migration": "permission denied"})
    comparison = compare(a, b, kinds=KINDS)
    write_handover(tmp_path / "h.pickle", handover_of(comparison, a, b))
    handover = read_handover(tmp_path / "h.pickle")

    assert (handover.env_a, handover.env_b) == (comparison.env_a, comparison.env_b)
    assert handover.kinds == comparison.kinds
    assert handover.not_read == {"migration": {"A": "permission denied"}}
    for kind in comparison.kinds:
        expected = comparison.of(kind)
        got = handover.results(kind)
        assert [(r.kind, r.key) for r in got] == [(r.kind, r.key) for r in expected]
        for mine, theirs in zip(got, expected, strict=True):
            if theirs.findings:
                # A differing object keeps everything its failure message shows.
                assert mine == theirs
            else:
                assert mine == InParityObject(kind, theirs.key)
    differing = [r for r in handover.results("column") if isinstance(r, ObjectResult)]
    assert [r.key for r in differing] == ["public.t.amount"]
    assert handover.results("not-a-kind") == ()


def test_objects_in_parity_travel_as_keys_only(tmp_path: Path) -> None:
    """The hand-over of a large, nearly equal pair is far smaller than the
    catalogs a worker read before."""
    objects = [table(f"t{i}") for i in range(300)] + [
        column(f"t{i}", c) for i in range(300) for c in ("id", "name", "total")
    ]
    a = catalog("a", objects)
    b = catalog("b", [*objects[1:], column("t0", "extra")])
    comparison = compare(a, b, kinds=KINDS)
    write_handover(tmp_path / "h.pickle", handover_of(comparison, a, b))
    write_catalogs(tmp_path / "c.json", {"a": a, "b": b})
    handover = read_handover(tmp_path / "h.pickle")
    assert sum(len(v) for v in handover.differing.values()) == 2
    size = (tmp_path / "h.pickle").stat().st_size
    assert size * 4 < (tmp_path / "c.json").stat().st_size


def test_a_foreign_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "h.pickle"
    path.write_bytes(pickle.dumps(("something-else/1", {})))
    with pytest.raises(ValueError, match="not a dbparity-handover/1 file"):
        read_handover(path)


@given(
    st.lists(st.sampled_from("abcdefgh"), unique=True),
    st.lists(st.sampled_from("abcdefgh"), unique=True),
)
def test_results_pair_like_the_comparison(left: list[str], right: list[str]) -> None:
    a = catalog("a", [table(n) for n in left])
    b = catalog("b", [table(n) for n in right])
    comparison = compare(a, b, kinds=("table",))
    handover = handover_of(comparison, a, b)
    got = handover.results("table")
    expected = comparison.of("table")
    assert [r.key for r in got] == [r.key for r in expected]
    assert [isinstance(r, ObjectResult) for r in got] == [
        bool(r.findings) for r in expected
    ]

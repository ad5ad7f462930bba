"""``--dbparity-items auto``: one item per object up to ``AUTO_OBJECTS`` compared
objects, one per differing object plus one per kind above; every process gets
the same answer from the same keys."""

from __future__ import annotations

import pytest

from pytest_dbparity.environments import Environment
from pytest_dbparity.findings import compare
from pytest_dbparity.handover import handover_of
from pytest_dbparity.outputs import items_line
from pytest_dbparity.payloads import InParity
from pytest_dbparity.session import DbParitySession
from pytest_dbparity.settings import AUTO_OBJECTS, Settings
from tests import factories as f


def _session(tables: int, items: str = "auto", *, drift: int = 1) -> DbParitySession:
    """A comparison of *tables* tables (each one object of kind table), the
    first *drift* of them missing in B."""
    a = f.catalog("a", [f.table(f"t{i}") for i in range(tables)], kinds=("table",))
    b = f.catalog(
        "b", [f.table(f"t{i}") for i in range(drift, tables)], kinds=("table",)
    )
    settings = Settings(
        env_a=Environment(name="a", label="a", dsn="host=a"),
        env_b=Environment(name="b", label="b", dsn="host=b"),
        kinds=("table",),
        items=items,
    )
    session = DbParitySession(settings, catalog_a=a, catalog_b=b)
    session.comparison = compare(a, b, kinds=("table",))
    return session


@pytest.mark.parametrize(
    ("tables", "mode"),
    [(1, "object"), (AUTO_OBJECTS, "object"), (AUTO_OBJECTS + 1, "differences")],
)
def test_auto_chooses_by_the_number_of_compared_objects(tables: int, mode: str) -> None:
    session = _session(tables)
    assert session.object_count() == tables
    assert session.items_mode == mode
    line = items_line(session)
    assert line is not None
    assert f"{tables:,} objects" in line
    assert ("one per object" in line) == (mode == "object")


def test_an_explicit_mode_wins_over_auto() -> None:
    assert _session(AUTO_OBJECTS + 1, "object").items_mode == "object"
    assert _session(3, "differences").items_mode == "differences"


def test_a_worker_decides_as_the_controller_does() -> None:
    controller = _session(AUTO_OBJECTS + 1)
    assert controller.comparison is not None
    assert controller.catalog_a is not None
    assert controller.catalog_b is not None
    worker = DbParitySession(controller.settings)
    worker.handover = handover_of(
        controller.comparison, controller.catalog_a, controller.catalog_b
    )
    assert worker.object_count() == controller.object_count()
    assert worker.items_mode == controller.items_mode == "differences"
    assert [p.key for p in worker.payloads("table")] == [
        p.key for p in controller.payloads("table")
    ]


def test_the_in_parity_item_names_every_object_it_stands_for() -> None:
    session = _session(5, "differences", drift=2)
    payloads = session.payloads("table")
    in_parity = [p for p in payloads if isinstance(p, InParity)]
    assert len(in_parity) == 1
    assert in_parity[0].count == 3
    assert in_parity[0].keys == ("public.t2", "public.t3", "public.t4")
    assert [p.key for p in payloads if not isinstance(p, InParity)] == [
        "public.t0",
        "public.t1",
    ]

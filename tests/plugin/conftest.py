"""Fixtures shared by the end-to-end modules: the named pair of the snapshot
scenarios (see ``helpers``), serially and under xdist."""

from __future__ import annotations

from collections.abc import Callable

import pytest

# Inner pytest runs (pytester, in process) drop the modules they imported when
# they end. The kind models must outlive them, or a later run in the same test
# builds objects of new classes while pickle finds the old ones (xdist hand-over);
# so must PyYAML: a plugin module that outlives a run catches the errors of the
# PyYAML it imported, not those of one imported again (malformed YAML would end
# a later run with an internal error).
import yaml  # noqa: F401

import pytest_dbparity.kinds.registry  # noqa: F401
from tests.plugin.helpers import CONFIG, SNAPSHOT_SCHEMA, MakePair, Pair


@pytest.fixture(params=[[], ["-n", "2"]], ids=["serial", "xdist"])
def mode(request: pytest.FixtureRequest) -> list[str]:
    """Extra arguments of every run: none, or two xdist workers."""
    return list(request.param)


@pytest.fixture
def make_pair(
    pytester: pytest.Pytester,
    make_db: Callable[[str], str],
    monkeypatch: pytest.MonkeyPatch,
    mode: list[str],
) -> MakePair:
    def build(
        drift_b: str = "", drift_a: str = "", schema: str = SNAPSHOT_SCHEMA
    ) -> Pair:
        dsn_a, dsn_b = make_db(schema + drift_a), make_db(schema + drift_b)
        monkeypatch.setenv("SNAP_PROD_URL", dsn_a)
        monkeypatch.setenv("SNAP_NONPROD_URL", dsn_b)
        pytester.makefile(".yaml", dbparity=CONFIG)
        return Pair(pytester, mode, dsn_a, dsn_b)

    return build

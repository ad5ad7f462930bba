"""Case pairs: two databases built from ``a.sql`` and ``b.sql`` give exactly the
findings listed in ``expected.yaml``.

Each entry of ``expected.yaml`` names one finding by ``kind``, ``object``,
``change`` and ``attribute``; ``a``, ``b`` and ``severity`` (a label), when given,
must equal the finding's values. The set of findings must match exactly: a case
holds only what it is about.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pytest_dbparity.catalog import Catalog
from pytest_dbparity.catalog.pairing import pair_catalogs
from pytest_dbparity.environments import Environment
from pytest_dbparity.findings import compare
from pytest_dbparity.kinds.names import KINDS
from tests.fix_db import PgServer
from tests.integration.cases_check import (
    CASES,
    CASES_DIR,
    case_script,
    check_expected,
    key_of,
    load_expected,
    options_for,
    read_case,
)

SWAP = {"missing_in_a": "missing_in_b", "missing_in_b": "missing_in_a"}


@pytest.fixture(scope="module")
def case_catalogs(
    pg_server: PgServer, roles: tuple[str, ...]
) -> Callable[[str], tuple[Catalog, Catalog]]:
    """Read (and cache) both catalogs of a case; its databases live only meanwhile."""
    cache: dict[str, tuple[Catalog, Catalog]] = {}

    def read(case: str) -> tuple[Catalog, Catalog]:
        if case not in cache:
            sides, envs = [], []
            try:
                for side in ("a", "b"):
                    script = case_script(case, side)
                    name = pg_server.create_database(script, prefix=f"case_{side}")
                    env = Environment(
                        name=side, label=f"{case} {side}", dsn=pg_server.dsn(name)
                    )
                    envs.append((env, name))
                    sides.append(read_case(env, case))
                # Kinds that compare both live sides together (table contents).
                cache[case] = pair_catalogs(
                    envs[0][0], envs[1][0], sides[0], sides[1], options_for(case)
                )
            finally:
                for _, name in envs:
                    pg_server.drop_database(name)
        return cache[case]

    return read


@pytest.mark.parametrize("case", CASES)
def test_case_gives_expected_findings(
    case: str, case_catalogs: Callable[[str], tuple[Catalog, Catalog]]
) -> None:
    cat_a, cat_b = case_catalogs(case)
    check_expected(case, compare(cat_a, cat_b, kinds=KINDS).findings())


@pytest.mark.parametrize("case", CASES)
def test_swapping_sides_swaps_findings(
    case: str, case_catalogs: Callable[[str], tuple[Catalog, Catalog]]
) -> None:
    cat_a, cat_b = case_catalogs(case)
    forward = compare(cat_a, cat_b, kinds=KINDS).findings()
    backward = compare(cat_b, cat_a, kinds=KINDS).findings()
    mirrored = {
        (f.kind, f.object, SWAP.get(f.change, f.change), f.attribute): (
            f.b,
            f.a,
            f.severity,
        )
        for f in forward
    }
    assert {key_of(f): (f.a, f.b, f.severity) for f in backward} == mirrored
    assert len(backward) == len(forward)


def test_identical_case_has_the_same_script_on_both_sides() -> None:
    a = (CASES_DIR / "identical" / "a.sql").read_text("utf-8")
    b = (CASES_DIR / "identical" / "b.sql").read_text("utf-8")
    assert a == b
    assert load_expected("identical") == []


def test_every_case_is_complete() -> None:
    assert len(CASES) >= 20
    for case in CASES:
        for name in ("a.sql", "b.sql"):
            assert (CASES_DIR / case / name).is_file(), f"{case}/{name} is missing"

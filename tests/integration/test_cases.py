"""Case pairs: two databases built from ``a.sql`` and ``b.sql`` give exactly the
findings listed in ``expected.yaml``.

Each entry of ``expected.yaml`` names one finding by ``kind``, ``object``,
``change`` and ``attribute``; ``a``, ``b`` and ``severity`` (a label), when given,
must equal the finding's values. The set of findings must match exactly: a case
holds only what it is about.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from pytest_dbparity.catalog import Catalog
from pytest_dbparity.catalog.introspect import ReadOptions, read_catalog
from pytest_dbparity.catalog.pairing import pair_catalogs
from pytest_dbparity.config import DEFAULT_EXCLUDED_SCHEMAS
from pytest_dbparity.core.reading import DataOptions
from pytest_dbparity.environments import Environment
from pytest_dbparity.findings import Finding, compare
from pytest_dbparity.kinds.names import KINDS
from tests.fix_db import PgServer

CASES_DIR = Path(__file__).parent / "cases"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "expected.yaml").is_file())
OPTIONS = ReadOptions(
    kinds=KINDS,
    exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS,
    migrations_table="supabase_migrations.schema_migrations",
    # The data case's tables (no other case has this schema).
    data=DataOptions(
        tables=("Ref Data.*",),
        exclude_columns=("*.updated_at",),
        sensitive_columns=("Ref Data.*.api key",),
    ),
)
ENTRY_KEYS = {"kind", "object", "change", "attribute", "a", "b", "severity"}
SWAP = {"missing_in_a": "missing_in_b", "missing_in_b": "missing_in_a"}

Key = tuple[str, str, str, "str | None"]


def key_of(f: Finding) -> Key:
    return (f.kind, f.object, f.change, f.attribute)


def load_expected(case: str) -> list[dict[str, Any]]:
    path = CASES_DIR / case / "expected.yaml"
    entries = yaml.safe_load(path.read_text("utf-8")) or []
    assert isinstance(entries, list), f"{path}: expected a list of findings"
    for entry in entries:
        assert isinstance(entry, dict), f"{path}: {entry!r} is not a mapping"
        unknown = set(entry) - ENTRY_KEYS
        assert not unknown, f"{path}: unknown keys {sorted(unknown)} in {entry}"
        missing = {"kind", "object", "change", "attribute"} - set(entry)
        assert not missing, f"{path}: {entry} lacks {sorted(missing)}"
    return entries


def listing(title: str, keys: set[Key], values: dict[Key, Finding]) -> str:
    lines = [f"{title} ({len(keys)}):"]
    for k in sorted(keys, key=repr):
        kind, obj, change, attribute = k
        line = f"  - {{kind: {kind}, object: '{obj}', change: {change}, "
        line += f"attribute: {attribute}}}"
        if k in values:
            f = values[k]
            line += f"\n      a: {f.a!r}\n      b: {f.b!r}"
            line += f"\n      severity: {f.severity.label}"
        lines.append(line)
    return "\n".join(lines)


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
                    script = (CASES_DIR / case / f"{side}.sql").read_text("utf-8")
                    name = pg_server.create_database(script, prefix=f"case_{side}")
                    env = Environment(
                        name=side, label=f"{case} {side}", dsn=pg_server.dsn(name)
                    )
                    envs.append((env, name))
                    sides.append(read_catalog(env, OPTIONS))
                # Kinds that compare both live sides together (table contents).
                cache[case] = pair_catalogs(
                    envs[0][0], envs[1][0], sides[0], sides[1], OPTIONS
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
    expected = load_expected(case)
    cat_a, cat_b = case_catalogs(case)
    findings = compare(cat_a, cat_b, kinds=KINDS).findings()
    got = {key_of(f): f for f in findings}
    assert len(got) == len(findings), "two findings share kind, object and attribute"
    want = {(e["kind"], e["object"], e["change"], e["attribute"]): e for e in expected}
    assert len(want) == len(expected), f"{case}/expected.yaml repeats an entry"
    extra, missing = set(got) - set(want), set(want) - set(got)
    if extra or missing:
        pytest.fail(
            f"case {case}: findings differ from expected.yaml\n"
            + listing("unexpected findings", extra, got)
            + "\n"
            + listing("expected but not found", missing, got),
            pytrace=False,
        )
    for k, entry in want.items():
        f = got[k]
        for field in ("a", "b"):
            if field in entry:
                assert getattr(f, field) == entry[field], (
                    f"{k}: {field} is {getattr(f, field)!r}, expected {entry[field]!r}"
                )
        if "severity" in entry:
            assert f.severity.label == entry["severity"], f"{k}: severity"


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

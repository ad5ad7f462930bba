"""The integration cases (``cases/<case>/{a.sql,b.sql,expected.yaml}``) and the
check that findings are exactly a case's expected ones; shared by the modules
that run the cases (on one server, across PostgreSQL majors).

A case may carry ``case.yaml`` with ``profile: supabase`` (read the platform's
schemas for what users change there, and leave the platform's own objects out,
as a run with that profile does) and ``prelude: supabase`` (both sides start
from the shipped prelude, a fresh Supabase project, before ``a.sql``/``b.sql``).
Without it a case reads with profile ``none`` and no prelude.
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path
from typing import Any

import pytest
import yaml

from pytest_dbparity.catalog import Catalog
from pytest_dbparity.catalog.introspect import ReadOptions, read_catalog
from pytest_dbparity.config import DEFAULT_EXCLUDED_SCHEMAS
from pytest_dbparity.core.reading import DataOptions
from pytest_dbparity.environments import Environment
from pytest_dbparity.ephemeral import load_prelude
from pytest_dbparity.findings import Finding
from pytest_dbparity.kinds.names import KINDS
from pytest_dbparity.platform import apply, load_profile

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
CASE_KEYS = {"profile", "prelude"}
ENTRY_KEYS = {"kind", "object", "change", "attribute", "a", "b", "severity"}

Key = tuple[str, str, str, "str | None"]


@functools.cache
def case_config(case: str) -> dict[str, str]:
    """A case's ``case.yaml`` (empty without one)."""
    path = CASES_DIR / case / "case.yaml"
    if not path.is_file():
        return {}
    config = yaml.safe_load(path.read_text("utf-8")) or {}
    assert isinstance(config, dict), f"{path}: expected a mapping"
    unknown = set(config) - CASE_KEYS
    assert not unknown, f"{path}: unknown keys {sorted(unknown)}"
    return {str(k): str(v) for k, v in config.items()}


def options_for(case: str) -> ReadOptions:
    """How a case's sides are read: :data:`OPTIONS`, with its profile if any
    (the platform's schemas read for the profile's kinds, as a run does)."""
    profile = load_profile(case_config(case).get("profile", "none"))
    if profile is None:
        return OPTIONS
    return dataclasses.replace(
        OPTIONS,
        profile=profile.name,
        partial_schemas=tuple(
            s for s in profile.schemas if s in OPTIONS.exclude_schemas
        ),
        partial_kinds=tuple(k for k in KINDS if k in profile.kinds),
    )


def case_script(case: str, side: str) -> str:
    """The SQL of one side of a case: the case's prelude (if any), then its file."""
    script = (CASES_DIR / case / f"{side}.sql").read_text("utf-8")
    prelude = case_config(case).get("prelude")
    return f"{load_prelude(prelude)}\n{script}" if prelude else script


def read_case(env: Environment, case: str) -> Catalog:
    """One side of a case read as a run reads it (profile applied)."""
    options = options_for(case)
    return apply(load_profile(options.profile), read_catalog(env, options))


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


def check_expected(case: str, findings: list[Finding]) -> None:
    """Fail unless *findings* are exactly those of the case's expected.yaml."""
    expected = load_expected(case)
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

"""The fix script's engine takes its kinds from the registry: sections, planners."""

from __future__ import annotations

from pytest_dbparity.fixsql._phases import PHASES
from pytest_dbparity.kinds.registry import REGISTRY, kinds_where


def test_sections_run_in_dependency_order() -> None:
    assert [p.title for p in PHASES] == [
        "drop policies",
        "drop triggers",
        "drop indexes",
        "drop constraints (foreign keys first)",
        "drop views",
        "drop functions and procedures",
        "drop columns",
        "detach partitions, drop tables",
        "drop sequences",
        "drop types",
        "drop extensions",
        "drop schemas",
        "schemas",
        "extensions",
        "enum labels",
        "types",
        "sequences",
        "tables",
        "columns",
        "sequence ownership",
        "functions and procedures",
        "views",
        "constraints (primary keys and unique before foreign keys)",
        "indexes",
        "triggers",
        "row level security",
        "policies",
        "owners",
        "privileges",
        "comments",
        "data (no statements)",
        "not reconciled",
    ]
    assert [p.position for p in PHASES] == list(range(len(PHASES)))


def test_every_kind_but_data_is_reconciled_with_ddl() -> None:
    planned = {s.name for s in REGISTRY if s.fix_order is not None}
    assert planned == set(kinds_where(data=False))

"""The fix script's engine takes its kinds from the registry: sections, planners."""

from __future__ import annotations

import importlib
import subprocess
import sys

from pytest_dbparity.fixsql._kinds import KindFix, fix_of, fixes, relation_kinds
from pytest_dbparity.fixsql._phases import PHASES
from pytest_dbparity.kinds.registry import REGISTRY, kinds_where


def test_sections_run_in_dependency_order() -> None:
    assert [p.title for p in PHASES] == [
        "drop publications",
        "drop event triggers",
        "drop policies",
        "drop rules",
        "drop triggers",
        "drop statistics objects",
        "drop indexes",
        "drop constraints (foreign keys first)",
        "drop views",
        "drop operators",
        "drop casts",
        "drop aggregates",
        "drop functions and procedures",
        "drop columns",
        "detach partitions, drop tables",
        "drop sequences",
        "drop types",
        "drop text search configurations",
        "drop text search dictionaries",
        "drop collations",
        "drop user mappings",
        "drop foreign servers",
        "drop foreign data wrappers",
        "drop extensions",
        "drop schemas",
        "roles",
        "schemas",
        "extensions",
        "foreign data wrappers",
        "foreign servers",
        "user mappings",
        "enum labels",
        "collations",
        "text search dictionaries",
        "text search configurations",
        "types",
        "sequences",
        "tables",
        "columns",
        "sequence ownership",
        "functions and procedures",
        "aggregates",
        "casts",
        "operators",
        "views",
        "constraints (primary keys and unique before foreign keys)",
        "indexes",
        "statistics objects",
        "triggers",
        "rules",
        "row level security",
        "policies",
        "owners",
        "event triggers",
        "publications",
        "privileges",
        "default privileges",
        "comments",
        "settings",
        "data (no statements)",
        "objects of kinds not modelled",
        "not reconciled",
        "validate foreign keys",
    ]
    assert [p.position for p in PHASES] == list(range(len(PHASES)))


def test_every_kind_but_data_is_reconciled_with_ddl() -> None:
    planned = {s.name for s in REGISTRY if s.fix_order is not None}
    assert planned == set(kinds_where(data=False))


def test_each_planned_kind_has_its_fix_module() -> None:
    for spec in REGISTRY:
        if spec.fix_order is None:
            assert fix_of(spec.name) == KindFix()
            continue
        module = importlib.import_module(f"{spec.package}.fix")
        assert isinstance(module.FIX, KindFix)
        assert module.FIX.plan is not None
        assert fix_of(spec.name) is module.FIX
    orders = {s.name: s.fix_order for s in REGISTRY if s.fix_order is not None}
    assert [kind for kind, _ in fixes()] == sorted(orders, key=orders.__getitem__)
    assert relation_kinds() == ("table", "view")


_FIRST_IMPORT = """
import importlib, sys
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m.startswith("pytest_dbparity")]:
        del sys.modules[loaded]
    importlib.import_module(name)
    importlib.import_module("pytest_dbparity.fixsql").generate_fix_sql
"""


def test_imports_have_no_cycle() -> None:
    """Each module imports first (the package not loaded yet) without a cycle:
    the kinds' ``fix.py`` import the engine, which imports the registry."""
    modules = [
        "pytest_dbparity.kinds.registry",
        "pytest_dbparity.fixsql",
        *(f"{s.package}.fix" for s in REGISTRY if s.fix_order is not None),
    ]
    subprocess.run([sys.executable, "-c", _FIRST_IMPORT, *modules], check=True)

"""The test suite's own layout: no module of it imports a test module.

Shared builders live in ``tests/factories.py``, shared end-to-end helpers in
``tests/plugin/helpers.py`` and fixtures in ``conftest.py`` files. A test module
that imported another would tie the two modules' edits together, hide helpers
where nobody looks for them, and hand the importer the other module's fixtures
and hooks.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.seeds import outputs_under_hash_seeds

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"


def _is_test_module(dotted: str) -> bool:
    """Whether *dotted* names a ``test_*.py`` file of the repository."""
    parts = dotted.split(".")
    path = ROOT.joinpath(*parts).with_suffix(".py")
    return parts[-1].startswith("test_") and path.is_file()


def imported_test_modules(source: str, module: str) -> list[str]:
    """The test modules that *source*, the text of the module *module*, imports
    (``import`` or ``from ... import``, relative or not, at any depth)."""
    package = module.split(".")[:-1]
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            origin = package[: len(package) - node.level + 1] if node.level else []
            if node.module:
                origin = [*origin, *node.module.split(".")]
            names = [".".join(origin)]
            names += [".".join([*origin, alias.name]) for alias in node.names]
        found += [name for name in names if _is_test_module(name)]
    return found


def _module_of(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


SUITE = sorted(TESTS.rglob("*.py"))


def test_the_suite_is_found() -> None:
    names = {p.name for p in SUITE}
    assert {"test_layout.py", "test_findings.py", "conftest.py"} <= names
    assert {"factories.py", "helpers.py"} <= names


@pytest.mark.parametrize("path", SUITE, ids=lambda p: p.relative_to(TESTS).as_posix())
def test_no_module_of_the_suite_imports_a_test_module(path: Path) -> None:
    """Test modules, conftest files and helpers alike."""
    imported = imported_test_modules(path.read_text("utf-8"), _module_of(path))
    assert imported == [], (
        f"{path.relative_to(ROOT)} imports {', '.join(imported)}: move what it "
        "needs to tests/factories.py, a helpers module or a conftest.py"
    )


@pytest.mark.parametrize(
    ("source", "module", "expected"),
    [
        ("from tests.unit.test_findings import x", "tests.unit.test_a", True),
        ("import tests.unit.test_findings", "tests.unit.test_a", True),
        ("import tests.unit.test_findings as f", "tests.plugin.conftest", True),
        ("from tests.unit import test_findings", "tests.unit.test_a", True),
        ("from .test_findings import x", "tests.unit.test_a", True),
        ("from . import test_findings", "tests.unit.test_a", True),
        ("from ..unit.test_findings import x", "tests.plugin.test_a", True),
        ("def f():\n    from tests.unit.test_findings import x", "tests.x", True),
        ("from tests.factories import catalog", "tests.unit.test_a", False),
        ("from tests.plugin.helpers import run", "tests.plugin.test_a", False),
        ("from tests.fix_db import PgServer", "tests.integration.test_a", False),
        ("from tests.unit.test_missing import x", "tests.unit.test_a", False),
        ("import pytest", "tests.unit.test_a", False),
    ],
)
def test_every_form_of_import_is_seen(source: str, module: str, expected: bool) -> None:
    assert bool(imported_test_modules(source, module)) is expected


def test_hash_seed_runs_really_vary_the_seed() -> None:
    # What the determinism tests rely on: a set's order does change across the
    # seeds they use (the seeds are fixed, so this test is deterministic too).
    outputs = outputs_under_hash_seeds("tests.seeds:set_order_probe")
    assert len(set(outputs)) > 1, outputs

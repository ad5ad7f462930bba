"""The kind registry agrees with everything else that names kinds.

Adding a kind is its folder, one registry line, one parity test module, one
integration case folder and one README row: these tests name what is missing.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path
from typing import get_args

import pytest

from pytest_dbparity.findings import compare, findings_document
from pytest_dbparity.kinds.names import KINDS, Kind
from pytest_dbparity.kinds.registry import (
    MODEL_BY_KIND,
    NOT_COMPARED,
    REGISTRY,
    SPECS,
    address_key,
    kind_of_privilege_type,
    kinds_where,
)
from pytest_dbparity.severity import default_rules
from tests.factories import catalog

ROOT = Path(__file__).resolve().parents[2]
PARITY_TESTS = ROOT / "parity_tests"
CASES = ROOT / "tests" / "integration" / "cases"


def _marked_kinds(path: Path) -> list[str]:
    """Kinds named by ``@pytest.mark.dbparity("<kind>")`` in a test module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "dbparity"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.append(str(node.args[0].value))
    return found


def test_registry_names_equal_the_kind_type() -> None:
    names = [spec.name for spec in REGISTRY]
    assert names == list(KINDS)
    assert list(get_args(Kind)) == names
    assert len(set(names)) == len(names)


def test_each_spec_owns_its_model() -> None:
    for spec in REGISTRY:
        assert spec.model.kind == spec.name
        assert MODEL_BY_KIND[spec.name] is spec.model
        # The model lives in the kind's own package.
        assert spec.model.__module__.startswith(spec.package)
        assert spec.package == f"pytest_dbparity.kinds.{spec.name}"


def test_model_class_names_are_unique_in_the_package() -> None:
    names: dict[str, Path] = {}
    for path in (ROOT / "pytest_dbparity").rglob("*.py"):
        for node in ast.parse(path.read_text("utf-8")).body:
            if isinstance(node, ast.ClassDef):
                assert node.name not in names, (node.name, path, names.get(node.name))
                names[node.name] = path


def test_every_kind_has_one_shipped_parity_test_module() -> None:
    seen: dict[str, Path] = {}
    for path in sorted(PARITY_TESTS.glob("test_*.py")):
        for kind in _marked_kinds(path):
            assert kind in SPECS, f"{path.name} tests unknown kind {kind!r}"
            assert kind not in seen, f"{kind} tested in {seen.get(kind)} and {path}"
            seen[kind] = path
    assert sorted(seen) == sorted(KINDS)


def test_every_kind_has_an_integration_case() -> None:
    cases = {p.name for p in CASES.iterdir() if p.is_dir()}
    for spec in REGISTRY:
        assert any(c == spec.name or c.startswith(spec.name + "_") for c in cases), (
            f"no tests/integration/cases/{spec.name}* folder"
        )


def test_readme_table_lists_every_kind_in_order() -> None:
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("## What it compares", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| ([a-z_]+) \| ", section, flags=re.MULTILINE)
    assert rows[0] == "kind"  # the header
    assert rows[1:] == list(KINDS)


def test_findings_document_lists_the_compared_kinds() -> None:
    doc = findings_document(compare(catalog("a"), catalog("b"), kinds=KINDS))
    assert doc["kinds"] == list(KINDS)


def test_tables_derived_from_the_registry() -> None:
    assert kinds_where(data=True) == ("data", "migration", "row_count")
    assert set(NOT_COMPARED).isdisjoint({s.singular for s in REGISTRY})
    # Every default rule names a kind of the registry, and each kind has one.
    rule_kinds = {r.kind for r in default_rules() if r.kind is not None}
    assert rule_kinds == set(KINDS)
    ranks = [s.rank for s in REGISTRY]
    assert sorted(ranks) == list(range(len(REGISTRY)))
    parts = [s.table_part for s in REGISTRY if s.table_part is not None]
    assert len(parts) == len(set(parts))


@pytest.mark.parametrize(
    ("object_type", "names", "expected"),
    [
        ("table", ["public", "t"], ("table", "public.t")),
        ("table column", ["public", "t", "c"], ("column", "public.t.c")),
        ("rule", ["public", "v", "_RETURN"], ("view", "public.v")),
        ("rule", ["public", "t", "r1"], ("rule", "public.t.r1")),
        ("rule", ["My S", "T", "R 1"], ("rule", '"My S"."T"."R 1"')),
        ("event trigger", ["Evt One"], ("event_trigger", '"Evt One"')),
        ("function", ["public", "f"], ("function", "public.f")),
        ("aggregate", ["My S", "agg"], ("aggregate", '"My S".agg')),
        (
            "table constraint",
            ["public", "t", "t_pkey"],
            ("constraint", "public.t.t_pkey"),
        ),
        ("domain", ["public.d"], ("type", "public.d")),
        ("schema", ["My S"], ("schema", '"My S"')),
        ("operator", ["public", "+"], ("operator", "public.+")),
        ("operator", ["My S", "==="], ("operator", '"My S".===')),
        (
            "text search configuration",
            ["public", "My cfg"],
            ("ts_config", 'public."My cfg"'),
        ),
        (
            "text search dictionary",
            ["public", "d"],
            ("ts_dictionary", "public.d"),
        ),
        ("cast", ["integer"], None),
    ],
)
def test_address_keys_come_from_the_kinds(
    object_type: str, names: list[str], expected: tuple[str, str] | None
) -> None:
    assert address_key(object_type, names) == expected


def test_privilege_object_types_map_to_kinds() -> None:
    assert kind_of_privilege_type("materialized view") == "view"
    assert kind_of_privilege_type("procedure") == "function"
    assert kind_of_privilege_type("aggregate") == "aggregate"
    assert kind_of_privilege_type("foreign table") == "table"


def test_readme_names_every_compared_attribute_of_each_kind() -> None:
    """Adding an attribute is its model field and its query column, in the kind's
    folder, plus the README row this test asks for."""
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("## What it compares", 1)[1].split("\n## ", 1)[0]
    rows = {
        m.group(1): m.group(0).split("|")[3]
        for m in re.finditer(r"^\| ([a-z_]+) \|.*$", section, flags=re.MULTILINE)
    }
    for spec in REGISTRY:
        described = rows[spec.name]
        missing = [
            f.name for f in spec.model.compared_fields() if f.name not in described
        ]
        assert missing == [], f"README row of {spec.name} does not name {missing}"


def test_a_kind_query_per_server_major(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``<stem>.pgNN.sql`` serves servers of major NN and newer; the plain file the
    older ones; the scope macro is written out in each."""
    package = tmp_path / "fake_kind_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "things.sql").write_text("select 15 from n where {{in_scope n}}")
    (package / "things.pg17.sql").write_text("select 17")
    (package / "things.pg18.sql").write_text("select 18")
    (package / "other.pg17.sql").write_text("select 'not ours'")
    monkeypatch.syspath_prepend(str(tmp_path))
    spec = dataclasses.replace(SPECS["table"], package="fake_kind_pkg", query="things")
    assert spec.query_files() == ["things.sql", "things.pg17.sql", "things.pg18.sql"]
    assert spec.sql(15).startswith("select 15 from n where (n.nspname <> all(")
    assert spec.sql(16).startswith("select 15")
    assert spec.sql(17) == "select 17"
    assert spec.sql(18) == "select 18"
    assert spec.sql(19) == "select 18"
    assert spec.sql(None) == "select 18"
    only_new = dataclasses.replace(spec, query="other")
    with pytest.raises(FileNotFoundError, match=r"no other\.sql"):
        only_new.sql(17)

"""Static checks of the catalog query files (no database)."""

from __future__ import annotations

import dataclasses
import re
import string
from importlib import resources
from typing import Any

import pytest
from pglast import parse_sql

from pytest_dbparity.catalog.queries import load_query, query_names
from pytest_dbparity.core.scope import in_scope
from pytest_dbparity.kinds.registry import MODEL_BY_KIND, REGISTRY, SPECS

#: Every query file: the engine's own (``catalog/sql``) and each kind's, every
#: server version of it, as ``label -> text``.
QUERIES: dict[str, str] = {name: load_query(name) for name in query_names()}
for _spec in REGISTRY:
    for _file in _spec.query_files():
        QUERIES[f"{_spec.name}/{_file}"] = _spec.sql_file(_file)
#: The migration-history template (``str.format`` fields, no parameters).
MIGRATIONS = "migration/migrations.sql"
QUERIES[MIGRATIONS] = (
    resources.files("pytest_dbparity.kinds.migration")
    .joinpath("migrations.sql")
    .read_text("utf-8")
)
#: Kind label -> its query files' labels.
KIND_QUERIES = {
    spec.name: [f"{spec.name}/{f}" for f in spec.query_files()] for spec in REGISTRY
}
PARAMS = ("%(exclude_schemas)s", "%(include_schemas)s")
#: Parameters of the queries that deparse under locks (views, functions).
BATCH_PARAMS = ("%(deparse)s", "%(oids)s")
TEMPLATE_FIELDS = {"table", "name", "statements_hash"}
PARAMETRISED = sorted(set(QUERIES) - {MIGRATIONS})


def _without_comments(text: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in text.splitlines())


def _bind_placeholders(text: str) -> str:
    """The query with its bound parameters replaced by a parseable value."""
    text = text.replace(PARAMS[0], "'{}'").replace(PARAMS[1], "null")
    text = text.replace(BATCH_PARAMS[0], "true").replace(BATCH_PARAMS[1], "null")
    return text.replace("%(snapshot)s", "'1:1:'")


def _fill_template(text: str) -> str:
    return text.format(
        table="public.m", name="null::text", statements_hash="null::text"
    )


def _statement(name: str) -> Any:
    text = QUERIES[name]
    text = _fill_template(text) if name == MIGRATIONS else _bind_placeholders(text)
    statements = parse_sql(text)
    assert len(statements) == 1, f"{name} must hold exactly one statement"
    return statements[0].stmt


def _output_names(stmt: Any) -> list[str]:
    while stmt.targetList is None and stmt.larg is not None:  # a UNION: its first
        stmt = stmt.larg
    names = []
    for target in stmt.targetList:
        if target.name is not None:
            names.append(target.name)
        else:  # an unaliased column reference: its last part
            names.append(target.val.fields[-1].sval)
    return names


def test_every_kind_has_a_query_or_reads_itself() -> None:
    for spec in REGISTRY:
        assert (spec.query is None) != (spec.read is None), spec.name
        if spec.query is not None:
            assert spec.query_files()[0] == f"{spec.query}.sql", spec.name
    # dependencies.sql serves the report, lock_budget.sql and row_versions.sql
    # the reader, and unchecked.sql the header; none is a kind of its own.
    assert set(query_names()) == {
        "unchecked",
        "dependencies",
        "lock_budget",
        "row_versions",
    }


@pytest.mark.parametrize("name", query_names())
def test_query_loads(name: str) -> None:
    text = load_query(name)
    assert isinstance(text, str)
    assert "select" in text.lower()
    assert load_query(name) is text  # cached


def test_unknown_query_is_an_error() -> None:
    with pytest.raises((FileNotFoundError, OSError)):
        load_query("no_such_query")


#: Queries that return one aggregate row: no order to keep.
ONE_ROW = {"row_versions"}


@pytest.mark.parametrize("name", sorted(set(QUERIES) - ONE_ROW))
def test_query_ends_with_top_level_order_by(name: str) -> None:
    text = _without_comments(QUERIES[name]).strip().rstrip(";").strip()
    last = text.lower().rsplit("order by", 1)
    assert len(last) == 2, f"{name}.sql has no order by"
    tail = last[1]
    assert "\n" not in tail.strip(), f"{name}.sql: order by is not the last clause"
    assert ")" not in tail, f"{name}.sql: the final order by is inside a sub-query"
    assert _statement(name).sortClause, f"{name}.sql: no top-level ORDER BY"


def test_unchecked_orders_by_kind() -> None:
    text = _without_comments(load_query("unchecked")).strip()
    assert text.lower().endswith("order by kind")


@pytest.mark.parametrize("name", PARAMETRISED)
def test_query_uses_only_bound_parameters(name: str) -> None:
    text = QUERIES[name]
    stripped = text
    for param in (*PARAMS, *BATCH_PARAMS, "%(snapshot)s"):
        stripped = stripped.replace(param, "")
    assert "%" not in stripped, f"{name}.sql has a stray % or an unknown placeholder"
    placeholders = set(re.findall(r"%\((\w+)\)s", text))
    allowed = {"exclude_schemas", "include_schemas", "deparse", "oids"}
    if name == "row_versions":  # the read's snapshot, checked against
        allowed.add("snapshot")
    assert placeholders <= allowed
    # deparse and oids go together, in the queries of kinds read in batches
    # when the server is short of lock slots; their first column is the oid.
    batch = placeholders & {"deparse", "oids"}
    assert batch in (set(), {"deparse", "oids"}), name
    if batch:
        kind = name.split("/")[0]
        assert kind in {s.name for s in REGISTRY if s.deparsed}, name
        assert _output_names(_statement(name))[0] == "oid", name
    if "include_schemas" in placeholders:
        assert "exclude_schemas" in placeholders
    # No str.format fields either: only empty array literals use braces.
    assert "{" not in _without_comments(text).replace("'{}'", "")


def test_schema_bound_kinds_filter_by_the_read_scope() -> None:
    # Every kind that lives in a schema filters by both lists, through the one
    # scope condition; database- and cluster-wide kinds do not (a kind compared
    # only where objects in the scope refer to it, roles, uses it to say which).
    for spec in REGISTRY:
        for label in KIND_QUERIES[spec.name]:
            raw = spec.sql_file(label.split("/", 1)[1])
            if spec.scope != "schema" and spec.compared_if is not None:
                continue
            assert (in_scope("n") in raw) == (spec.scope == "schema"), label
    assert in_scope("n") in load_query("lock_budget")
    assert in_scope("ns") in load_query("unchecked")


def test_unchecked_counts_what_the_unmodeled_kind_lists() -> None:
    # The header's counts run the unmodeled kind's query, included: whichever
    # kinds a run compares, the two name the same objects.
    listing = _without_comments(SPECS["unmodeled"].sql()).strip()
    assert listing.endswith("order by what, name")
    body = listing.removesuffix("order by what, name").strip()
    counts = _without_comments(load_query("unchecked"))
    unindented = "\n".join(line.removeprefix("  ") for line in counts.splitlines())
    assert body in unindented


def test_no_query_file_writes_the_scope_by_hand() -> None:
    # The scope condition is written once (core/scope.py); files say
    # {{in_scope n}}, which the loader expands.
    for spec in REGISTRY:
        for name in spec.query_files():
            text = resources.files(spec.package).joinpath(name).read_text("utf-8")
            assert "exclude_schemas" not in text, name
            assert "{{in_scope" in text or spec.scope != "schema", name


def test_migrations_template_has_only_named_fields() -> None:
    text = QUERIES[MIGRATIONS]
    assert "%" not in text
    fields = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    assert fields == TEMPLATE_FIELDS
    assert _statement(MIGRATIONS).sortClause


@pytest.mark.parametrize(
    ("kind", "name"),
    [(k, n) for k, names in KIND_QUERIES.items() for n in names]
    + [("migration", MIGRATIONS)],
)
def test_query_columns_are_the_model_fields(kind: str, name: str) -> None:
    model = MODEL_BY_KIND[kind]
    names = _output_names(_statement(name))
    assert len(names) == len(set(names)), f"duplicate output names: {names}"
    if names[0] == "oid":  # for batched reads; the reader drops it
        names = names[1:]
    assert set(names) == {f.name for f in dataclasses.fields(model)}


def test_unchecked_columns() -> None:
    assert _output_names(_statement("unchecked")) == ["kind", "count"]

"""Static checks of the catalog query files (no database)."""

from __future__ import annotations

import dataclasses
import re
import string
from typing import Any

import pytest
from pglast import parse_sql

from pytest_dbparity.catalog.model import KINDS, MODEL_BY_KIND
from pytest_dbparity.catalog.queries import load_query, query_names

# The query file behind each kind (``migration`` uses the template).
QUERY_OF_KIND = {
    "schema": "schemas",
    "table": "tables",
    "column": "columns",
    "constraint": "constraints",
    "index": "indexes",
    "rls": "rls",
    "policy": "policies",
    "function": "functions",
    "trigger": "triggers",
    "view": "views",
    "sequence": "sequences",
    "type": "types",
    "extension": "extensions",
    "privilege": "privileges",
    "migration": "migrations",
    "row_count": "row_counts",
}
PARAMS = ("%(exclude_schemas)s", "%(include_schemas)s")
#: Parameters of the queries that deparse under locks (views, functions).
BATCH_PARAMS = ("%(deparse)s", "%(oids)s")
TEMPLATE_FIELDS = {"table", "name", "statements_hash"}
PARAMETRISED = sorted(set(query_names()) - {"migrations"})


def _without_comments(text: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in text.splitlines())


def _bind_placeholders(text: str) -> str:
    """The query with its bound parameters replaced by a parseable value."""
    text = text.replace(PARAMS[0], "'{}'").replace(PARAMS[1], "null")
    return text.replace(BATCH_PARAMS[0], "true").replace(BATCH_PARAMS[1], "null")


def _fill_template(text: str) -> str:
    return text.format(
        table="public.m", name="null::text", statements_hash="null::text"
    )


def _statement(name: str) -> Any:
    text = load_query(name)
    text = _fill_template(text) if name == "migrations" else _bind_placeholders(text)
    statements = parse_sql(text)
    assert len(statements) == 1, f"{name}.sql must hold exactly one statement"
    return statements[0].stmt


def _output_names(stmt: Any) -> list[str]:
    names = []
    for target in stmt.targetList:
        if target.name is not None:
            names.append(target.name)
        else:  # an unaliased column reference: its last part
            names.append(target.val.fields[-1].sval)
    return names


def test_every_kind_has_its_query_file() -> None:
    assert set(QUERY_OF_KIND) == set(KINDS)
    # dependencies.sql serves the report, lock_budget.sql the reader; neither is
    # a kind of its own.
    extra = {"unchecked", "dependencies", "lock_budget"}
    assert set(QUERY_OF_KIND.values()) | extra == set(query_names())


@pytest.mark.parametrize("name", query_names())
def test_query_loads(name: str) -> None:
    text = load_query(name)
    assert isinstance(text, str)
    assert "select" in text.lower()
    assert load_query(name) is text  # cached


def test_unknown_query_is_an_error() -> None:
    with pytest.raises((FileNotFoundError, OSError)):
        load_query("no_such_query")


@pytest.mark.parametrize("name", query_names())
def test_query_ends_with_top_level_order_by(name: str) -> None:
    text = _without_comments(load_query(name)).strip().rstrip(";").strip()
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
    text = load_query(name)
    stripped = text
    for param in PARAMS + BATCH_PARAMS:
        stripped = stripped.replace(param, "")
    assert "%" not in stripped, f"{name}.sql has a stray % or an unknown placeholder"
    placeholders = set(re.findall(r"%\((\w+)\)s", text))
    assert placeholders <= {"exclude_schemas", "include_schemas", "deparse", "oids"}
    # deparse and oids go together, in the queries of kinds read in batches
    # when the server is short of lock slots; their first column is the oid.
    batch = placeholders & {"deparse", "oids"}
    assert batch in (set(), {"deparse", "oids"}), name
    if batch:
        assert name in {"views", "functions"}, name
        assert _output_names(_statement(name))[0] == "oid", name
    if "include_schemas" in placeholders:
        assert "exclude_schemas" in placeholders
    # No str.format fields either: only empty array literals use braces.
    assert "{" not in _without_comments(text).replace("'{}'", "")


def test_schema_filtered_queries_use_both_parameters() -> None:
    # Every kind that lives in a schema filters by both lists.
    # Extensions live anywhere; dependencies are looked up by key, not filtered.
    schema_bound = set(PARAMETRISED) - {"extensions", "dependencies"}
    for name in schema_bound:
        text = load_query(name)
        assert PARAMS[0] in text, name
        assert PARAMS[1] in text, name


def test_migrations_template_has_only_named_fields() -> None:
    text = load_query("migrations")
    assert "%" not in text
    fields = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    assert fields == TEMPLATE_FIELDS
    assert _statement("migrations").sortClause


@pytest.mark.parametrize("kind", sorted(QUERY_OF_KIND))
def test_query_columns_are_the_model_fields(kind: str) -> None:
    model = MODEL_BY_KIND[kind]
    names = _output_names(_statement(QUERY_OF_KIND[kind]))
    assert len(names) == len(set(names)), f"duplicate output names: {names}"
    if names[0] == "oid":  # for batched reads; the reader drops it
        names = names[1:]
    assert set(names) == {f.name for f in dataclasses.fields(model)}


def test_unchecked_columns() -> None:
    assert _output_names(_statement("unchecked")) == ["kind", "count"]

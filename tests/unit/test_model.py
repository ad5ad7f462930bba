"""Unit tests of the catalog model: quoting, keys, rows and attributes."""

from __future__ import annotations

import dataclasses
import json
import re
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_dbparity.core.identifiers import (
    bare_head,
    qualify,
    quote_ident,
    split_name,
    split_qualified,
)
from pytest_dbparity.core.objects import (
    CatalogObject,
    _freeze,
    attributes,
    from_row,
    from_rows,
    to_dict,
)
from pytest_dbparity.kinds.column import Column
from pytest_dbparity.kinds.constraint import Constraint
from pytest_dbparity.kinds.extension import Extension
from pytest_dbparity.kinds.function import Function
from pytest_dbparity.kinds.index import Index
from pytest_dbparity.kinds.migration import Migration
from pytest_dbparity.kinds.names import KINDS
from pytest_dbparity.kinds.policy import Policy
from pytest_dbparity.kinds.privilege import Privilege
from pytest_dbparity.kinds.registry import MODEL_BY_KIND, REGISTRY
from pytest_dbparity.kinds.rls import Rls
from pytest_dbparity.kinds.row_count import RowCount
from pytest_dbparity.kinds.schema import Schema
from pytest_dbparity.kinds.sequence import Sequence
from pytest_dbparity.kinds.table import Table
from pytest_dbparity.kinds.trigger import Trigger
from pytest_dbparity.kinds.type import Type
from pytest_dbparity.kinds.view import View
from tests.factories import function

# ------------------------------------------------------------------ helpers


def unqualify(key: str) -> tuple[str, ...]:
    """Decode a dotted key built by ``qualify`` back into its parts.

    Written independently of the package: a quoted part runs to the first lone
    double quote (``""`` is an escaped quote); an unquoted part runs to the next dot.
    """
    parts: list[str] = []
    i = 0
    n = len(key)
    while True:
        if i < n and key[i] == '"':
            i += 1
            buf: list[str] = []
            while True:
                if i >= n:
                    raise ValueError(f"unterminated quoted part in {key!r}")
                if key[i] == '"':
                    if i + 1 < n and key[i + 1] == '"':
                        buf.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                buf.append(key[i])
                i += 1
            parts.append("".join(buf))
        else:
            j = key.find(".", i)
            end = n if j < 0 else j
            parts.append(key[i:end])
            i = end
        if i == n:
            return tuple(parts)
        if key[i] != ".":
            raise ValueError(f"expected a dot at {i} in {key!r}")
        i += 1


# Text that stresses quoting: dots, quotes, upper case, spaces, non-ASCII, digits.
tricky_text = st.text(
    alphabet=st.sampled_from(list('ab.AZ"_ 1éß\n')) | st.characters(),
    max_size=8,
)


# ------------------------------------------------------------------ quote_ident


@pytest.mark.parametrize(
    ("name", "quoted"),
    [
        ("users", "users"),
        ("_private_1", "_private_1"),
        ("a1", "a1"),
        ("Users", '"Users"'),
        ("USERS", '"USERS"'),
        ("my table", '"my table"'),
        ("a.b", '"a.b"'),
        ('a"b', '"a""b"'),
        ('"', '""""'),
        ("café", '"café"'),
        ("ß", '"ß"'),
        ("1abc", '"1abc"'),
        ("a-b", '"a-b"'),
        ("$x", '"$x"'),
        ("x$", '"x$"'),
        ("", '""'),
        ("abc\n", '"abc\n"'),
        # reserved keyword
        ("user", '"user"'),
        ("select", '"select"'),
        ("table", '"table"'),
        # column-name keyword
        ("int", '"int"'),
        ("between", '"between"'),
        # type/function-name keyword
        ("left", '"left"'),
        ("join", '"join"'),
        # unreserved keywords stay bare
        ("name", "name"),
        ("filter", "filter"),
        ("version", "version"),
    ],
)
def test_quote_ident_matches_postgresql(name: str, quoted: str) -> None:
    assert quote_ident(name) == quoted


@settings(max_examples=200)
@given(tricky_text)
def test_quote_ident_round_trips_and_only_bare_when_safe(name: str) -> None:
    quoted = quote_ident(name)
    if quoted == name:
        # Bare only when PostgreSQL would not need quotes.
        assert name
        assert name[0] in "abcdefghijklmnopqrstuvwxyz_"
        assert all(c in "abcdefghijklmnopqrstuvwxyz0123456789_" for c in name)
    else:
        assert quoted.startswith('"')
        assert quoted.endswith('"')
        assert quoted[1:-1].replace('""', '"') == name
    assert unqualify(quoted) == (name,)


# ------------------------------------------------------------------ qualify


@pytest.mark.parametrize(
    ("parts", "key"),
    [
        (("public", "users"), "public.users"),
        (("public", "a.b"), 'public."a.b"'),
        (("public", "a", "b"), "public.a.b"),
        (("Public", "user"), '"Public"."user"'),
        (("s", 'x"y'), 's."x""y"'),
    ],
)
def test_qualify(parts: tuple[str, ...], key: str) -> None:
    assert qualify(*parts) == key


def test_qualify_keeps_dotted_names_apart() -> None:
    keys = {
        qualify("public", "a.b"),
        qualify("public", "a", "b"),
        qualify("public.a", "b"),
        qualify('public"', "a"),
        qualify("public", '"a'),
    }
    assert len(keys) == 5


part_tuples = st.lists(tricky_text, min_size=1, max_size=4).map(tuple)


@settings(max_examples=200)
@given(part_tuples)
def test_qualify_is_decodable(parts: tuple[str, ...]) -> None:
    assert unqualify(qualify(*parts)) == parts


@settings(max_examples=200)
@given(part_tuples | st.text(max_size=12))
def test_bare_head_is_the_first_part_split_name_gives(parts: Any) -> None:
    text = qualify(*parts) if isinstance(parts, tuple) else parts
    head = bare_head(text)
    if text.startswith('"'):
        assert head is None
        return
    try:
        expected = split_name(text)[0]
    except ValueError:
        return  # bare_head does not check; callers fall back to split_name
    assert head == expected


@settings(max_examples=150)
@given(part_tuples, part_tuples)
def test_qualify_is_injective(p: tuple[str, ...], q: tuple[str, ...]) -> None:
    assert (qualify(*p) == qualify(*q)) == (p == q)


@settings(max_examples=60)
@given(st.lists(part_tuples, min_size=1, max_size=30, unique=True))
def test_qualify_distinct_parts_give_distinct_keys(
    tuples: list[tuple[str, ...]],
) -> None:
    assert len({qualify(*t) for t in tuples}) == len(tuples)


# ------------------------------------------------------------------ split_qualified


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("public.users", ("public", "users")),
        ("users", ("public", "users")),
        (
            "supabase_migrations.schema_migrations",
            ("supabase_migrations", "schema_migrations"),
        ),
        # unquoted parts fold to lower case
        ("Users", ("public", "users")),
        ("Ops.Schema_Migrations", ("ops", "schema_migrations")),
        ("PUBLIC.T", ("public", "t")),
        # quoted parts are taken as they are
        ('"My Schema"."a.b"', ("My Schema", "a.b")),
        ('"Ops"."schema.migrations"', ("Ops", "schema.migrations")),
        ('public."Users"', ("public", "Users")),
        ('"Ops".users', ("Ops", "users")),
        ('"a.b"', ("public", "a.b")),
        ('"user"', ("public", "user")),
        ('"UPPER"', ("public", "UPPER")),
        # doubled quotes inside a quoted part are one quote
        ('"x""y"."a""""b"', ('x"y', 'a""b')),
        ('""""', ("public", '"')),
        ('"""a"""', ("public", '"a"')),
        ('"a b".c', ("a b", "c")),
    ],
)
def test_split_qualified(text: str, parts: tuple[str, str]) -> None:
    assert split_qualified(text) == parts


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("users", ("app", "users")),
        ("Users", ("app", "users")),
        ('"a.b"', ("app", "a.b")),
        ("public.users", ("public", "users")),
    ],
)
def test_split_qualified_default_schema(text: str, parts: tuple[str, str]) -> None:
    assert split_qualified(text, default_schema="app") == parts


@pytest.mark.parametrize(
    "text",
    [
        # empty parts
        "",
        ".",
        ".t",
        "s.",
        "s..t",
        '"".t',
        's.""',
        '""',
        # unterminated quotes
        '"s.t',
        's."t',
        '"s"."t',
        '"',
        '"a""',
        # three (or more) parts
        "a.b.c",
        '"a"."b"."c"',
        "db.s.t",
        "a.b.c.d",
        # stray quotes
        's"x.t',
        'st"',
        's.t"',
        '"s"x.t',
        's."t"x',
        '"s""t',
    ],
)
def test_split_qualified_rejects_malformed_names(text: str) -> None:
    # The message quotes the text it could not parse.
    with pytest.raises(ValueError, match=re.escape(repr(text))):
        split_qualified(text)


@settings(max_examples=300)
@given(tricky_text.filter(bool), tricky_text.filter(bool))
def test_split_qualified_round_trips_qualify(schema: str, table: str) -> None:
    # qualify quotes whatever needs it; a bare name is already lower case.
    assert split_qualified(qualify(schema, table)) == (schema, table)


@settings(max_examples=200)
@given(tricky_text.filter(bool))
def test_split_qualified_round_trips_a_bare_table(table: str) -> None:
    assert split_qualified(quote_ident(table), default_schema="s") == ("s", table)


# ------------------------------------------------------------------ models and keys


#: A default argument: ``arguments`` differs from ``identity_arguments``.
ARGUMENTS = "a integer, b text DEFAULT 'x'::text"


MODELS = tuple(spec.model for spec in REGISTRY)


def test_models_cover_every_kind_once() -> None:
    assert [m.kind for m in MODELS] == list(KINDS)
    assert len(set(KINDS)) == len(KINDS)
    for kind, model in MODEL_BY_KIND.items():
        assert model.kind == kind
        names = {f.name for f in dataclasses.fields(model)}
        assert set(model.identity) <= names
        assert set(model.informational) <= names


@pytest.mark.parametrize(
    ("obj", "key"),
    [
        (Schema(name="public", owner="postgres"), "public"),
        (Schema(name="App", owner="postgres"), '"App"'),
        (
            Table(
                schema="public", name="users", table_type="ordinary", persistence="p"
            ),
            "public.users",
        ),
        (
            Column(
                schema="public", table="Users", name="user", type="text", not_null=True
            ),
            'public."Users"."user"',
        ),
        (
            Constraint(
                schema="public", table="t", name="t_pkey", constraint_type="primary key"
            ),
            "public.t.t_pkey",
        ),
        (
            Index(
                schema="public",
                table="t",
                name="t a idx",
                definition="USING btree (a)",
                unique=False,
            ),
            'public.t."t a idx"',
        ),
        (Rls(schema="public", table="t", enabled=True, forced=False), "public.t"),
        (
            Policy(
                schema="public",
                table="t",
                name="Owner can read",
                command="SELECT",
                permissive="PERMISSIVE",
                roles=("authenticated",),
            ),
            'public.t."Owner can read"',
        ),
        (function("f", "integer, text"), "public.f(integer, text)"),
        (
            function("Do It", schema="App"),
            '"App"."Do It"()',
        ),
        (
            Trigger(
                schema="public",
                table="t",
                name="trg",
                definition="CREATE ...",
                enabled="origin",
            ),
            "public.t.trg",
        ),
        (
            View(schema="public", name="v", materialized=False, definition="SELECT 1"),
            "public.v",
        ),
        (
            Sequence(
                schema="public",
                name="s",
                data_type="bigint",
                start=1,
                increment=1,
                min_value=1,
                max_value=9,
                cache=1,
                cycle=False,
            ),
            "public.s",
        ),
        (Type(schema="public", name="mood", type_type="enum"), "public.mood"),
        (Extension(name="pgcrypto", version="1.3", schema="extensions"), "pgcrypto"),
        (
            Extension(name="uuid-ossp", version="1.1", schema="extensions"),
            '"uuid-ossp"',
        ),
        (
            Privilege(
                object_type="function",
                schema="public",
                name="f",
                arguments="integer",
            ),
            "public.f(integer)",
        ),
        (
            Privilege(
                object_type="function",
                schema="App",
                name="Do It",
                arguments="",
            ),
            '"App"."Do It"()',
        ),
        (Privilege(object_type="schema", schema=None, name="public"), "public"),
        (Privilege(object_type="schema", schema=None, name="a.b"), '"a.b"'),
        (Privilege(object_type="table", schema="public", name="a.b"), 'public."a.b"'),
        (
            Privilege(object_type="column", schema="public", name="a", column="b"),
            "public.a.b",
        ),
        (
            Privilege(object_type="column", schema="public", name="T", column="user"),
            'public."T"."user"',
        ),
        (Migration(version="20240101000000"), "20240101000000"),
        (RowCount(schema="public", table="t", rows=3), "public.t"),
    ],
)
def test_keys(obj: CatalogObject, key: str) -> None:
    assert obj.key == key


def test_function_group_is_schema_and_name() -> None:
    f = function("f", "integer, text", schema="App")
    assert f.group == '"App".f'
    assert f.key == '"App".f(integer, text)'


def test_privilege_group_leaves_out_the_arguments() -> None:
    fn = Privilege(
        object_type="function", schema="public", name="f", arguments="integer"
    )
    table = Privilege(object_type="table", schema="public", name="t")
    column = Privilege(object_type="column", schema="public", name="t", column="c")
    schema = Privilege(object_type="schema", schema=None, name="App")
    assert (fn.group, fn.key) == ("public.f", "public.f(integer)")
    assert table.group == table.key == "public.t"
    assert column.group == column.key == "public.t.c"
    assert schema.group == schema.key == '"App"'


def test_privilege_keys_equal_the_keys_of_their_objects() -> None:
    # Built from raw names in Python, exactly as the object's own kind builds it.
    fn = function("Do It", "integer", schema="App")
    table = Table(schema="App", name="a.b", table_type="ordinary", persistence="p")
    column = Column(schema="App", table="a.b", name='x"y', type="int", not_null=False)
    schema = Schema(name="My Schema", owner="postgres")
    privileges = [
        Privilege(
            object_type="function", schema="App", name="Do It", arguments="integer"
        ),
        Privilege(object_type="table", schema="App", name="a.b"),
        Privilege(object_type="column", schema="App", name="a.b", column='x"y'),
        Privilege(object_type="schema", schema=None, name="My Schema"),
    ]
    objects = [fn, table, column, schema]
    assert [p.key for p in privileges] == [o.key for o in objects]
    assert privileges[0].group == fn.group


def test_privilege_keys_keep_dotted_names_apart() -> None:
    keys = {
        Privilege(object_type="table", schema="public", name="a.b").key,
        Privilege(object_type="column", schema="public", name="a", column="b").key,
        Privilege(object_type="table", schema="public.a", name="b").key,
        Privilege(object_type="schema", schema=None, name="public.a.b").key,
    }
    assert len(keys) == 4


def test_privilege_object_type_is_informational() -> None:
    view = Privilege(
        object_type="view", schema="s", name="v", grants=(("anon", "SELECT"),)
    )
    matview = dataclasses.replace(view, object_type="materialized view")
    assert view.key == matview.key
    assert attributes(view) == attributes(matview) == {"grants[anon]": "SELECT"}


def test_plain_models_group_by_key() -> None:
    rls = Rls(schema="s", table="t", enabled=True, forced=True)
    assert rls.group == rls.key == "s.t"


def test_models_are_frozen_and_hashable() -> None:
    rls = Rls(schema="s", table="t", enabled=True, forced=True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        rls.enabled = False  # type: ignore[misc]
    assert hash(rls) == hash(Rls(schema="s", table="t", enabled=True, forced=True))


# ------------------------------------------------------------------ from_row


def test_from_row_converts_lists_to_tuples() -> None:
    obj = from_row(
        Policy,
        {
            "schema": "public",
            "table": "t",
            "name": "p",
            "command": "ALL",
            "permissive": "PERMISSIVE",
            "roles": ["anon", "authenticated"],
            "using": "true",
            "with_check": None,
        },
    )
    assert isinstance(obj, Policy)
    assert obj.roles == ("anon", "authenticated")
    hash(obj)


def _frozen(value: Any) -> Any:
    """Every list, at any depth, a tuple (what ``from_rows`` must give)."""
    return tuple(_frozen(v) for v in value) if isinstance(value, list) else value


_ARRAYS = st.recursive(
    st.none() | st.integers() | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=4),
    max_leaves=12,
)


@given(_ARRAYS)
def test_arrays_freeze_to_tuples_at_any_depth(value: Any) -> None:
    frozen = _freeze(value)
    assert frozen == _frozen(value)
    assert repr(frozen) == repr(_frozen(value))  # tuples, not lists, all the way
    hash(frozen)


def test_from_row_converts_nested_lists() -> None:
    row = {
        "object_type": "table",
        "schema": "public",
        "name": "t",
        "column": None,
        "arguments": None,
        "grants": [["anon", "SELECT"], ["postgres", "INSERT, SELECT"]],
    }
    obj = from_row(Privilege, row)
    assert isinstance(obj, Privilege)
    assert obj.key == "public.t"
    assert obj.grants == (("anon", "SELECT"), ("postgres", "INSERT, SELECT"))
    assert all(isinstance(g, tuple) for g in obj.grants)
    hash(obj)


def test_from_row_rejects_unknown_columns() -> None:
    row = {"name": "pgcrypto", "version": "1.3", "schema": "x", "oid": 1, "extra": 2}
    with pytest.raises(
        ValueError, match=r"extension: unexpected columns \['extra', 'oid'\]"
    ):
        from_row(Extension, row)


def test_from_row_needs_required_fields() -> None:
    with pytest.raises(TypeError):
        from_row(Extension, {"name": "pgcrypto"})


def test_from_row_keeps_defaults() -> None:
    obj = from_row(RowCount, {"schema": "public", "table": "t", "rows": None})
    assert obj == RowCount(schema="public", table="t", rows=None, exact=False)


# ------------------------------------------------------------------ to_dict, attributes


def test_to_dict_has_every_field_as_json() -> None:
    f = function(
        "f",
        "integer, text",
        arguments=ARGUMENTS,
        config=(("search_path", "public"), ("work_mem", "64MB")),
    )
    d = to_dict(f)
    assert set(d) == {fl.name for fl in dataclasses.fields(Function)}
    assert d["config"] == {"search_path": "public", "work_mem": "64MB"}
    assert d["schema"] == "public"
    json.dumps(d)
    p = Policy(
        schema="s",
        table="t",
        name="p",
        command="ALL",
        permissive="PERMISSIVE",
        roles=("a", "b"),
    )
    assert to_dict(p)["roles"] == ["a", "b"]


def test_attributes_expand_mappings_and_skip_identity() -> None:
    f = function(
        "f",
        "integer, text",
        arguments=ARGUMENTS,
        config=(("search_path", ""), ("work_mem", "64MB")),
    )
    attrs = attributes(f)
    assert attrs["config[search_path]"] == ""
    assert attrs["config[work_mem]"] == "64MB"
    assert "config" not in attrs
    for identity in ("schema", "name", "identity_arguments"):
        assert identity not in attrs
    assert attrs["arguments"] == ARGUMENTS
    assert attrs["security_definer"] is False


def test_attributes_of_privilege() -> None:
    p = Privilege(
        object_type="function",
        schema="public",
        name="f",
        arguments="integer",
        grants=(("anon", "EXECUTE"), ("PUBLIC", "EXECUTE")),
    )
    # Identity (schema, name, column, arguments) and object_type are not compared.
    assert attributes(p) == {
        "grants[anon]": "EXECUTE",
        "grants[PUBLIC]": "EXECUTE",
    }


@pytest.mark.parametrize(
    ("obj", "hidden"),
    [
        (
            Constraint(
                schema="s",
                table="t",
                name="c",
                constraint_type="check",
                columns=("a",),
                definition="CHECK (a > 0)",
            ),
            "definition",
        ),
        (
            Index(
                schema="s",
                table="t",
                name="i",
                definition="USING btree (a)",
                unique=True,
                full_definition="CREATE UNIQUE INDEX i ON s.t USING btree (a)",
            ),
            "full_definition",
        ),
        (RowCount(schema="s", table="t", rows=1, exact=True), "exact"),
        (
            Privilege(
                object_type="view", schema="s", name="v", grants=(("a", "SELECT"),)
            ),
            "object_type",
        ),
    ],
)
def test_attributes_skip_informational_fields(obj: CatalogObject, hidden: str) -> None:
    attrs = attributes(obj)
    assert hidden not in attrs
    assert attrs  # something is still compared


def test_attributes_turn_tuples_into_lists() -> None:
    c = Constraint(
        schema="s",
        table="t",
        name="fk",
        constraint_type="foreign key",
        columns=("a", "b"),
        ref_table="s.u",
        ref_columns=("x", "y"),
    )
    attrs = attributes(c)
    assert attrs["columns"] == ["a", "b"]
    assert attrs["ref_columns"] == ["x", "y"]


@settings(max_examples=50)
@given(
    st.lists(
        st.tuples(st.text(max_size=6), st.text(max_size=6)),
        unique_by=lambda t: t[0],
        max_size=5,
    )
)
def test_attributes_expand_every_mapping_entry(grants: list[tuple[str, str]]) -> None:
    p = Privilege(object_type="table", schema="s", name="t", grants=tuple(grants))
    attrs = attributes(p)
    assert attrs == {f"grants[{k}]": v for k, v in grants}
    json.dumps(attrs)


# ------------------------------------------------------------------ parent


@pytest.mark.parametrize(
    "obj",
    [
        Column(schema="App", table="T t", name="c", type="int", not_null=False),
        Constraint(schema="App", table="T t", name="c", constraint_type="check"),
        Index(
            schema="App",
            table="T t",
            name="i",
            definition="USING btree (a)",
            unique=False,
        ),
        Rls(schema="App", table="T t", enabled=True, forced=False),
        Policy(
            schema="App",
            table="T t",
            name="p",
            command="ALL",
            permissive="PERMISSIVE",
            roles=(),
        ),
        Trigger(schema="App", table="T t", name="g", definition="x", enabled="origin"),
        RowCount(schema="App", table="T t", rows=0),
    ],
)
def test_parent_of_table_children_is_the_table_key(obj: CatalogObject) -> None:
    table = Table(schema="App", name="T t", table_type="ordinary", persistence="p")
    assert obj.parent == ("table", table.key)
    assert table.key == '"App"."T t"'


@pytest.mark.parametrize(
    "obj",
    [
        Schema(name="public", owner="postgres"),
        Table(schema="s", name="t", table_type="ordinary", persistence="p"),
        function(),
        View(schema="s", name="v", materialized=False, definition="SELECT 1"),
        Extension(name="pgcrypto", version="1.3", schema="extensions"),
        Migration(version="1"),
    ],
)
def test_top_level_objects_have_no_parent(obj: CatalogObject) -> None:
    assert obj.parent is None


@pytest.mark.parametrize(
    ("privilege", "parent"),
    [
        (
            Privilege(object_type="schema", schema=None, name="App"),
            ("schema", '"App"'),
        ),
        (
            Privilege(object_type="table", schema="public", name="x"),
            ("table", "public.x"),
        ),
        (
            Privilege(object_type="foreign table", schema="public", name="x"),
            ("table", "public.x"),
        ),
        (
            Privilege(object_type="view", schema="public", name="x"),
            ("view", "public.x"),
        ),
        (
            Privilege(object_type="materialized view", schema="public", name="x"),
            ("view", "public.x"),
        ),
        (
            Privilege(object_type="sequence", schema="public", name="x"),
            ("sequence", "public.x"),
        ),
        (
            Privilege(
                object_type="function", schema="public", name="x", arguments="integer"
            ),
            ("function", "public.x(integer)"),
        ),
        (
            Privilege(object_type="procedure", schema="public", name="x", arguments=""),
            ("function", "public.x()"),
        ),
        (
            Privilege(object_type="column", schema="public", name="x", column="c"),
            ("column", "public.x.c"),
        ),
    ],
    ids=[
        "schema",
        "table",
        "foreign_table",
        "view",
        "materialized_view",
        "sequence",
        "function",
        "procedure",
        "column",
    ],
)
def test_privilege_parent_is_the_object(
    privilege: Privilege, parent: tuple[str, str]
) -> None:
    assert privilege.parent == parent


def test_from_rows_builds_what_from_row_builds() -> None:
    base = {"object_type": "table", "column": None, "arguments": None}
    rows: list[dict[str, Any]] = [
        {**base, "schema": "public", "name": "t", "grants": [["anon", "SELECT"]]},
        {**base, "schema": "app", "name": "u", "grants": []},
    ]
    names = list(rows[0])
    tuples = [tuple(r.values()) for r in rows]
    built = from_rows(Privilege, names, tuples)
    assert built == [from_row(Privilege, r) for r in rows]
    first = built[0]
    assert isinstance(first, Privilege)
    assert first.grants == (("anon", "SELECT"),)
    hash(first)
    # Told which columns hold arrays, it freezes those alone: the same objects.
    grants = names.index("grants")
    assert from_rows(Privilege, names, tuples, arrays=[grants]) == built
    assert from_rows(Privilege, names, []) == []
    with pytest.raises(ValueError, match=r"privilege: unexpected columns \['oid'\]"):
        from_rows(Privilege, [*names, "oid"], [(*tuples[0], 1)])


def test_from_rows_shares_equal_arrays_and_takes_a_stream() -> None:
    """Equal arrays of one read are one tuple (thousands of objects hold the
    same grants), their strings interned; rows may come as an iterator (a
    cursor), consumed once."""
    base = {"object_type": "table", "column": None, "arguments": None}
    rows = [
        {
            **base,
            "schema": "public",
            "name": f"t{i}",
            # a fresh list and fresh strings per row, as a driver returns them
            "grants": [["".join(["an", "on"]), "".join(["SEL", "ECT"])]],
        }
        for i in range(3)
    ]
    names = list(rows[0])
    built = from_rows(Privilege, names, iter([tuple(r.values()) for r in rows]))
    assert [b.name for b in built] == ["t0", "t1", "t2"]  # type: ignore[attr-defined]
    grants = [b.grants for b in built]  # type: ignore[attr-defined]
    assert grants[0] == (("anon", "SELECT"),)
    assert grants[1] is grants[0]
    assert grants[2] is grants[0]
    assert grants[0][0][0] is sys.intern("anon")
    assert from_rows(Privilege, names, iter([])) == []


_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=8),
    st.lists(st.text(max_size=4), max_size=3),
)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_from_rows_equals_the_dataclass_constructor(data: st.DataObject) -> None:
    """The positional builder of ``from_rows`` makes exactly the object that
    ``model(**row)`` makes: every model, any column order, defaulted fields left
    out, arrays frozen."""
    model = data.draw(st.sampled_from(MODELS))
    fields = dataclasses.fields(model)
    names = [
        f.name
        for f in fields
        if f.default is dataclasses.MISSING or data.draw(st.booleans())
    ]
    names = data.draw(st.permutations(names))
    rows = data.draw(
        st.lists(st.tuples(*[_VALUES for _ in names]), min_size=1, max_size=3)
    )
    built = from_rows(model, names, rows)

    def frozen(v: object) -> object:
        return tuple(v) if isinstance(v, list) else v

    expected = [
        model(**{n: frozen(v) for n, v in zip(names, row, strict=True)}) for row in rows
    ]
    assert built == expected
    for obj, want in zip(built, expected, strict=True):
        assert all(getattr(obj, f.name) == getattr(want, f.name) for f in fields)
        assert type(obj) is model


_IDENT = st.text(min_size=1, max_size=6) | st.text(
    alphabet='a(")._ ', min_size=1, max_size=6
)


@settings(max_examples=200, deadline=None)
@given(
    schema=_IDENT,
    name=_IDENT,
    args=st.text(max_size=8),
    column=st.none() | _IDENT,
    with_args=st.booleans(),
)
def test_group_of_key_is_the_group(
    schema: str, name: str, args: str, column: str | None, with_args: bool
) -> None:
    """The group derived from a key equals the group computed from the fields,
    whatever the identifiers hold (parentheses and quotes included)."""
    fn = function(name, args, schema=schema)
    grant = Privilege(
        object_type="function" if with_args else "table",
        schema=schema,
        name=name,
        column=None if with_args else column,
        arguments=args if with_args else None,
    )
    for obj in (fn, grant):
        assert obj.group_of_key(obj.key) == obj.group

"""Unit tests of the pure diff engine."""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_dbparity.core.objects import CatalogObject, attributes
from pytest_dbparity.diff import (
    AttributeDiff,
    ObjectDiff,
    Pair,
    diff_kind,
    diff_pair,
    diff_values,
    pair_objects,
)
from pytest_dbparity.kinds.column import Column
from pytest_dbparity.kinds.extension import Extension
from pytest_dbparity.kinds.function import Function
from pytest_dbparity.kinds.privilege import Privilege
from pytest_dbparity.kinds.rls import Rls
from pytest_dbparity.kinds.row_count import RowCount
from pytest_dbparity.normalize import same_sql
from tests.factories import function, rls

# ------------------------------------------------------------------ strategies

# Small pools so keys collide between the two sides; a few need quoting.
schemas = st.sampled_from(["public", "app", "App", "a.b"])
names = st.sampled_from(["t", "users", "User", 'q"x', "x y"])
grantees = st.sampled_from(["anon", "authenticated", "PUBLIC", "service role"])
privilege_texts = st.sampled_from(["SELECT", "INSERT, SELECT", "SELECT*", "EXECUTE"])

rls_objects = st.builds(
    Rls, schema=schemas, table=names, enabled=st.booleans(), forced=st.booleans()
)
extension_objects = st.builds(
    Extension,
    name=st.sampled_from(["pgcrypto", "uuid-ossp", "postgis", "vector"]),
    version=st.sampled_from(["1.0", "1.1", "3.4.2"]),
    schema=st.sampled_from(["extensions", "public"]),
)
column_objects = st.builds(
    Column,
    schema=schemas,
    table=st.sampled_from(["t", "u"]),
    name=names,
    type=st.sampled_from(["integer", "text", "bigint", "character varying(20)"]),
    not_null=st.booleans(),
    default=st.none() | st.sampled_from(["0", "now()", "'x'::text"]),
    comment=st.none() | st.text(max_size=5),
)


def _config() -> st.SearchStrategy[tuple[tuple[str, str], ...]]:
    return st.lists(
        st.tuples(
            st.sampled_from(["search_path", "work_mem", "role"]),
            st.sampled_from(["", "public", "64MB", "pg_catalog, public"]),
        ),
        unique_by=lambda t: t[0],
        max_size=3,
    ).map(lambda xs: tuple(sorted(xs)))


function_objects = st.builds(
    Function,
    schema=st.sampled_from(["public", "App"]),
    name=st.sampled_from(["f", "g", "Do"]),
    identity_arguments=st.sampled_from(["", "integer", "text", "integer, text"]),
    function_type=st.sampled_from(["function", "procedure"]),
    arguments=st.sampled_from(["", "a integer", "a text DEFAULT 'x'::text"]),
    result=st.none() | st.sampled_from(["integer", "SETOF text", "void"]),
    language=st.sampled_from(["sql", "plpgsql"]),
    volatility=st.sampled_from(["immutable", "stable", "volatile"]),
    strict=st.booleans(),
    security_definer=st.booleans(),
    leakproof=st.booleans(),
    parallel=st.sampled_from(["safe", "unsafe"]),
    config=_config(),
    body=st.none()
    | st.sampled_from(["select 1", "SELECT  1", "select 1 -- one", "select 2"]),
    owner=st.none() | st.sampled_from(["postgres", "app"]),
)


@st.composite
def privilege_objects(draw: st.DrawFn) -> Privilege:
    grants = draw(
        st.lists(
            st.tuples(grantees, privilege_texts), unique_by=lambda t: t[0], max_size=3
        )
    )
    if draw(st.booleans()):
        return Privilege(
            object_type=draw(st.sampled_from(["function", "procedure"])),
            schema="public",
            name=draw(st.sampled_from(["f", "g"])),
            arguments=draw(st.sampled_from(["", "integer", "text"])),
            grants=tuple(sorted(grants)),
        )
    name, column = draw(st.sampled_from([("t", None), ("u", None), ("t", "a")]))
    return Privilege(
        # object_type is informational: it varies without being compared.
        object_type=draw(st.sampled_from(["table", "view", "materialized view"]))
        if column is None
        else "column",
        schema="public",
        name=name,
        column=column,
        grants=tuple(sorted(grants)),
    )


KIND_STRATEGIES: dict[str, st.SearchStrategy[CatalogObject]] = {
    "rls": rls_objects,
    "extension": extension_objects,
    "column": column_objects,
    "function": function_objects,
    "privilege": privilege_objects(),
}


@st.composite
def two_sides(
    draw: st.DrawFn,
) -> tuple[str, list[CatalogObject], list[CatalogObject]]:
    """A kind and the objects of that kind on each side; keys unique per side."""
    kind = draw(st.sampled_from(sorted(KIND_STRATEGIES)))
    objects = KIND_STRATEGIES[kind]
    a = draw(st.lists(objects, unique_by=lambda o: o.key, max_size=8))
    # Side b shares some objects with a, some changed (same identity, other
    # attributes), and has its own.
    shared = draw(st.lists(st.sampled_from(a), unique_by=lambda o: o.key)) if a else []
    changed = [
        dataclasses.replace(
            draw(objects),
            **{f: getattr(o, f) for f in (*o.identity, *o.informational)},
        )
        for o in (draw(st.lists(st.sampled_from(a), max_size=4)) if a else [])
    ]
    own = draw(st.lists(objects, max_size=6))
    b: list[CatalogObject] = []
    seen: set[str] = set()
    for o in [*changed, *shared, *own]:
        if o.key not in seen:
            seen.add(o.key)
            b.append(o)
    return kind, a, b


def _diff_view(
    diffs: Sequence[AttributeDiff], *, swap: bool = False
) -> list[tuple[str, object, object]]:
    """Differences as sortable triples, optionally with the sides swapped."""
    out = [
        (d.attribute or "", d.b, d.a) if swap else (d.attribute or "", d.a, d.b)
        for d in diffs
    ]
    return sorted(out, key=lambda t: t[0])


# ------------------------------------------------------------------ pairing


def test_pairs_by_key_and_sorts() -> None:
    a = [rls("b"), rls("a"), rls("c")]
    b = [rls("c"), rls("a", enabled=False), rls("d")]
    pairs = pair_objects("rls", a, b)
    assert [p.key for p in pairs] == ["public.a", "public.b", "public.c", "public.d"]
    by_key = {p.key: p for p in pairs}
    assert by_key["public.a"].a == rls("a")
    assert by_key["public.a"].b == rls("a", enabled=False)
    assert by_key["public.b"].change == "missing_in_b"
    assert by_key["public.c"].change is None
    assert by_key["public.d"].change == "missing_in_a"
    assert all(p.kind == "rls" for p in pairs)


def test_one_overload_per_side_pairs_under_schema_and_name() -> None:
    a = [function("f", "integer")]
    b = [function("f", "text")]
    pairs = pair_objects("function", a, b)
    assert len(pairs) == 1
    (pair,) = pairs
    assert pair.key == "public.f"
    assert pair.a == a[0]
    assert pair.b == b[0]
    result = diff_pair(pair)
    assert result.change == "different"
    assert [d.attribute for d in result.differences] == ["arguments"]
    assert result.differences[0] == AttributeDiff("arguments", "integer", "text")


def test_function_only_on_one_side_is_keyed_by_group() -> None:
    pairs = pair_objects("function", [function("f", "integer")], [])
    assert [(p.key, p.change) for p in pairs] == [("public.f", "missing_in_b")]


def test_overloads_pair_by_full_key() -> None:
    a = [function("f", "integer"), function("f", "text")]
    b = [function("f", "integer", body="select 2")]
    pairs = pair_objects("function", a, b)
    assert [(p.key, p.change) for p in pairs] == [
        ("public.f(integer)", None),
        ("public.f(text)", "missing_in_b"),
    ]
    assert pairs[0].b == b[0]
    diffs = diff_kind("function", a, b)
    assert [d.change for d in diffs] == ["different", "missing_in_b"]
    assert [x.attribute for x in diffs[0].differences] == ["body"]


def test_overloads_on_both_sides_with_different_sets() -> None:
    a = [function("f", "integer"), function("f", "text")]
    b = [function("f", "integer"), function("f", "bigint")]
    pairs = pair_objects("function", a, b)
    assert [(p.key, p.change) for p in pairs] == [
        ("public.f(bigint)", "missing_in_a"),
        ("public.f(integer)", None),
        ("public.f(text)", "missing_in_b"),
    ]


def test_different_function_names_do_not_pair() -> None:
    pairs = pair_objects("function", [function("f")], [function("g")])
    assert [(p.key, p.change) for p in pairs] == [
        ("public.f", "missing_in_b"),
        ("public.g", "missing_in_a"),
    ]


def test_privileges_of_single_overload_pair_by_base_object() -> None:
    a = Privilege(
        object_type="function",
        schema="public",
        name="f",
        arguments="integer",
        grants=(("anon", "EXECUTE"),),
    )
    b = Privilege(
        object_type="function",
        schema="public",
        name="f",
        arguments="text",
        grants=(("anon", "EXECUTE"),),
    )
    (pair,) = pair_objects("privilege", [a], [b])
    assert pair.key == "public.f"
    assert diff_pair(pair).differences == ()


def test_privilege_object_type_change_is_no_difference() -> None:
    # A view that became a materialized view is the view's finding, not a grant's.
    grants = (("anon", "SELECT"),)
    a = Privilege(object_type="view", schema="public", name="v", grants=grants)
    b = Privilege(
        object_type="materialized view", schema="public", name="v", grants=grants
    )
    (result,) = diff_kind("privilege", [a], [b])
    assert (result.key, result.change, result.differences) == ("public.v", None, ())


def test_privileges_with_dotted_names_do_not_pair_with_columns() -> None:
    grants = (("anon", "SELECT"),)
    table = Privilege(object_type="table", schema="public", name="a.b", grants=grants)
    column = Privilege(
        object_type="column", schema="public", name="a", column="b", grants=grants
    )
    results = diff_kind("privilege", [table], [column])
    assert sorted((r.key, r.change) for r in results) == [
        ('public."a.b"', "missing_in_b"),
        ("public.a.b", "missing_in_a"),
    ]


def test_empty_sides() -> None:
    assert pair_objects("rls", [], []) == []
    assert diff_kind("rls", [], []) == []


# ------------------------------------------------------------------ differences


def test_missing_object_reports_its_attributes() -> None:
    (result,) = diff_kind("rls", [rls("t")], [])
    assert result.change == "missing_in_b"
    assert result.differences == (
        AttributeDiff(None, {"enabled": True, "forced": False}, None),
    )
    (result,) = diff_kind("rls", [], [rls("t")])
    assert result.change == "missing_in_a"
    assert result.differences == (
        AttributeDiff(None, None, {"enabled": True, "forced": False}),
    )


def test_equal_objects_have_no_differences() -> None:
    (result,) = diff_kind("rls", [rls("t")], [rls("t")])
    assert result.differences == ()
    assert result.change is None
    assert result.kind == "rls"
    assert result.key == "public.t"


def test_several_attributes_differ_in_field_order() -> None:
    (result,) = diff_kind(
        "rls", [rls("t", enabled=True, forced=False)], [rls("t", False, True)]
    )
    assert result.change == "different"
    assert result.differences == (
        AttributeDiff("enabled", True, False),
        AttributeDiff("forced", False, True),
    )


def test_mapping_attribute_on_one_side_differs_from_none() -> None:
    a = Privilege(
        object_type="table",
        schema="public",
        name="t",
        grants=(("anon", "SELECT"), ("authenticated", "SELECT")),
    )
    b = Privilege(
        object_type="table",
        schema="public",
        name="t",
        grants=(("authenticated", "INSERT, SELECT"), ("service_role", "SELECT")),
    )
    (result,) = diff_kind("privilege", [a], [b])
    assert result.differences == (
        AttributeDiff("grants[anon]", "SELECT", None),
        AttributeDiff("grants[authenticated]", "SELECT", "INSERT, SELECT"),
        AttributeDiff("grants[service_role]", None, "SELECT"),
    )


def test_config_entry_differences_are_named() -> None:
    a = function(config=(("search_path", "public"),))
    b = function(config=(("search_path", ""), ("work_mem", "1MB")))
    (result,) = diff_kind("function", [a], [b])
    assert [(d.attribute, d.a, d.b) for d in result.differences] == [
        ("config[search_path]", "public", ""),
        ("config[work_mem]", None, "1MB"),
    ]


def test_diff_values_order_a_names_first() -> None:
    diffs = diff_values({"x": 1, "y": 2}, {"z": 3, "y": 1, "x": 1})
    assert [d.attribute for d in diffs] == ["y", "z"]
    assert diffs[1] == AttributeDiff("z", None, 3)


def test_body_whitespace_and_comments_are_formatting() -> None:
    a = function(body="select 1")
    b = function(body="SELECT\n    1 -- the answer\n")
    (result,) = diff_kind("function", [a], [b], same_sql=same_sql)
    assert result.change == "different"
    assert result.differences == (
        AttributeDiff("body_formatting", "select 1", "SELECT\n    1 -- the answer\n"),
    )


def test_body_change_is_body() -> None:
    a = function(body="select 1")
    b = function(body="select 2")
    (result,) = diff_kind("function", [a], [b], same_sql=same_sql)
    assert [d.attribute for d in result.differences] == ["body"]


def test_body_formatting_needs_same_sql() -> None:
    a = function(body="select 1")
    b = function(body="select  1")
    (result,) = diff_kind("function", [a], [b])
    assert [d.attribute for d in result.differences] == ["body"]


def test_body_missing_on_one_side_is_body() -> None:
    a = function(body="select 1")
    b = function(body=None)
    (result,) = diff_kind("function", [a], [b], same_sql=same_sql)
    assert result.differences == (AttributeDiff("body", "select 1", None),)


def test_only_sql_text_attributes_get_formatting() -> None:
    # ``arguments`` is not SQL text: a whitespace change there is a change.
    a = function(arguments="a integer")
    b = function(arguments="a  integer")
    (result,) = diff_kind("function", [a], [b], same_sql=same_sql)
    assert [d.attribute for d in result.differences] == ["arguments"]


def test_object_diff_change_property() -> None:
    pair = Pair("rls", "public.t", rls("t"), rls("t"))
    assert ObjectDiff(pair, ()).change is None
    assert ObjectDiff(pair, (AttributeDiff("forced", 1, 2),)).change == "different"
    assert Pair("rls", "k", None, rls("t")).change == "missing_in_a"
    assert Pair("rls", "k", rls("t"), None).change == "missing_in_b"


# ------------------------------------------------------------------ properties


@settings(max_examples=100)
@given(two_sides())
def test_same_side_has_no_differences(
    case: tuple[str, list[CatalogObject], list[CatalogObject]],
) -> None:
    kind, xs, _ = case
    results = diff_kind(kind, xs, xs, same_sql=same_sql)
    assert len(results) == len(xs)
    for r in results:
        assert r.differences == ()
        assert r.change is None
        assert r.pair.a == r.pair.b


@settings(max_examples=100)
@given(two_sides())
def test_swapping_sides_swaps_changes_and_values(
    case: tuple[str, list[CatalogObject], list[CatalogObject]],
) -> None:
    kind, xs, ys = case
    forward = diff_kind(kind, xs, ys, same_sql=same_sql)
    backward = diff_kind(kind, ys, xs, same_sql=same_sql)
    assert [r.key for r in forward] == [r.key for r in backward]
    swapped = {
        "missing_in_a": "missing_in_b",
        "missing_in_b": "missing_in_a",
        "different": "different",
        None: None,
    }
    for f, b in zip(forward, backward, strict=True):
        assert b.change == swapped[f.change]
        assert f.pair.a == b.pair.b
        assert f.pair.b == b.pair.a
        assert _diff_view(b.differences) == _diff_view(f.differences, swap=True)


@settings(max_examples=100)
@given(two_sides(), st.randoms(use_true_random=False))
def test_result_is_sorted_unique_and_independent_of_input_order(
    case: tuple[str, list[CatalogObject], list[CatalogObject]], rnd: random.Random
) -> None:
    kind, xs, ys = case
    results = diff_kind(kind, xs, ys, same_sql=same_sql)
    keys = [r.key for r in results]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)
    assert diff_kind(kind, xs, ys, same_sql=same_sql) == results
    xs2, ys2 = list(xs), list(ys)
    rnd.shuffle(xs2)
    rnd.shuffle(ys2)
    assert diff_kind(kind, xs2, ys2, same_sql=same_sql) == results


@settings(max_examples=100)
@given(two_sides())
def test_every_object_is_in_exactly_one_pair(
    case: tuple[str, list[CatalogObject], list[CatalogObject]],
) -> None:
    kind, xs, ys = case
    pairs = pair_objects(kind, xs, ys)
    side_a = Counter(id(p.a) for p in pairs if p.a is not None)
    side_b = Counter(id(p.b) for p in pairs if p.b is not None)
    assert side_a == Counter(id(o) for o in xs)
    assert side_b == Counter(id(o) for o in ys)
    assert all(p.a is not None or p.b is not None for p in pairs)


@settings(max_examples=100)
@given(two_sides())
def test_differences_agree_with_attributes(
    case: tuple[str, list[CatalogObject], list[CatalogObject]],
) -> None:
    kind, xs, ys = case
    for r in diff_kind(kind, xs, ys, same_sql=same_sql):
        a, b = r.pair.a, r.pair.b
        if a is None or b is None:
            assert r.change in ("missing_in_a", "missing_in_b")
            (d,) = r.differences
            assert d.attribute is None
            present = a if a is not None else b
            assert present is not None
            assert (d.a if a is not None else d.b) == attributes(present)
            continue
        va, vb = attributes(a), attributes(b)
        differing = {n for n in va.keys() | vb.keys() if va.get(n) != vb.get(n)}
        reported = {
            (d.attribute or "").removesuffix("_formatting") for d in r.differences
        }
        assert reported == differing
        for d in r.differences:
            name = (d.attribute or "").removesuffix("_formatting")
            assert (d.a, d.b) == (va.get(name), vb.get(name))
            if d.attribute == "body_formatting":
                assert same_sql(d.a, d.b)
        assert (r.change == "different") == bool(differing)


@settings(max_examples=100)
@given(two_sides())
def test_keyed_catalog_sides_pair_like_plain_lists(
    case: tuple[str, list[CatalogObject], list[CatalogObject]],
) -> None:
    # A catalog hands its objects keyed; pairing them by those keys (the fast
    # path) must give exactly the pairs and differences the lists give.
    kind, xs, ys = case
    keyed_a, keyed_b = {o.key: o for o in xs}, {o.key: o for o in ys}
    plain = diff_kind(kind, list(keyed_a.values()), list(keyed_b.values()))
    assert diff_kind(kind, keyed_a, keyed_b) == plain
    assert pair_objects(kind, keyed_a, keyed_b) == [d.pair for d in plain]


def test_unknown_estimate_is_no_difference() -> None:
    def count(rows: int | None) -> RowCount:
        return RowCount(schema="public", table="t", rows=rows)

    assert diff_pair(Pair("row_count", "k", count(5), count(None))).change is None
    assert diff_pair(Pair("row_count", "k", count(None), count(0))).change is None
    changed = diff_pair(Pair("row_count", "public.t", count(5), count(0)))
    assert [d.attribute for d in changed.differences] == ["rows"]

"""Unit tests of the catalog codec: Catalog <-> plain JSON data, and the file."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_dbparity.catalog import Catalog, EnvInfo
from pytest_dbparity.catalog.codec import (
    FORMAT,
    dump_catalog,
    load_catalog,
    read_catalogs,
    write_catalogs,
)
from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.core.secrets import hide
from pytest_dbparity.kinds.aggregate import Aggregate
from pytest_dbparity.kinds.cast import Cast
from pytest_dbparity.kinds.collation import Collation
from pytest_dbparity.kinds.column import Column
from pytest_dbparity.kinds.constraint import Constraint
from pytest_dbparity.kinds.data import Data
from pytest_dbparity.kinds.default_privilege import DefaultPrivilege
from pytest_dbparity.kinds.event_trigger import EventTrigger
from pytest_dbparity.kinds.extension import Extension
from pytest_dbparity.kinds.foreign_data_wrapper import ForeignDataWrapper
from pytest_dbparity.kinds.foreign_server import ForeignServer
from pytest_dbparity.kinds.function import Function
from pytest_dbparity.kinds.index import Index
from pytest_dbparity.kinds.migration import Migration
from pytest_dbparity.kinds.names import KINDS, Kind
from pytest_dbparity.kinds.operator import Operator
from pytest_dbparity.kinds.policy import Policy
from pytest_dbparity.kinds.privilege import Privilege
from pytest_dbparity.kinds.publication import Publication
from pytest_dbparity.kinds.registry import MODEL_BY_KIND
from pytest_dbparity.kinds.rls import Rls
from pytest_dbparity.kinds.role import Role
from pytest_dbparity.kinds.row_count import RowCount
from pytest_dbparity.kinds.rule import RewriteRule
from pytest_dbparity.kinds.schema import Schema
from pytest_dbparity.kinds.sequence import Sequence
from pytest_dbparity.kinds.setting import Setting
from pytest_dbparity.kinds.statistics import ExtendedStatistics
from pytest_dbparity.kinds.table import Table
from pytest_dbparity.kinds.trigger import Trigger
from pytest_dbparity.kinds.ts_config import TsConfig
from pytest_dbparity.kinds.ts_dictionary import TsDictionary
from pytest_dbparity.kinds.type import Type
from pytest_dbparity.kinds.unmodeled import Unmodeled
from pytest_dbparity.kinds.user_mapping import UserMapping
from pytest_dbparity.kinds.view import View
from tests.factories import catalog, env

# ------------------------------------------------------------------ builders

# Deliberately not sorted: the codec must keep the order it was given.
GRANTS = (
    ("service role", "SELECT"),
    ("anon", "INSERT, SELECT*"),
    ("PUBLIC", "EXECUTE"),
    ('we"ird', "UPDATE"),
)
CONFIG = (
    ("work_mem", "64MB"),
    ("search_path", "pg_catalog, public"),
    ("application_name", "Grüße ✓"),
)


def every_kind() -> list[CatalogObject]:
    """One object of every kind, with awkward values wherever a field allows."""
    return [
        Schema(name="Ünïcode schema", owner="postgres", comment=None),
        Extension(name="uuid-ossp", version="1.1", schema="extensions"),
        Table(
            schema="public",
            name='we"ird name',
            table_type="partitioned",
            persistence="permanent",
            partition_of=None,
            partition_bound=None,
            partition_key="RANGE (created_at)",
            owner="Ådmin",
            comment='it\'s "quoted"\nand multi-line 🙂',
        ),
        Column(
            schema="public",
            table="t",
            name="naïve",
            type="character varying(20)",
            not_null=True,
            default="'x'::text",
            identity_kind=None,
            generated=None,
            collation='"C"',
            comment="",
        ),
        Constraint(
            schema="public",
            table="t",
            name="t_fk",
            constraint_type="foreign key",
            columns=("a", "B", "ç"),
            ref_table="public.u",
            ref_columns=("id", "x"),
            on_update="no action",
            on_delete="cascade",
            deferrable=True,
            initially_deferred=True,
            validated=False,
            definition='FOREIGN KEY (a, "B", ç) REFERENCES u(id, x)',
        ),
        Index(
            schema="public",
            table="t",
            name="t_idx",
            definition="USING btree (lower(name))",
            unique=True,
            predicate="(deleted_at IS NULL)",
            full_definition="CREATE UNIQUE INDEX t_idx ON public.t ...",
        ),
        Rls(schema="public", table="t", enabled=True, forced=False),
        Policy(
            schema="public",
            table="t",
            name="own rows",
            command="ALL",
            permissive="RESTRICTIVE",
            roles=("authenticated", "anon"),
            using="(auth.uid() = user_id)",
            with_check=None,
        ),
        Function(
            schema="public",
            name="Do",
            identity_arguments="integer, text",
            function_type="function",
            arguments="a integer, b text DEFAULT 'x'::text",
            result=None,
            language="plpgsql",
            volatility="stable",
            strict=True,
            security_definer=True,
            leakproof=False,
            parallel="unsafe",
            config=CONFIG,
            body="begin\n  return 'ü\\n';\nend\n",
            owner=None,
            comment="\t tabs and 'quotes' ",
        ),
        Trigger(
            schema="public",
            table="t",
            name="t_touch",
            definition="BEFORE UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION f()",
            enabled="origin",
        ),
        View(
            schema="public",
            name="v",
            materialized=True,
            definition=' SELECT 1 AS "x";',
            owner=None,
            comment=None,
        ),
        Sequence(
            schema="public",
            name="s",
            data_type="bigint",
            start=-9223372036854775808,
            increment=-1,
            min_value=-9223372036854775808,
            max_value=9223372036854775807,
            cache=1,
            cycle=True,
            owned_by=None,
        ),
        Type(
            schema="public",
            name="mood",
            type_type="enum",
            labels=("sad", "ok", "happy 🙂", "it's"),
            base_type=None,
            default=None,
            not_null=False,
            constraints=(),
            attributes=(),
            comment=None,
        ),
        Privilege(
            object_type="table",
            schema="public",
            name='we"ird name',
            column=None,
            arguments=None,
            grants=GRANTS,
        ),
        DefaultPrivilege(
            role='Rôle "x"',
            schema=None,
            object_type="functions",
            grants=(('Rôle "x"', "EXECUTE"),),
        ),
        TsDictionary(
            schema="Ünïcode schema",
            name='it\'s "stem"',
            template="snowball",
            options=(("language", "english"), ("stopwords", "it's \\ 🙂")),
            owner="Ådmin",
            comment=None,
        ),
        TsConfig(
            schema="public",
            name="My cfg",
            parser="default",
            mapping=(("asciiword", 'public."it\'s ""stem""", simple'),),
            owner=None,
            comment="\t tabs",
        ),
        Cast(
            source='public."My Type"',
            target="integer",
            function='public."to int"(public."My Type")',
            context="assignment",
            comment=None,
        ),
        Operator(
            schema="public",
            name="===",
            left_type=None,
            right_type='public."My Type"',
            function="public.neg",
            result="integer",
            commutator=None,
            negator='public.!==(NONE,public."My Type")',
            restrict="eqsel",
            join=None,
            hashes=True,
            merges=False,
            owner="postgres",
            comment="ü",
        ),
        Publication(
            name="Pub lication",
            all_tables=False,
            operations="insert, update",
            publish_via_partition_root=True,
            tables=(
                ('public."we""ird name"', 'columns ("B c", id) WHERE (id > 0)'),
                ("public.t", "all columns"),
            ),
            schemas=(('"Sché ma"', "all tables"),),
            owner="postgres",
            comment="ünïcode ✓",
        ),
        Role(
            name='Rôle "x".y',
            superuser=False,
            inherit=True,
            create_role=False,
            create_db=False,
            login=True,
            replication=False,
            bypass_rls=True,
            connection_limit=-1,
            member_of=('"Grüppe" (admin option)', "anon"),
            comment="it's ✓",
            referenced=False,
        ),
        Setting(
            role="Rôle x",
            in_database=True,
            settings=(("search_path", '"$user", public'), ("x.y", "it's ✓")),
        ),
        EventTrigger(
            name='Évt "one"',
            event="ddl_command_end",
            function='public."Log DDL"',
            tags=("ALTER TABLE", "CREATE TABLE"),
            enabled="replica",
            owner="postgres",
            comment=None,
        ),
        RewriteRule(
            schema="public",
            table="t",
            name="no delete",
            definition='CREATE RULE "no delete" AS\n    ON DELETE TO public.t'
            " DO INSTEAD NOTHING;",
            enabled="disabled",
            comment="keeps rows 'forever'",
        ),
        Collation(
            schema="Ünïcode schema",
            name='de "phone"',
            provider="icu",
            locale="de-DE-u-co-phonebk",
            icu_rules="&a < ä",
            deterministic=False,
            owner="Ådmin",
            comment="sorts 'ä' as ae",
        ),
        ExtendedStatistics(
            schema="public",
            name="t.stats",
            table='public."we""ird name"',
            definition='(ndistinct, mcv) ON a, "B", lower(c)',
            statistics_target=None,
            owner="postgres",
            comment=None,
        ),
        Aggregate(
            schema="public",
            name="Pct ü",
            identity_arguments="double precision ORDER BY double precision",
            aggregate_kind="ordered-set",
            arguments="double precision ORDER BY double precision",
            state_function="ordered_set_transition",
            state_type="internal",
            state_space=64,
            final_function='"My S".final',
            final_extra=True,
            final_modify="read_write",
            initial_condition="{}",
            parallel="safe",
            owner="Ådmin",
            comment="it's 🙂",
            result="double precision",
        ),
        ForeignDataWrapper(
            name='wr "ap" ü',
            handler='"My S".handler',
            validator=None,
            options=(("z", "it's ✓"), ("a.b", "x")),
            owner="Ådmin",
            comment=None,
        ),
        ForeignServer(
            name="Sérver 1",
            wrapper='"wr ""ap"" ü"',
            type=None,
            version="1.0",
            options=(("host", "db.example"), ("password", hide("pw"))),
            owner="postgres",
            comment="it's 🙂",
        ),
        UserMapping(
            role=None,
            server="Sérver 1",
            options=(("password", hide("pw")), ("user", hide("ü"))),
        ),
        Unmodeled(
            what="security label",
            name='FOR selinux ON table public."we""ird name"',
            label="system_u:object_r:sepgsql_table_t:s0",
        ),
        Migration(version="20240101000000", name=None, statements_hash=None),
        RowCount(schema="public", table="t", rows=None, exact=False),
        Data(
            schema="Ref Data",
            table='we"ird',
            columns=("id integer", '"api key" text'),
            key_columns=("id",),
            content="1 only in A, 1 differ",
            rows=(("id=1", "only in A"),),
            values=(('id=2: "api key"', "(hidden: A's value)"),),
            count=2,
            names=("api key", "id"),
            sensitive=("api key",),
            only=1,
            differing=1,
        ),
    ]


def awkward_env(name: str = "prod") -> EnvInfo:
    """An environment with awkward values wherever a field allows."""
    return env(
        name,
        label=f"Prödüction ✓ {name}",
        host=None,
        port="5432",
        dbname="app",
        user=None,
        server_version="16.2 (Debian)",
        server_version_num=160002,
        server_instance="port 5432, started 2025-01-02 03:04:05.000006 UTC",
    )


def full_catalog(name: str = "prod") -> Catalog:
    return catalog(
        awkward_env(name),
        every_kind(),
        kinds=KINDS,
        unreadable={"privilege": "permission denied for pg_authid «x»"},
        unchecked={"operator": 3, "cast": 0},
        notes=("no migration-history table", 'ünïcode note with "quotes"\n'),
    )


def via_json(catalog: Catalog) -> Catalog:
    return load_catalog(json.loads(json.dumps(dump_catalog(catalog))))


def assert_plain(value: Any) -> None:
    """*value* holds nothing but what JSON itself produces."""
    if isinstance(value, dict):
        for k, v in value.items():
            assert type(k) is str
            assert_plain(v)
    elif isinstance(value, list):
        for v in value:
            assert_plain(v)
    else:
        assert value is None or type(value) in (str, int, bool), repr(value)


# ------------------------------------------------------------------ round trip


def test_the_hand_built_catalog_covers_every_kind() -> None:
    catalog = full_catalog()
    assert set(catalog.objects) == set(KINDS)
    for kind, objs in catalog.objects.items():
        assert len(objs) == 1
        assert all(type(o) is MODEL_BY_KIND[kind] for o in objs.values())


def test_dump_is_plain_json_data() -> None:
    doc = dump_catalog(full_catalog())
    assert doc["format"] == FORMAT
    assert_plain(doc)
    json.dumps(doc, allow_nan=False)  # raises on anything JSON cannot hold


def test_every_kind_survives_a_json_round_trip() -> None:
    original = full_catalog()
    loaded = via_json(original)

    assert loaded.env == original.env
    assert loaded.kinds == original.kinds
    assert loaded.unreadable == original.unreadable
    assert loaded.unchecked == original.unchecked
    assert loaded.notes == original.notes
    assert loaded.objects == original.objects
    assert loaded == original


@pytest.mark.parametrize("kind", KINDS)
def test_each_object_comes_back_equal_and_with_the_same_types(kind: Kind) -> None:
    original = full_catalog()
    loaded = via_json(original)
    (before,) = original.objects[kind].values()
    (after,) = loaded.objects[kind].values()
    assert type(after) is type(before)
    assert after == before
    assert after.key == before.key
    hash(after)  # still hashable: no list slipped in
    for f in dataclasses.fields(before):
        assert type(getattr(after, f.name)) is type(getattr(before, f.name)), f.name


def test_loaded_objects_are_keyed_by_their_key_in_the_original_order() -> None:
    extra = [
        Column(schema="public", table="t", name=n, type="text", not_null=False)
        for n in ("z", "a", "M", "é")
    ]
    original = catalog(awkward_env(), extra + every_kind())
    loaded = via_json(original)
    assert list(loaded.objects) == list(original.objects)
    for kind, objs in loaded.objects.items():
        assert list(objs) == list(original.objects[kind])
        assert all(key == o.key for key, o in objs.items())


def test_mapping_fields_keep_their_order_and_every_entry() -> None:
    loaded = via_json(full_catalog())
    (priv,) = loaded.objects["privilege"].values()
    (func,) = loaded.objects["function"].values()
    assert isinstance(priv, Privilege)
    assert isinstance(func, Function)
    assert priv.grants == GRANTS
    assert func.config == CONFIG
    assert all(type(pair) is tuple for pair in priv.grants + func.config)


def test_mapping_fields_are_json_objects_in_their_order() -> None:
    doc = json.loads(json.dumps(dump_catalog(full_catalog())))
    (priv,) = doc["objects"]["privilege"]
    (func,) = doc["objects"]["function"]
    assert list(priv["grants"].items()) == list(GRANTS)
    assert list(func["config"].items()) == list(CONFIG)


def test_empty_mapping_and_tuple_fields_round_trip() -> None:
    objects: list[CatalogObject] = [
        Privilege(object_type="schema", schema=None, name="public", grants=()),
        Function(
            schema="public",
            name="f",
            identity_arguments="",
            function_type="procedure",
            arguments="",
            result=None,
            language="sql",
            volatility="volatile",
            strict=False,
            security_definer=False,
            leakproof=False,
            parallel="unsafe",
        ),
        Policy(
            schema="public",
            table="t",
            name="p",
            command="SELECT",
            permissive="PERMISSIVE",
            roles=(),
        ),
    ]
    original = catalog(
        awkward_env(), objects, kinds=("privilege", "function", "policy")
    )
    assert via_json(original) == original


def test_a_catalog_without_objects_round_trips() -> None:
    original = Catalog(env=EnvInfo(name="a", label="A"), objects={}, kinds=())
    assert via_json(original) == original


def test_what_a_side_cannot_hold_round_trips_and_is_compared_on_neither() -> None:
    """``absent``: kept by a saved catalog; such an object (here a platform
    extension a throwaway server could not install) yields no finding, while
    other extensions still compare."""
    from pytest_dbparity.findings import compare
    from pytest_dbparity.kinds.extension import Extension

    def ext(name: str, version: str) -> Extension:
        return Extension(name=name, version=version, schema="extensions")

    live = Catalog(
        env=EnvInfo(name="a", label="A"),
        objects={
            "extension": {
                e.key: e for e in (ext("pg_graphql", "1.5"), ext("citext", "1.6"))
            }
        },
        kinds=("extension",),
    )
    built = Catalog(
        env=EnvInfo(name="b", label="B"),
        objects={"extension": {}},
        kinds=("extension",),
        absent={"extension": {"pg_graphql": "not available"}},
    )
    assert via_json(built) == built
    assert via_json(built).absent == {"extension": {"pg_graphql": "not available"}}
    found = {
        (f.object, f.change)
        for f in compare(live, built, kinds=["extension"]).findings()
    }
    assert found == {("citext", "missing_in_b")}
    found = {
        (f.object, f.change)
        for f in compare(built, live, kinds=["extension"]).findings()
    }
    assert found == {("citext", "missing_in_a")}


def test_optional_sections_may_be_absent() -> None:
    doc = dump_catalog(full_catalog())
    for name in ("unreadable", "unchecked", "notes"):
        del doc[name]
    loaded = load_catalog(doc)
    assert loaded.unreadable == {}
    assert loaded.unchecked == {}
    assert loaded.notes == ()
    assert loaded.objects == full_catalog().objects


def test_a_catalog_saved_before_server_instance_existed_loads() -> None:
    doc = dump_catalog(full_catalog())
    assert doc["env"]["server_instance"].startswith("port 5432, started ")
    del doc["env"]["server_instance"]
    loaded = load_catalog(doc)
    assert loaded.env.server_instance == ""
    assert loaded.env.server_version == full_catalog().env.server_version


# ------------------------------------------------------------------ files


def test_two_catalogs_round_trip_through_a_file(tmp_path: Path) -> None:
    path = tmp_path / "catalogs.json"
    a = full_catalog("prod")
    b = catalog(
        awkward_env("stäging"),
        [
            Rls(schema="public", table="t", enabled=False, forced=False),
            Extension(name="pgcrypto", version="1.3", schema="public"),
        ],
        kinds=("rls", "extension"),
        notes=("only two kinds",),
    )
    write_catalogs(path, {"prod": a, "stäging": b})

    back = read_catalogs(path)
    assert list(back) == ["prod", "stäging"]
    assert back["prod"] == a
    assert back["stäging"] == b
    assert [p.name for p in tmp_path.iterdir()] == ["catalogs.json"]  # no .tmp left


def test_the_file_is_utf8_with_text_as_is(tmp_path: Path) -> None:
    path = tmp_path / "catalogs.json"
    write_catalogs(path, {"prod": full_catalog()})
    text = path.read_bytes().decode("utf-8")
    assert "Prödüction ✓" in text
    assert "\\u" not in text


def test_writing_replaces_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "catalogs.json"
    write_catalogs(path, {"old": full_catalog("old"), "gone": full_catalog("gone")})
    write_catalogs(path, {"new": full_catalog("new")})
    assert read_catalogs(path) == {"new": full_catalog("new")}


def test_no_catalogs_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "catalogs.json"
    write_catalogs(path, {})
    assert read_catalogs(path) == {}


# ------------------------------------------------------------------ format


@pytest.mark.parametrize(
    "fmt", ["dbparity-catalog/2", "dbparity-snapshot/1", "", None, 1]
)
def test_a_document_of_another_format_is_refused(fmt: object) -> None:
    doc = dump_catalog(full_catalog())
    doc["format"] = fmt
    with pytest.raises(ValueError, match="dbparity-catalog/1"):
        load_catalog(doc)


def test_a_document_without_format_is_refused() -> None:
    doc = dump_catalog(full_catalog())
    del doc["format"]
    with pytest.raises(ValueError, match="not a dbparity-catalog/1 document"):
        load_catalog(doc)


def test_a_file_with_a_wrong_format_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "catalogs.json"
    doc = dump_catalog(full_catalog())
    doc["format"] = "dbparity-catalog/0"
    path.write_text(json.dumps({"prod": doc}), "utf-8")
    with pytest.raises(ValueError, match="dbparity-catalog/0"):
        read_catalogs(path)


# ------------------------------------------------------------------ hypothesis

texts = st.text(max_size=12)
opt_texts = st.none() | texts
big_ints = st.integers(min_value=-(2**63), max_value=2**63 - 1)


def pairs() -> st.SearchStrategy[tuple[tuple[str, str], ...]]:
    return st.lists(st.tuples(texts, texts), unique_by=lambda p: p[0], max_size=5).map(
        tuple
    )


columns = st.builds(
    Column,
    schema=texts,
    table=texts,
    name=texts,
    type=texts,
    not_null=st.booleans(),
    default=opt_texts,
    identity_kind=st.none() | st.sampled_from(["always", "by default"]),
    generated=opt_texts,
    collation=opt_texts,
    comment=opt_texts,
)
functions = st.builds(
    Function,
    schema=texts,
    name=texts,
    identity_arguments=texts,
    function_type=st.sampled_from(["function", "procedure", "window"]),
    arguments=texts,
    result=opt_texts,
    language=texts,
    volatility=st.sampled_from(["immutable", "stable", "volatile"]),
    strict=st.booleans(),
    security_definer=st.booleans(),
    leakproof=st.booleans(),
    parallel=st.sampled_from(["safe", "restricted", "unsafe"]),
    config=pairs(),
    body=opt_texts,
    owner=opt_texts,
    comment=opt_texts,
)
privileges = st.builds(
    Privilege,
    object_type=st.sampled_from(["schema", "table", "column", "function"]),
    schema=opt_texts,
    name=texts,
    column=opt_texts,
    arguments=opt_texts,
    grants=pairs(),
)
types = st.builds(
    Type,
    schema=texts,
    name=texts,
    type_type=st.sampled_from(["enum", "domain", "composite", "range"]),
    labels=st.lists(texts, max_size=4).map(tuple),
    base_type=opt_texts,
    default=opt_texts,
    not_null=st.booleans(),
    constraints=st.lists(texts, max_size=3).map(tuple),
    attributes=st.lists(texts, max_size=3).map(tuple),
    comment=opt_texts,
)
sequences = st.builds(
    Sequence,
    schema=texts,
    name=texts,
    data_type=st.sampled_from(["smallint", "integer", "bigint"]),
    start=big_ints,
    increment=big_ints,
    min_value=big_ints,
    max_value=big_ints,
    cache=big_ints,
    cycle=st.booleans(),
    owned_by=opt_texts,
)
row_counts = st.builds(
    RowCount,
    schema=texts,
    table=texts,
    rows=st.none() | st.integers(min_value=-1, max_value=2**62),
    exact=st.booleans(),
)
constraints = st.builds(
    Constraint,
    schema=texts,
    table=texts,
    name=texts,
    constraint_type=st.sampled_from(["primary key", "check", "foreign key"]),
    columns=st.lists(texts, max_size=3).map(tuple),
    expression=opt_texts,
    ref_table=opt_texts,
    ref_columns=st.lists(texts, max_size=3).map(tuple),
    deferrable=st.booleans(),
    validated=st.booleans(),
    definition=texts,
)
any_object = st.one_of(
    columns, functions, privileges, types, sequences, row_counts, constraints
)


@st.composite
def catalogs(draw: st.DrawFn) -> Catalog:
    objects = draw(st.lists(any_object, max_size=8))
    kinds = draw(st.lists(st.sampled_from(KINDS), unique=True).map(tuple))
    return catalog(
        awkward_env(draw(texts)),
        objects,
        kinds=kinds,
        unreadable=draw(st.dictionaries(texts, texts, max_size=3)),
        unchecked=draw(st.dictionaries(texts, st.integers(0, 10**6), max_size=3)),
        notes=tuple(draw(st.lists(texts, max_size=3))),
    )


@settings(max_examples=150, deadline=None)
@given(catalogs())
def test_random_catalogs_round_trip_through_json(catalog: Catalog) -> None:
    assert via_json(catalog) == catalog


@settings(max_examples=200, deadline=None)
@given(any_object)
def test_random_objects_round_trip(obj: CatalogObject) -> None:
    original = catalog(awkward_env(), [obj], kinds=(obj.kind,))
    (back,) = via_json(original).objects[obj.kind].values()
    assert back == obj
    assert type(back) is type(obj)
    hash(back)

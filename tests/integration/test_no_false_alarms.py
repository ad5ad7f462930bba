"""Property: equal schemas never raise an alarm; one change raises exactly one.

Hypothesis draws a schema (tables, columns of many types with defaults, identity
and generated columns, constraints, partial indexes, RLS, policies, functions with
overloads and settings, triggers, rules, event triggers, views, sequences,
enum/domain/composite types, comments and grants; and the kinds and attributes
of issue 12: default privileges, settings of the database and of roles in it,
publications, aggregates, collations, extended statistics, text search, casts and
an operator on a user type, a foreign data wrapper without handler with servers,
user mappings and a foreign table, view options, replica identity, storage
parameters, column storage, function cost, rows and support, comments and owners
on everything) named with awkward identifiers, loads it into two databases in
different creation orders and forms (and OIDs), and requires no finding. Roles
themselves are not drawn: they are the cluster's, the same for both databases
(the test's three roles are made once); their settings in a database are. It
then applies one mutation to B and requires exactly the matching finding,
mirrored when the sides are swapped. A ``pg_dump``/``pg_restore`` copy
of the example's prod database must also compare equal to its original.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any, TypeAlias

import psycopg
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from psycopg.sql import SQL, Composable, Composed, Identifier, Literal

from pytest_dbparity.catalog.introspect import ReadOptions, read_catalog
from pytest_dbparity.config import DEFAULT_EXCLUDED_SCHEMAS
from pytest_dbparity.core.identifiers import qualify, quote_ident
from pytest_dbparity.environments import Environment
from pytest_dbparity.findings import Finding, compare
from pytest_dbparity.kinds.names import KINDS
from tests.fix_db import PgServer

ROLES = ("nfa_r1", "nfa_r2", 'nfa Rôle."x"')
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
MIRROR = {"missing_in_a": "missing_in_b", "missing_in_b": "missing_in_a"}

#: What a connection executes (a fragment such as a name is any Composable).
Statement: TypeAlias = SQL | Composed

TRICKY = [
    "select",
    "user",
    "order",
    "table",
    "from",
    "Mixed Case",
    "UPPER",
    "a.b",
    'quo"te',
    "spa ce",
    "ñandú",
    "Ünïcode.Ñame",
    "n" * 63,
    "ü" * 31 + "x",  # 63 bytes
    "日本語",
    "x$1",
    "semi;colon",
    "it's",
]
NAMES = st.one_of(
    st.sampled_from(TRICKY),
    st.text(
        alphabet="abcxyzABCXYZ _.\"'éßü日-$0129",
        min_size=1,
        max_size=24,
    ).filter(lambda s: len(s.encode()) <= 63 and not s.startswith("nfa")),
)


class Namer:
    """Draws names, unique across the whole schema (one namespace for all)."""

    def __init__(self, data: st.DataObject) -> None:
        self.data = data
        self.used: set[str] = set()

    def __call__(self) -> str:
        name = self.data.draw(NAMES)
        n = 0
        candidate = name
        while candidate in self.used:
            n += 1
            suffix = f"~{n}"
            candidate = name.encode()[: 63 - len(suffix)].decode(errors="ignore")
            candidate += suffix
        self.used.add(candidate)
        return candidate


# ----------------------------------------------------------------------- plan


@dataclass
class Col:
    name: str
    type: Composable
    tag: str  # integer, text, other
    default: Composable | None = None
    not_null: bool = False
    identity: str | None = None  # "ALWAYS", "BY DEFAULT"
    generated: Composable | None = None
    comment: str | None = None


@dataclass
class Tbl:
    name: str
    cols: list[Col]
    pk: tuple[str, str]  # constraint name, column
    uniques: list[tuple[str, str]] = field(default_factory=list)
    checks: list[tuple[str, Composable]] = field(default_factory=list)
    fks: list[tuple[str, str, str, str, str, bool]] = field(default_factory=list)
    indexes: list[tuple[str, str, str | None, bool]] = field(default_factory=list)
    rls: bool = False
    forced: bool = False
    # name, permissive, command, roles, using, with_check
    policies: list[tuple[str, bool, str, list[str], bool | None, bool | None]] = field(
        default_factory=list
    )
    triggers: list[tuple[str, bool]] = field(default_factory=list)
    rules: list[tuple[str, bool]] = field(default_factory=list)  # name, disabled
    comment: str | None = None
    grants: list[tuple[str, str]] = field(default_factory=list)  # privilege, role
    col_grants: list[tuple[str, str]] = field(default_factory=list)  # column, role


@dataclass
class Fn:
    name: str
    lang: str
    overloads: list[tuple[str, str]]  # argument name, "integer" | "text"
    volatility: str
    secdef: bool
    search_path: bool
    comment: str | None
    grant_to: str | None
    revoke_public: bool


@dataclass
class Plan:
    schema: str
    schema_grant: str | None
    schema_comment: str | None
    enums: list[tuple[str, list[str]]]
    domains: list[tuple[str, str, bool]]  # name, check constraint name, not null
    composites: list[tuple[str, list[str]]]
    sequences: list[tuple[str, int, int, int, bool, tuple[str, str] | None]]
    tables: list[Tbl]
    fns: list[Fn]
    trigger_fn: str | None
    # name, event, tags, disabled (their function: event_fn)
    event_triggers: list[tuple[str, str, list[str], bool]]
    event_fn: str | None
    views: list[tuple[str, str, str, str | None, str | None]]  # name, tbl, col, ...
    x: Extras = field(default_factory=lambda: Extras())

    def q(self, *parts: str) -> Identifier:
        return Identifier(self.schema, *parts)


@dataclass
class Pub:
    name: str
    #: table, column list (empty: all), row filter on an integer column (or None)
    tables: list[tuple[str, list[str], str | None]]
    in_schema: bool  # FOR TABLES IN SCHEMA the plan's schema
    publish: list[str]  # insert, update, delete, truncate
    via_root: bool


@dataclass
class Extras:
    """The kinds issue 12 added, and the attributes it added to older kinds."""

    #: FOR ROLE (None: the loading role), in the plan's schema?, ON what,
    #: privileges, grantee. Given last on both sides (they apply to objects
    #: created later).
    default_privileges: list[tuple[str | None, bool, str, list[str], str]] = field(
        default_factory=list
    )
    db_settings: list[tuple[str, str]] = field(default_factory=list)
    role_settings: list[tuple[str, str, str]] = field(default_factory=list)
    publications: list[Pub] = field(default_factory=list)
    aggregates: list[str] = field(default_factory=list)
    collations: list[tuple[str, bool]] = field(default_factory=list)  # name, icu
    #: name, table, two columns, kinds, statistics target
    statistics: list[tuple[str, str, list[str], list[str], int | None]] = field(
        default_factory=list
    )
    #: dictionary (stopwords), configuration using it
    text_search: list[tuple[str, str]] = field(default_factory=list)
    #: a composite type with casts to text and integer and an operator ===
    cast_type: str | None = None
    cast_fns: tuple[str, str] = ("", "")  # to integer, equality
    #: wrapper, then (server, options), user mappings (role, options), and
    #: foreign tables (name, options) on the first server
    fdw: str | None = None
    servers: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    mappings: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    foreign_tables: list[tuple[str, list[tuple[str, str]]]] = field(
        default_factory=list
    )
    #: view -> security_invoker, security_barrier, check option (local/cascaded)
    view_options: dict[str, tuple[bool, bool, str | None]] = field(default_factory=dict)
    #: table -> storage parameters; replica identity (full, nothing, index)
    storage: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    replica: dict[str, str] = field(default_factory=dict)
    #: (table, column) -> storage, compression, statistics target
    column_attrs: dict[tuple[str, str], tuple[str | None, bool, int | None]] = field(
        default_factory=dict
    )
    fn_cost: dict[str, int] = field(default_factory=dict)  # function name -> cost
    srf: str | None = None  # a set-returning function with ROWS and SUPPORT
    #: seeds of which objects get a comment and which another owner
    comment_seed: int = 0
    owner_seed: int = 0


SCALARS: dict[str, tuple[str, str]] = {
    "integer": ("integer", "integer"),
    "bigint": ("bigint", "integer"),
    "text": ("text", "text"),
    "varchar": ("character varying(20)", "text"),
    "numeric": ("numeric(10,2)", "other"),
    "boolean": ("boolean", "other"),
    "timestamptz": ("timestamp with time zone", "other"),
    "jsonb": ("jsonb", "other"),
    "uuid": ("uuid", "other"),
    "textarr": ("text[]", "other"),
}
DEFAULTS: dict[str, Any] = {
    "numeric": SQL("1.5"),
    "boolean": SQL("true"),
    "timestamptz": SQL("now()"),
    "jsonb": SQL("'{}'::jsonb"),
    "uuid": SQL("gen_random_uuid()"),
    "textarr": SQL("'{}'::text[]"),
}
TEXTS = st.text(alphabet="abc XYZ'\"\\é日;$-", max_size=12)


def draw_plan(data: st.DataObject) -> Plan:
    d = data.draw
    name = Namer(data)
    schema = name()
    roles = st.sampled_from(ROLES)
    grantees = st.sampled_from([*ROLES, "PUBLIC"])

    def labels() -> list[str]:
        return d(
            st.lists(
                st.one_of(st.sampled_from(TRICKY), TEXTS.filter(bool)).filter(
                    lambda s: len(s.encode()) <= 63
                ),
                min_size=1,
                max_size=4,
                unique=True,
            )
        )

    enums = [(name(), labels()) for _ in range(d(st.integers(0, 2)))]
    domains = [(name(), name(), d(st.booleans())) for _ in range(d(st.integers(0, 1)))]
    composites = [
        (name(), [name() for _ in range(d(st.integers(1, 3)))])
        for _ in range(d(st.integers(0, 1)))
    ]
    user_types = [(Identifier(schema, e), "other") for e, _ in enums] + [
        (Identifier(schema, dm), "integer") for dm, _, _ in domains
    ]

    tables: list[Tbl] = []
    for ti in range(d(st.integers(1, 3))):
        pk_col = name()
        identity = d(st.sampled_from([None, "ALWAYS", "BY DEFAULT"]))
        cols = [Col(pk_col, SQL("bigint"), "integer", identity=identity)]
        for _ in range(d(st.integers(1, 4))):
            typ: Composable
            which = d(
                st.sampled_from([*SCALARS, "user"] if user_types else list(SCALARS))
            )
            if which == "user":
                typ, tag = d(st.sampled_from(user_types))
                default = None
            else:
                text, tag = SCALARS[which]
                typ = SQL(text)
                if tag == "integer":
                    default = Literal(d(st.integers(-1000, 1000)))
                elif tag == "text":
                    default = Literal(d(TEXTS))
                else:
                    default = DEFAULTS[which]
            col = Col(name(), typ, tag)
            col.not_null = d(st.booleans())
            if d(st.booleans()):
                col.default = default
            if d(st.booleans()):
                col.comment = d(TEXTS)
            cols.append(col)
        if d(st.booleans()):
            cols.append(
                Col(
                    name(),
                    SQL("bigint"),
                    "generated",
                    generated=SQL("({} * 2)").format(Identifier(pk_col)),
                )
            )
        t = Tbl(name(), cols, (name(), pk_col))
        plain = [c for c in cols[1:] if c.generated is None]
        for c in plain:
            if d(st.integers(0, 3)) == 0 and c.tag in ("integer", "text"):
                t.uniques.append((name(), c.name))
            if d(st.integers(0, 3)) == 0:
                expr = (
                    SQL("({} > -5000)")
                    if c.tag == "integer"
                    else SQL("({} IS NOT NULL)")
                ).format(Identifier(c.name))
                t.checks.append((name(), expr))
            if d(st.integers(0, 2)) == 0:
                partial = d(st.sampled_from([None, *[p.name for p in plain]]))
                t.indexes.append((name(), c.name, partial, d(st.booleans())))
        if d(st.booleans()):
            ref = d(st.sampled_from([*tables, t]))
            fk_col = Col(name(), SQL("bigint"), "fk")
            cols.append(fk_col)
            t.fks.append(
                (
                    name(),
                    fk_col.name,
                    ref.name,
                    ref.pk[1],
                    d(
                        st.sampled_from(
                            ["CASCADE", "SET NULL", "RESTRICT", "NO ACTION"]
                        )
                    ),
                    d(st.booleans()),
                )
            )
        t.rls = d(st.booleans())
        t.forced = d(st.booleans())
        for _ in range(d(st.integers(0, 2))):
            cmd = d(st.sampled_from(["ALL", "SELECT", "INSERT", "UPDATE", "DELETE"]))
            using = None if cmd == "INSERT" else d(st.booleans())
            check = d(st.booleans()) if cmd in ("ALL", "INSERT", "UPDATE") else None
            pol_roles = d(st.lists(grantees, min_size=1, max_size=3, unique=True))
            t.policies.append((name(), d(st.booleans()), cmd, pol_roles, using, check))
        if d(st.booleans()):
            t.comment = d(TEXTS)
        for role in d(st.lists(grantees, max_size=3, unique=True)):
            option = role != "PUBLIC" and d(st.booleans())
            for priv in d(
                st.lists(
                    st.sampled_from(["SELECT", "INSERT", "UPDATE", "DELETE"]),
                    min_size=1,
                    max_size=3,
                    unique=True,
                )
            ):
                t.grants.append((priv + "*" * option, role))  # *: grant option
        if bool(plain) and d(st.booleans()):
            t.col_grants.append((d(st.sampled_from(plain)).name, d(roles)))
        tables.append(t)
        del ti

    trigger_fn = None
    if d(st.booleans()):
        trigger_fn = name()
        for t in tables:
            for _ in range(d(st.integers(0, 2))):
                t.triggers.append((name(), d(st.booleans())))
    for t in tables:
        for _ in range(d(st.integers(0, 1))):
            t.rules.append((name(), d(st.booleans())))

    event_triggers = []
    for _ in range(d(st.integers(0, 2))):
        event_triggers.append(
            (
                name(),
                d(st.sampled_from(["ddl_command_start", "ddl_command_end"])),
                d(
                    st.lists(
                        st.sampled_from(["CREATE TABLE", "ALTER TABLE", "COMMENT"]),
                        max_size=3,
                        unique=True,
                    )
                ),
                d(st.booleans()),
            )
        )
    event_fn = name() if event_triggers else None

    fns = []
    for _ in range(d(st.integers(0, 2))):
        n_over = d(st.integers(1, 2))
        over = [(name(), "integer"), (name(), "text")][:n_over]
        if d(st.booleans()):
            over.reverse()
        fns.append(
            Fn(
                name=name(),
                lang=d(st.sampled_from(["sql", "plpgsql"])),
                overloads=over,
                volatility=d(st.sampled_from(["IMMUTABLE", "STABLE", "VOLATILE"])),
                secdef=d(st.booleans()),
                search_path=d(st.booleans()),
                comment=d(st.one_of(st.none(), TEXTS)),
                grant_to=d(st.one_of(st.none(), roles)),
                revoke_public=d(st.booleans()),
            )
        )

    sequences = []
    for _ in range(d(st.integers(0, 2))):
        owned = None
        if d(st.booleans()):
            t = d(st.sampled_from(tables))
            owned = (t.name, t.cols[0].name)
        sequences.append(
            (
                name(),
                d(st.integers(1, 100)),
                d(st.integers(1, 9)),
                d(st.integers(1, 5)),
                d(st.booleans()),
                owned,
            )
        )

    views = []
    for _ in range(d(st.integers(0, 2))):
        t = d(st.sampled_from(tables))
        views.append(
            (
                name(),
                t.name,
                d(st.sampled_from(t.cols)).name,
                d(st.one_of(st.none(), TEXTS)),
                d(st.one_of(st.none(), roles)),
            )
        )

    return Plan(
        schema=schema,
        schema_grant=d(st.one_of(st.none(), roles)),
        schema_comment=d(st.one_of(st.none(), TEXTS)),
        enums=enums,
        domains=domains,
        composites=composites,
        sequences=sequences,
        tables=tables,
        fns=fns,
        trigger_fn=trigger_fn,
        event_triggers=event_triggers,
        event_fn=event_fn,
        views=views,
        x=draw_extras(data, name, tables, views, fns),
    )


SETTINGS = st.sampled_from(
    [
        ("statement_timeout", "5s"),
        ("work_mem", "64MB"),
        ("search_path", "public, extensions"),
        ("app.settings.tier", "it's ü"),
        ("pgrst.db_schemas", "api, public"),
        ("lock_timeout", "1000"),
    ]
)
OPTION_VALUES = st.text(alphabet="abc xyz'\"é日=,", max_size=10)


def draw_extras(
    data: st.DataObject,
    name: Namer,
    tables: list[Tbl],
    views: list[tuple[str, str, str, str | None, str | None]],
    fns: list[Fn],
) -> Extras:
    d = data.draw
    x = Extras()
    grantees = st.sampled_from([*ROLES, "PUBLIC"])
    on_privileges = {
        "TABLES": ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE"],
        "SEQUENCES": ["USAGE", "SELECT", "UPDATE"],
        "FUNCTIONS": ["EXECUTE"],
        "TYPES": ["USAGE"],
    }
    for _ in range(d(st.integers(0, 3))):
        on = d(st.sampled_from(sorted(on_privileges)))
        x.default_privileges.append(
            (
                d(st.sampled_from([None, ROLES[0], ROLES[2]])),
                d(st.booleans()),
                on,
                d(
                    st.lists(
                        st.sampled_from(on_privileges[on]),
                        min_size=1,
                        max_size=3,
                        unique=True,
                    )
                ),
                d(grantees),
            )
        )
    x.db_settings = d(st.lists(SETTINGS, max_size=3, unique_by=lambda kv: kv[0]))
    for role in d(st.lists(st.sampled_from(ROLES), max_size=2, unique=True)):
        for k, v in d(
            st.lists(SETTINGS, min_size=1, max_size=2, unique_by=lambda kv: kv[0])
        ):
            x.role_settings.append((role, k, v))
    for _ in range(d(st.integers(0, 2))):
        members = []
        for t in d(st.lists(st.sampled_from(tables), max_size=2, unique_by=id)):
            cols = [c.name for c in t.cols if c.generated is None]
            ints = [  # not a domain: a row filter takes built-in types only
                c.name
                for c in t.cols
                if c.tag == "integer"
                and not c.identity
                and not isinstance(c.type, Identifier)
            ]
            column_list = (
                d(st.lists(st.sampled_from(cols), min_size=1, unique=True))
                if d(st.booleans())
                else []
            )
            row_filter = d(st.sampled_from([None, *ints]))
            members.append((t.name, column_list, row_filter))
        x.publications.append(
            Pub(
                name(),
                members,
                d(st.booleans()) and not members,
                d(
                    st.lists(
                        st.sampled_from(["insert", "update", "delete", "truncate"]),
                        min_size=1,
                        unique=True,
                    )
                ),
                d(st.booleans()),
            )
        )
    x.aggregates = [name() for _ in range(d(st.integers(0, 1)))]
    x.collations = [(name(), d(st.booleans())) for _ in range(d(st.integers(0, 2)))]
    for _ in range(d(st.integers(0, 1))):
        t = d(st.sampled_from(tables))
        cols = [c.name for c in t.cols if c.generated is None]
        if len(cols) >= 2:
            x.statistics.append(
                (
                    name(),
                    t.name,
                    d(
                        st.lists(
                            st.sampled_from(cols), min_size=2, max_size=2, unique=True
                        )
                    ),
                    d(
                        st.lists(
                            st.sampled_from(["ndistinct", "dependencies", "mcv"]),
                            min_size=1,
                            unique=True,
                        )
                    ),
                    d(st.one_of(st.none(), st.integers(0, 1000))),
                )
            )
    x.text_search = [(name(), name()) for _ in range(d(st.integers(0, 1)))]
    if d(st.booleans()):
        x.cast_type = name()
        x.cast_fns = (name(), name())
    if d(st.booleans()):
        x.fdw = name()
        option = st.tuples(
            st.sampled_from(["host", "port", "dbname", "password", "x y"]),
            OPTION_VALUES,
        )
        for _ in range(d(st.integers(1, 2))):
            x.servers.append(
                (name(), d(st.lists(option, max_size=3, unique_by=lambda kv: kv[0])))
            )
        for role in d(
            st.lists(st.sampled_from([*ROLES, "PUBLIC"]), max_size=2, unique=True)
        ):
            x.mappings.append(
                (
                    role,
                    d(
                        st.lists(
                            st.tuples(
                                st.sampled_from(["user", "password"]), OPTION_VALUES
                            ),
                            max_size=2,
                            unique_by=lambda kv: kv[0],
                        )
                    ),
                )
            )
        for _ in range(d(st.integers(0, 1))):
            x.foreign_tables.append(
                (
                    name(),
                    d(
                        st.lists(
                            st.tuples(
                                st.sampled_from(["schema_name", "table_name"]),
                                OPTION_VALUES,
                            ),
                            max_size=2,
                            unique_by=lambda kv: kv[0],
                        )
                    ),
                )
            )
    for v, *_ in views:
        if d(st.booleans()):
            x.view_options[v] = (
                d(st.booleans()),
                d(st.booleans()),
                d(st.sampled_from([None, "local", "cascaded"])),
            )
    for t in tables:
        params = d(
            st.lists(
                st.sampled_from(
                    [
                        ("fillfactor", "70"),
                        ("autovacuum_enabled", "false"),
                        ("autovacuum_vacuum_scale_factor", "0.05"),
                        ("parallel_workers", "2"),
                    ]
                ),
                max_size=3,
                unique_by=lambda kv: kv[0],
            )
        )
        if params:
            x.storage[t.name] = params
        replica = d(st.sampled_from([None, "full", "nothing", "index"]))
        if replica:
            x.replica[t.name] = replica
        for c in t.cols:
            if c.tag == "text" and c.type == SQL("text") and d(st.booleans()):
                x.column_attrs[(t.name, c.name)] = (
                    d(st.sampled_from([None, "external", "main", "plain"])),
                    d(st.booleans()),
                    d(st.one_of(st.none(), st.integers(0, 2000))),
                )
    for f in fns:
        if d(st.booleans()):
            x.fn_cost[f.name] = d(st.sampled_from([1, 42, 5000]))
    if d(st.booleans()):
        x.srf = name()
    x.comment_seed = d(st.integers(0, 2**16))
    x.owner_seed = d(st.integers(0, 2**16))
    return x


# ------------------------------------------------------------------------ DDL


def grantee(role: str) -> Composable:
    return SQL("PUBLIC") if role == "PUBLIC" else Identifier(role)


def fn_sql(p: Plan, f: Fn, arg: str, typ: str, cost: bool = True) -> Statement:
    if f.lang == "sql":
        body = "select $1 + 1" if typ == "integer" else "select length($1)"
    else:
        body = (
            "begin return $1 + 1; end"
            if typ == "integer"
            else "begin\n  return length($1);\nend"
        )
    parts: list[Composable] = [
        SQL("CREATE FUNCTION {}({} {}) RETURNS integer LANGUAGE {} {}").format(
            p.q(f.name), Identifier(arg), SQL(typ), SQL(f.lang), SQL(f.volatility)
        )
    ]
    if f.secdef:
        parts.append(SQL("SECURITY DEFINER"))
    if f.search_path:
        parts.append(SQL("SET search_path = {}, pg_temp").format(Identifier(p.schema)))
    if cost and f.name in p.x.fn_cost:
        parts.append(SQL("COST {}").format(Literal(p.x.fn_cost[f.name])))
    parts.append(SQL("AS {}").format(Literal(body)))
    return SQL(" ").join(parts)


def fn_ref(p: Plan, f: Fn, typ: str) -> Composable:
    return SQL("{}({})").format(p.q(f.name), SQL(typ))


def units(*statements: Statement) -> Statement:
    """Statements that must run in this order, as one unit of the shuffle."""
    return SQL("; ").join(statements)


def options_sql(pairs: list[tuple[str, str]], add: bool = False) -> Composable:
    """``OPTIONS (a 'x', b 'y')`` (``ADD`` before each with *add*)."""
    verb = SQL("ADD ") if add else SQL("")
    return SQL("OPTIONS ({})").format(
        SQL(", ").join(
            SQL("{}{} {}").format(verb, Identifier(k), Literal(v)) for k, v in pairs
        )
    )


def with_options(head: Statement, pairs: list[tuple[str, str]]) -> Statement:
    return SQL("{} {}").format(head, options_sql(pairs)) if pairs else head


def split_options(
    head: Statement, alter: Statement, pairs: list[tuple[str, str]]
) -> list[Statement]:
    """B's way: the last option given at creation, the others added later (in
    reverse order), so that the catalog holds them in another order."""
    if len(pairs) < 2:
        return [with_options(head, pairs)]
    return [
        with_options(head, pairs[-1:]),
        SQL("{} {}").format(alter, options_sql(pairs[-2::-1], add=True)),
    ]


def extra_objects(p: Plan, rnd: Random | None) -> list[Statement]:
    """Objects of issue 12's kinds that need no table (one unit each)."""
    x, b = p.x, rnd is not None
    out: list[Statement] = []
    for a in x.aggregates:
        out.append(
            SQL(
                "CREATE AGGREGATE {}(BASETYPE = int4, SFUNC = int4pl, STYPE = int4,"
                ' INITCOND = 0, "parallel" = safe)'
                if b
                else "CREATE AGGREGATE {}(integer) (SFUNC = pg_catalog.int4pl,"
                " STYPE = integer, INITCOND = '0', PARALLEL = safe)"
            ).format(p.q(a))
        )
    for c, icu in x.collations:
        out.append(
            SQL(
                "CREATE COLLATION {} (provider = icu, locale = 'und-u-ks-level2',"
                " deterministic = false)"
                if icu
                else "CREATE COLLATION {} (locale = 'C')"
            ).format(p.q(c))
        )
    for dic, cfg in x.text_search:
        stmts = [
            SQL(
                "CREATE TEXT SEARCH DICTIONARY {} (STOPWORDS = english,"
                " TEMPLATE = pg_catalog.simple, ACCEPT = false)"
                if b
                else "CREATE TEXT SEARCH DICTIONARY {} (TEMPLATE = simple,"
                " STOPWORDS = english, ACCEPT = false)"
            ).format(p.q(dic)),
            SQL(
                "CREATE TEXT SEARCH CONFIGURATION {} (COPY = pg_catalog.english)"
            ).format(p.q(cfg)),
        ]
        if b:
            stmts += [
                SQL(
                    "ALTER TEXT SEARCH CONFIGURATION {} ALTER MAPPING FOR word WITH {}"
                ).format(p.q(cfg), p.q(dic)),
                SQL(
                    "ALTER TEXT SEARCH CONFIGURATION {} ALTER MAPPING FOR asciiword"
                    " WITH {}, english_stem"
                ).format(p.q(cfg), p.q(dic)),
                SQL(
                    "ALTER TEXT SEARCH CONFIGURATION {} ALTER MAPPING FOR word"
                    " WITH {}, english_stem"
                ).format(p.q(cfg), p.q(dic)),
            ]
        else:
            stmts.append(
                SQL(
                    "ALTER TEXT SEARCH CONFIGURATION {} ALTER MAPPING FOR asciiword,"
                    " word WITH {}, english_stem"
                ).format(p.q(cfg), p.q(dic))
            )
        out.append(units(*stmts))
    if x.cast_type:
        ct, (to_int, eq) = p.q(x.cast_type), x.cast_fns
        op = SQL("OPERATOR({}.===)").format(Identifier(p.schema))
        out.append(
            units(
                SQL("CREATE TYPE {} AS (v integer)").format(ct),
                SQL(
                    "CREATE FUNCTION {}({}) RETURNS integer LANGUAGE sql IMMUTABLE"
                    " AS 'select ($1).v'"
                ).format(p.q(to_int), ct),
                SQL(
                    "CREATE FUNCTION {}({}, {}) RETURNS boolean LANGUAGE sql IMMUTABLE"
                    " AS 'select ($1).v = ($2).v'"
                ).format(p.q(eq), ct, ct),
                SQL(
                    "CREATE CAST ({} AS integer) WITH FUNCTION {}({}) AS IMPLICIT"
                ).format(ct, p.q(to_int), ct),
                SQL("CREATE CAST ({} AS text) WITH INOUT AS ASSIGNMENT").format(ct),
                SQL(
                    "CREATE OPERATOR {}.=== (LEFTARG = {}, RIGHTARG = {},"
                    " {} = {}, COMMUTATOR = {})"
                ).format(
                    Identifier(p.schema),
                    ct,
                    ct,
                    SQL("PROCEDURE" if b else "FUNCTION"),
                    p.q(eq),
                    op,
                ),
            )
        )
    if x.srf:
        f = p.q(x.srf)
        head = SQL(
            "CREATE FUNCTION {}(n integer) RETURNS SETOF integer LANGUAGE sql"
        ).format(f)
        body = SQL("AS 'select generate_series(1, n)'")
        out.append(
            units(
                SQL("{} {}").format(head, body),
                SQL(
                    "ALTER FUNCTION {}(integer) SUPPORT"
                    " pg_catalog.generate_series_int4_support ROWS 50"
                ).format(f),
            )
            if b
            else SQL(
                "{} ROWS 50 SUPPORT pg_catalog.generate_series_int4_support {}"
            ).format(head, body)
        )
    if x.fdw:
        w = Identifier(x.fdw)
        chain: list[Statement] = [SQL("CREATE FOREIGN DATA WRAPPER {}").format(w)]
        for srv, opts in x.servers:
            head = SQL(
                "CREATE SERVER {} TYPE 'pg' VERSION '1' FOREIGN DATA WRAPPER {}"
            ).format(Identifier(srv), w)
            alter = SQL("ALTER SERVER {}").format(Identifier(srv))
            chain += (
                split_options(head, alter, opts) if b else [with_options(head, opts)]
            )
        first = Identifier(x.servers[0][0])
        for role, opts in x.mappings:
            who = grantee(role)
            head = SQL("CREATE USER MAPPING FOR {} SERVER {}").format(who, first)
            alter = SQL("ALTER USER MAPPING FOR {} SERVER {}").format(who, first)
            chain += (
                split_options(head, alter, opts) if b else [with_options(head, opts)]
            )
        for ft, opts in x.foreign_tables:
            head = SQL(
                "CREATE FOREIGN TABLE {} (id integer OPTIONS (column_name 'ID'),"
                " label text NOT NULL) SERVER {}"
            ).format(p.q(ft), first)
            alter = SQL("ALTER FOREIGN TABLE {}").format(p.q(ft))
            chain += (
                split_options(head, alter, opts) if b else [with_options(head, opts)]
            )
        out.append(units(*chain))
    return out


def in_database(template: str, *args: Composable) -> Statement:
    """A statement naming the current database (``ALTER DATABASE %I``), run by
    a DO block: the plan does not know the database's name."""
    text = Literal(SQL(template).format(*args).as_string()).as_string()
    return SQL("DO {}").format(
        Literal(f"BEGIN EXECUTE format({text}, current_database()); END")
    )


def extra_rest(p: Plan, rnd: Random | None) -> list[Statement]:
    """Issue 12's attributes of tables, columns, functions (B: by ALTER) and its
    objects that need tables: publications, statistics; settings."""
    x, b = p.x, rnd is not None
    out: list[Statement] = []
    for t in p.tables:
        tq = p.q(t.name)
        params = x.storage.get(t.name)
        if b and params:
            out.append(
                SQL("ALTER TABLE {} SET ({})").format(
                    tq, SQL(", ").join(SQL(f"{k} = {v}") for k, v in reversed(params))
                )
            )
        replica = x.replica.get(t.name)
        if replica:
            out.append(
                SQL("ALTER TABLE {} REPLICA IDENTITY {}").format(
                    tq,
                    SQL("USING INDEX {}").format(Identifier(t.pk[0]))
                    if replica == "index"
                    else SQL(replica.upper()),
                )
            )
        for c in t.cols:
            attrs = x.column_attrs.get((t.name, c.name))
            if not attrs:
                continue
            storage, compression, target = attrs
            subs = []
            if storage:
                subs.append(
                    SQL("ALTER COLUMN {} SET STORAGE {}").format(
                        Identifier(c.name), SQL(storage.upper())
                    )
                )
            if compression and not b:
                subs.append(
                    SQL("ALTER COLUMN {} SET COMPRESSION pglz").format(
                        Identifier(c.name)
                    )
                )
            if target is not None:
                subs.append(
                    SQL("ALTER COLUMN {} SET STATISTICS {}").format(
                        Identifier(c.name), Literal(target)
                    )
                )
            if subs:
                out.append(
                    SQL("ALTER TABLE {} {}").format(
                        tq, SQL(", ").join(mix_list(subs, rnd))
                    )
                )
    if b:
        for f in p.fns:
            if f.name in x.fn_cost:
                for _, typ in f.overloads:
                    out.append(
                        SQL("ALTER FUNCTION {} COST {}").format(
                            fn_ref(p, f, typ), Literal(x.fn_cost[f.name])
                        )
                    )
    for pub in x.publications:
        members = []
        for tbl, cols, row_filter in pub.tables:
            m = SQL("TABLE {}").format(p.q(tbl))
            if cols:
                m = SQL("{} ({})").format(
                    m, SQL(", ").join(map(Identifier, mix_list(cols, rnd)))
                )
            if row_filter:
                m = SQL("{} WHERE ({} > 0)").format(m, Identifier(row_filter))
            members.append(m)
        if pub.in_schema:
            members.append(SQL("TABLES IN SCHEMA {}").format(Identifier(p.schema)))
        publish = SQL("publish = {}, publish_via_partition_root = {}").format(
            Literal(", ".join(mix_list(pub.publish, rnd))),
            SQL(str(pub.via_root).lower()),
        )
        pn = Identifier(pub.name)
        if b:
            stmts: list[Statement] = [SQL("CREATE PUBLICATION {}").format(pn)]
            stmts += [
                SQL("ALTER PUBLICATION {} ADD {}").format(pn, m)
                for m in mix_list(members, rnd)
            ]
            stmts.append(SQL("ALTER PUBLICATION {} SET ({})").format(pn, publish))
            out.append(units(*stmts))
        else:
            out.append(
                SQL("CREATE PUBLICATION {} {} WITH ({})").format(
                    pn,
                    SQL("FOR {}").format(SQL(", ").join(members))
                    if members
                    else SQL(""),
                    publish,
                )
            )
    for st_name, tbl, cols, kinds, target in x.statistics:
        stmt: Statement = SQL("CREATE STATISTICS {} ({}) ON {} FROM {}").format(
            p.q(st_name),
            SQL(", ").join(map(SQL, mix_list(kinds, rnd))),
            SQL(", ").join(map(Identifier, mix_list(cols, rnd))),
            p.q(tbl),
        )
        if target is not None:
            stmt = units(
                stmt,
                SQL("ALTER STATISTICS {} SET STATISTICS {}").format(
                    p.q(st_name), Literal(target)
                ),
            )
        out.append(stmt)
    for k, v in mix_list(x.db_settings, rnd):
        out.append(
            in_database("ALTER DATABASE %I SET {} = {}", Identifier(k), Literal(v))
        )
    for role, k, v in mix_list(x.role_settings, rnd):
        out.append(
            in_database(
                "ALTER ROLE {} IN DATABASE %I SET {} = {}",
                Identifier(role),
                Identifier(k),
                Literal(v),
            )
        )
    return out


def mix_list(items: list[Any], rnd: Random | None) -> list[Any]:
    items = list(items)
    if rnd is not None:
        rnd.shuffle(items)
    return items


COMMENTS = ["", "x", "it's 日本", "semi;colon", 'quo"te']


def comments_and_owners(p: Plan) -> tuple[list[Statement], list[Statement]]:
    """Comments on every object of the plan that can carry one and issue 12
    compares, and another owner on some (drawn from the plan's seeds); and apart,
    the owners of objects made before grants and comments (B gives those
    before them)."""
    x = p.x
    on: list[Composable] = []  # COMMENT ON <this>
    owned: list[Composable] = []  # ALTER <this> OWNER TO
    late: list[Composable] = []  # ... of objects made with the grants
    for t in p.tables:
        tq = p.q(t.name)
        on += [SQL("POLICY {} ON {}").format(Identifier(n), tq) for n, *_ in t.policies]
        on += [SQL("TRIGGER {} ON {}").format(Identifier(n), tq) for n, _ in t.triggers]
        on += [SQL("RULE {} ON {}").format(Identifier(n), tq) for n, _ in t.rules]
        on += [
            SQL("CONSTRAINT {} ON {}").format(Identifier(n), tq)
            for n in [t.pk[0], *(str(c[0]) for c in [*t.uniques, *t.checks, *t.fks])]
        ]
        on += [SQL("INDEX {}").format(p.q(n)) for n, *_ in t.indexes]
        if not any(o and o[0] == t.name for *_, o in p.sequences):
            owned.append(SQL("TABLE {}").format(tq))
    for e, _ in p.enums:
        on.append(SQL("TYPE {}").format(p.q(e)))
        owned.append(SQL("TYPE {}").format(p.q(e)))
    for dm, _, _ in p.domains:
        on.append(SQL("DOMAIN {}").format(p.q(dm)))
    for c, _ in p.composites:
        on.append(SQL("TYPE {}").format(p.q(c)))
        owned.append(SQL("TYPE {}").format(p.q(c)))
    for sq, *_, owned_by in p.sequences:
        on.append(SQL("SEQUENCE {}").format(p.q(sq)))
        if not owned_by:
            owned.append(SQL("SEQUENCE {}").format(p.q(sq)))
    for v, *_ in p.views:
        owned.append(SQL("VIEW {}").format(p.q(v)))
    for f in p.fns:
        for _, typ in f.overloads:
            owned.append(SQL("FUNCTION {}").format(fn_ref(p, f, typ)))
    for n, *_ in p.event_triggers:
        on.append(SQL("EVENT TRIGGER {}").format(Identifier(n)))
    for pub in x.publications:
        on.append(SQL("PUBLICATION {}").format(Identifier(pub.name)))
        late.append(SQL("PUBLICATION {}").format(Identifier(pub.name)))
    for a in x.aggregates:
        ref = SQL("AGGREGATE {}(integer)").format(p.q(a))
        on.append(ref)
        owned.append(ref)
    for c, _ in x.collations:
        on.append(SQL("COLLATION {}").format(p.q(c)))
        owned.append(SQL("COLLATION {}").format(p.q(c)))
    for st_name, *_ in x.statistics:
        on.append(SQL("STATISTICS {}").format(p.q(st_name)))
        late.append(SQL("STATISTICS {}").format(p.q(st_name)))
    for dic, cfg in x.text_search:
        for ref in (
            SQL("TEXT SEARCH DICTIONARY {}").format(p.q(dic)),
            SQL("TEXT SEARCH CONFIGURATION {}").format(p.q(cfg)),
        ):
            on.append(ref)
            owned.append(ref)
    if x.cast_type:
        ct = p.q(x.cast_type)
        on += [
            SQL("CAST ({} AS integer)").format(ct),
            SQL("CAST ({} AS text)").format(ct),
        ]
        op = SQL("OPERATOR {}.=== ({}, {})").format(Identifier(p.schema), ct, ct)
        on.append(op)
        owned.append(op)
    if x.srf:
        owned.append(SQL("FUNCTION {}(integer)").format(p.q(x.srf)))
    if x.fdw:
        on.append(SQL("FOREIGN DATA WRAPPER {}").format(Identifier(x.fdw)))
        for srv, _ in x.servers:
            on.append(SQL("SERVER {}").format(Identifier(srv)))
            owned.append(SQL("SERVER {}").format(Identifier(srv)))
        for ft, _ in x.foreign_tables:
            on.append(SQL("FOREIGN TABLE {}").format(p.q(ft)))
            owned.append(SQL("FOREIGN TABLE {}").format(p.q(ft)))
    pick = Random(x.comment_seed)
    out: list[Statement] = [
        SQL("COMMENT ON {} IS {}").format(target, Literal(pick.choice(COMMENTS)))
        for target in on
        if pick.random() < 0.5
    ]
    pick = Random(x.owner_seed)
    early: list[Statement] = []
    for target in owned + late:
        if pick.random() < 0.3:
            stmt = SQL("ALTER {} OWNER TO {}").format(
                target, Identifier(pick.choice(ROLES))
            )
            (early if target in owned else out).append(stmt)
    return out, early


def default_privileges(p: Plan, rnd: Random | None) -> list[Statement]:
    """Given last on both sides: they apply to the objects created after them.
    B grants each privilege apart, in another order."""
    out: list[Statement] = []
    for role, in_schema, on, privs, to in mix_list(p.x.default_privileges, rnd):
        head: Statement = SQL("ALTER DEFAULT PRIVILEGES")
        if role:
            head = SQL("{} FOR ROLE {}").format(head, Identifier(role))
        if in_schema:
            head = SQL("{} IN SCHEMA {}").format(head, Identifier(p.schema))
        if rnd is None:
            out.append(
                SQL("{} GRANT {} ON {} TO {}").format(
                    head, SQL(", ").join(map(SQL, privs)), SQL(on), grantee(to)
                )
            )
        else:
            out += [
                SQL("{} GRANT {} ON {} TO {}").format(
                    head, SQL(pr), SQL(on), grantee(to)
                )
                for pr in mix_list(privs, rnd)
            ]
    return out


def ddl(p: Plan, rnd: Random | None) -> list[Statement]:
    """The plan as statements: natural order (rnd None) or shuffled, piecewise."""

    def mix(items: list[Any]) -> list[Any]:
        items = list(items)
        if rnd is not None:
            rnd.shuffle(items)
        return items

    out: list[Statement] = []
    if rnd is not None:  # different OIDs, and leftovers of dropped objects
        out += [
            SQL("CREATE TABLE public.nfa_throwaway (x int, y text)"),
            SQL("CREATE TYPE public.nfa_throwaway_t AS ENUM ('a')"),
            SQL(
                "CREATE FUNCTION public.nfa_throwaway_f() RETURNS int LANGUAGE sql "
                "AS 'select 1'"
            ),
        ]
    out.append(SQL("CREATE SCHEMA {}").format(Identifier(p.schema)))
    for e, labels in mix(p.enums):
        if rnd is None:
            out.append(
                SQL("CREATE TYPE {} AS ENUM ({})").format(
                    p.q(e), SQL(", ").join(map(Literal, labels))
                )
            )
        else:  # the same labels, added one by one (and one "before")
            out.append(SQL("CREATE TYPE {} AS ENUM ()").format(p.q(e)))
            for lab in labels[1:]:
                out.append(
                    SQL("ALTER TYPE {} ADD VALUE {}").format(p.q(e), Literal(lab))
                )
            out.append(
                SQL("ALTER TYPE {} ADD VALUE {} BEFORE {}").format(
                    p.q(e), Literal(labels[0]), Literal(labels[1])
                )
                if len(labels) > 1
                else SQL("ALTER TYPE {} ADD VALUE {}").format(
                    p.q(e), Literal(labels[0])
                )
            )
    for dm, con, nn in mix(p.domains):
        out.append(
            SQL(
                "CREATE DOMAIN {} AS integer {} CONSTRAINT {} CHECK (VALUE > -5000)"
            ).format(p.q(dm), SQL("NOT NULL" if nn else ""), Identifier(con))
        )
    for c, attrs in mix(p.composites):
        out.append(
            SQL("CREATE TYPE {} AS ({})").format(
                p.q(c),
                SQL(", ").join(SQL("{} text").format(Identifier(a)) for a in attrs),
            )
        )
    for s, start, inc, cache, cycle, _ in mix(p.sequences):
        out.append(
            SQL("CREATE SEQUENCE {} START WITH {} INCREMENT BY {} CACHE {} {}").format(
                p.q(s), start, inc, cache, SQL("CYCLE" if cycle else "NO CYCLE")
            )
            if rnd is None
            else SQL(
                "CREATE SEQUENCE {} AS integer; "
                "ALTER SEQUENCE {} AS bigint START WITH {} INCREMENT BY {} CACHE {} {}"
            ).format(
                p.q(s), p.q(s), start, inc, cache, SQL("CYCLE" if cycle else "NO CYCLE")
            )
        )
    for f in mix(p.fns):
        for arg, typ in mix(f.overloads):
            out.append(fn_sql(p, f, arg, typ, cost=rnd is None))
    out += mix(extra_objects(p, rnd))
    if p.trigger_fn:
        out.append(
            SQL(
                "CREATE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql "
                "AS $$ begin return new; end $$"
            ).format(p.q(p.trigger_fn))
        )
    if p.event_fn:
        out.append(
            SQL(
                "CREATE FUNCTION {}() RETURNS event_trigger LANGUAGE plpgsql "
                "AS $$ begin end $$"
            ).format(p.q(p.event_fn))
        )

    later: list[Statement] = []
    constraints_1: list[Statement] = []
    constraints_2: list[Statement] = []
    for t in mix(p.tables):
        tq = p.q(t.name)
        coldefs = []
        for c in t.cols:
            parts = [Identifier(c.name), c.type]
            if c.generated is not None:
                parts.append(SQL("GENERATED ALWAYS AS {} STORED").format(c.generated))
            if rnd is None:
                if c.identity:
                    parts.append(SQL(f"GENERATED {c.identity} AS IDENTITY"))
                if c.default is not None:
                    parts.append(SQL("DEFAULT {}").format(c.default))
                if c.not_null:
                    parts.append(SQL("NOT NULL"))
            else:
                if c.identity:
                    later.append(
                        SQL("ALTER TABLE {} ALTER COLUMN {} SET NOT NULL").format(
                            tq, Identifier(c.name)
                        )
                    )
                    later.append(
                        SQL(
                            "ALTER TABLE {} ALTER COLUMN {} "
                            "ADD GENERATED {} AS IDENTITY"
                        ).format(tq, Identifier(c.name), SQL(c.identity))
                    )
                if c.default is not None:
                    later.append(
                        SQL("ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {}").format(
                            tq, Identifier(c.name), c.default
                        )
                    )
                if c.not_null:
                    later.append(
                        SQL("ALTER TABLE {} ALTER COLUMN {} SET NOT NULL").format(
                            tq, Identifier(c.name)
                        )
                    )
            attrs = p.x.column_attrs.get((t.name, c.name))
            if rnd is not None and attrs and attrs[1]:
                parts.append(SQL("COMPRESSION pglz"))
            coldefs.append(SQL(" ").join(parts))
        keys = [
            SQL("CONSTRAINT {} PRIMARY KEY ({})").format(
                Identifier(t.pk[0]), Identifier(t.pk[1])
            )
        ] + [
            SQL("CONSTRAINT {} UNIQUE ({})").format(Identifier(n), Identifier(c))
            for n, c in t.uniques
        ]
        checks = [
            SQL("CONSTRAINT {} CHECK {}").format(Identifier(n), e) for n, e in t.checks
        ]
        fks = [
            SQL(
                "CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({}) ON DELETE {} {}"
            ).format(
                Identifier(n),
                Identifier(col),
                p.q(ref),
                Identifier(refcol),
                SQL(on_delete),
                SQL("DEFERRABLE" if deferrable else "NOT DEFERRABLE"),
            )
            for n, col, ref, refcol, on_delete, deferrable in t.fks
        ]
        if rnd is None:
            params = p.x.storage.get(t.name)
            out.append(
                SQL("CREATE TABLE {} ({}) {}").format(
                    tq,
                    SQL(", ").join(coldefs + keys + checks),
                    SQL("WITH ({})").format(
                        SQL(", ").join(SQL(f"{k} = {v}") for k, v in params)
                    )
                    if params
                    else SQL(""),
                )
            )
            constraints_2 += [SQL("ALTER TABLE {} ADD {}").format(tq, k) for k in fks]
        else:
            # A dropped column leaves a hole in the attribute numbers.
            dropped = Identifier("nfa dropped")
            coldefs.insert(
                rnd.randrange(len(coldefs) + 1), SQL("{} int").format(dropped)
            )
            out.append(SQL("CREATE TABLE {} ({})").format(tq, SQL(", ").join(coldefs)))
            out.append(SQL("ALTER TABLE {} DROP COLUMN {}").format(tq, dropped))
            constraints_1 += [SQL("ALTER TABLE {} ADD {}").format(tq, k) for k in keys]
            # A unique constraint adopted from an index built first.
            for n, c in t.uniques:
                if rnd.random() < 0.5:
                    constraints_1.remove(
                        SQL("ALTER TABLE {} ADD {}").format(
                            tq,
                            SQL("CONSTRAINT {} UNIQUE ({})").format(
                                Identifier(n), Identifier(c)
                            ),
                        )
                    )
                    constraints_1.append(
                        SQL(
                            "CREATE UNIQUE INDEX {} ON {} ({}); "
                            "ALTER TABLE {} ADD CONSTRAINT {} UNIQUE USING INDEX {}"
                        ).format(
                            Identifier(n),
                            tq,
                            Identifier(c),
                            tq,
                            Identifier(n),
                            Identifier(n),
                        )
                    )
            # Checks and foreign keys added NOT VALID, then validated.
            names = [n for n, *_ in t.checks + t.fks]
            for k, name in zip(checks + fks, names, strict=True):
                constraints_2.append(
                    SQL(
                        "ALTER TABLE {} ADD {} NOT VALID; "
                        "ALTER TABLE {} VALIDATE CONSTRAINT {}"
                    ).format(tq, k, tq, Identifier(name))
                    if rnd.random() < 0.5
                    else SQL("ALTER TABLE {} ADD {}").format(tq, k)
                )
    out += later
    out += mix(constraints_1)
    out += mix(constraints_2)

    rest: list[Statement] = []
    for t in p.tables:
        tq = p.q(t.name)
        for n, col, partial, desc in t.indexes:
            stmt = SQL("CREATE INDEX {} ON {} ({} {})").format(
                Identifier(n), tq, Identifier(col), SQL("DESC" if desc else "")
            )
            if partial:
                stmt = SQL("{} WHERE {} IS NOT NULL").format(stmt, Identifier(partial))
            rest.append(stmt)
        for n, disabled in t.triggers:
            rest.append(
                SQL(
                    "CREATE TRIGGER {} BEFORE INSERT OR UPDATE ON {} "
                    "FOR EACH ROW EXECUTE FUNCTION {}()"
                ).format(Identifier(n), tq, p.q(p.trigger_fn or ""))
            )
            if disabled:  # one unit with its CREATE (B shuffles the units)
                rest[-1] = SQL("{}; ALTER TABLE {} DISABLE TRIGGER {}").format(
                    rest[-1], tq, Identifier(n)
                )
        for n, disabled in t.rules:
            rest.append(
                SQL("CREATE RULE {} AS ON DELETE TO {} DO ALSO NOTHING").format(
                    Identifier(n), tq
                )
            )
            if disabled:  # one unit with its CREATE (B shuffles the units)
                rest[-1] = SQL("{}; ALTER TABLE {} DISABLE RULE {}").format(
                    rest[-1], tq, Identifier(n)
                )
        for n, permissive, cmd, pol_roles, using, check in t.policies:
            stmt = SQL("CREATE POLICY {} ON {} AS {} FOR {} TO {}").format(
                Identifier(n),
                tq,
                SQL("PERMISSIVE" if permissive else "RESTRICTIVE"),
                SQL(cmd),
                SQL(", ").join(map(grantee, mix(pol_roles))),
            )
            if using is not None:
                stmt = SQL("{} USING ({})").format(stmt, SQL(str(using)))
            if check is not None:
                stmt = SQL("{} WITH CHECK ({})").format(stmt, SQL(str(check)))
            rest.append(stmt)
        if t.rls:
            rest.append(SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(tq))
        if t.forced:
            rest.append(SQL("ALTER TABLE {} FORCE ROW LEVEL SECURITY").format(tq))
        if t.comment is not None:
            rest.append(SQL("COMMENT ON TABLE {} IS {}").format(tq, Literal(t.comment)))
        for c in t.cols:
            if c.comment is not None:
                rest.append(
                    SQL("COMMENT ON COLUMN {} IS {}").format(
                        p.q(t.name, c.name), Literal(c.comment)
                    )
                )
        for priv, role in t.grants:
            rest.append(
                SQL("GRANT {} ON {} TO {} {}").format(
                    SQL(priv.rstrip("*")),
                    tq,
                    grantee(role),
                    SQL("WITH GRANT OPTION" if priv.endswith("*") else ""),
                )
            )
        for col, role in t.col_grants:
            rest.append(
                SQL("GRANT UPDATE ({}) ON {} TO {}").format(
                    Identifier(col), tq, Identifier(role)
                )
            )
    for n, event, tags, disabled in p.event_triggers:
        stmt = SQL("CREATE EVENT TRIGGER {} ON {}").format(Identifier(n), SQL(event))
        if tags:
            stmt = SQL("{} WHEN TAG IN ({})").format(
                stmt, SQL(", ").join(map(Literal, mix(tags)))
            )
        stmt = SQL("{} EXECUTE FUNCTION {}()").format(stmt, p.q(p.event_fn or ""))
        if disabled:  # one unit with its CREATE
            stmt = SQL("{}; ALTER EVENT TRIGGER {} DISABLE").format(stmt, Identifier(n))
        rest.append(stmt)
    for s, *_, owned in p.sequences:
        if owned:
            rest.append(
                SQL("ALTER SEQUENCE {} OWNED BY {}").format(p.q(s), p.q(*owned))
            )
    for f in p.fns:
        for _, typ in f.overloads:
            ref = fn_ref(p, f, typ)
            if f.comment is not None:
                rest.append(
                    SQL("COMMENT ON FUNCTION {} IS {}").format(ref, Literal(f.comment))
                )
            if f.revoke_public:
                rest.append(
                    SQL("REVOKE EXECUTE ON FUNCTION {} FROM PUBLIC").format(ref)
                )
            if f.grant_to:
                rest.append(
                    SQL("GRANT EXECUTE ON FUNCTION {} TO {}").format(
                        ref, Identifier(f.grant_to)
                    )
                )
    if p.schema_comment is not None:
        rest.append(
            SQL("COMMENT ON SCHEMA {} IS {}").format(
                Identifier(p.schema), Literal(p.schema_comment)
            )
        )
    if p.schema_grant:
        rest.append(
            SQL("GRANT USAGE ON SCHEMA {} TO {}").format(
                Identifier(p.schema), Identifier(p.schema_grant)
            )
        )
    # Views last in A; in B interleaved with the rest (they need only tables).
    views: list[Statement] = []
    for v, tbl, col, comment, reader in p.views:
        invoker, barrier, check_opt = p.x.view_options.get(v, (False, False, None))
        view_sql = SQL("CREATE VIEW {} AS SELECT {} FROM {}").format(
            p.q(v), Identifier(col), p.q(tbl)
        )
        if rnd is None:
            opts = [
                SQL(o)
                for o, on in (
                    ("security_invoker", invoker),
                    ("security_barrier", barrier),
                )
                if on
            ]
            if opts:
                view_sql = SQL("CREATE VIEW {} WITH ({}) AS SELECT {} FROM {}").format(
                    p.q(v), SQL(", ").join(opts), Identifier(col), p.q(tbl)
                )
            if check_opt:
                view_sql = SQL("{} WITH {} CHECK OPTION").format(
                    view_sql, SQL(check_opt.upper())
                )
        else:
            opts = [
                SQL(f"{o} = {val}")
                for o, val in (
                    ("check_option", check_opt),
                    ("security_barrier", "true" if barrier else None),
                    ("security_invoker", "on" if invoker else None),
                )
                if val
            ]
            if opts:  # one unit with its CREATE
                view_sql = SQL("{}; ALTER VIEW {} SET ({})").format(
                    view_sql, p.q(v), SQL(", ").join(opts)
                )
        views.append(view_sql)
        if comment is not None:
            views.append(
                SQL("COMMENT ON VIEW {} IS {}").format(p.q(v), Literal(comment))
            )
        if reader:
            views.append(
                SQL("GRANT SELECT ON {} TO {}").format(p.q(v), Identifier(reader))
            )
    rest += extra_rest(p, rnd)
    final, owners = comments_and_owners(p)
    if rnd is None:
        out += rest + views + final + owners + default_privileges(p, rnd)
    else:  # owners before grants and comments
        out += views + mix(rest + owners) + mix(final) + default_privileges(p, rnd)
        out += [
            SQL("DROP FUNCTION public.nfa_throwaway_f()"),
            SQL("DROP TYPE public.nfa_throwaway_t"),
            SQL("DROP TABLE public.nfa_throwaway"),
        ]
    return out


# ------------------------------------------------------------------ mutations


@dataclass(frozen=True)
class Mutation:
    label: str
    statements: tuple[Statement, ...]
    kind: str
    key: str
    attribute: str | None
    change: str = "different"


def fn_key(p: Plan, f: Fn, typ: str) -> str:
    """``schema.name``, or with its identity arguments when overloaded."""
    if len(f.overloads) == 1:
        return qualify(p.schema, f.name)
    arg = next(a for a, t in f.overloads if t == typ)
    return f"{qualify(p.schema, f.name)}({quote_ident(arg)} {typ})"


def mutations(p: Plan) -> list[Mutation]:
    out: list[Mutation] = []
    s = p.schema
    for t in p.tables:
        tq = p.q(t.name)
        out.append(
            Mutation(
                "toggle rls",
                (
                    SQL("ALTER TABLE {} {} ROW LEVEL SECURITY").format(
                        tq, SQL("DISABLE" if t.rls else "ENABLE")
                    ),
                ),
                "rls",
                qualify(s, t.name),
                "enabled",
            )
        )
        out.append(
            Mutation(
                "toggle force rls",
                (
                    SQL("ALTER TABLE {} {} ROW LEVEL SECURITY").format(
                        tq, SQL("NO FORCE" if t.forced else "FORCE")
                    ),
                ),
                "rls",
                qualify(s, t.name),
                "forced",
            )
        )
        out.append(
            Mutation(
                "table comment",
                (SQL("COMMENT ON TABLE {} IS 'nfa changed'").format(tq),),
                "table",
                qualify(s, t.name),
                "comment",
            )
        )
        for c in t.cols:
            if c.tag in ("integer", "text") and not c.identity and c.generated is None:
                new = Literal(424242 if c.tag == "integer" else "nfa-changed")
                if isinstance(c.type, Identifier):  # a domain
                    continue
                out.append(
                    Mutation(
                        "column default",
                        (
                            SQL("ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {}").format(
                                tq, Identifier(c.name), new
                            ),
                        ),
                        "column",
                        qualify(s, t.name, c.name),
                        "default",
                    )
                )
            if c.not_null and not c.identity and c.name != t.pk[1]:
                out.append(
                    Mutation(
                        "drop not null",
                        (
                            SQL("ALTER TABLE {} ALTER COLUMN {} DROP NOT NULL").format(
                                tq, Identifier(c.name)
                            ),
                        ),
                        "column",
                        qualify(s, t.name, c.name),
                        "not_null",
                    )
                )
        for n, *_ in t.checks + t.fks:
            out.append(
                Mutation(
                    "drop constraint",
                    (
                        SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(
                            tq, Identifier(n)
                        ),
                    ),
                    "constraint",
                    qualify(s, t.name, n),
                    None,
                    "missing_in_b",
                )
            )
        for n, *_ in t.indexes:
            out.append(
                Mutation(
                    "drop index",
                    (SQL("DROP INDEX {}").format(p.q(n)),),
                    "index",
                    qualify(s, t.name, n),
                    None,
                    "missing_in_b",
                )
            )
        for n, disabled in t.triggers:
            out.append(
                Mutation(
                    "toggle trigger",
                    (
                        SQL("ALTER TABLE {} {} TRIGGER {}").format(
                            tq, SQL("ENABLE" if disabled else "DISABLE"), Identifier(n)
                        ),
                    ),
                    "trigger",
                    qualify(s, t.name, n),
                    "enabled",
                )
            )
        for n, disabled in t.rules:
            out.append(
                Mutation(
                    "toggle rule",
                    (
                        SQL("ALTER TABLE {} {} RULE {}").format(
                            tq, SQL("ENABLE" if disabled else "DISABLE"), Identifier(n)
                        ),
                    ),
                    "rule",
                    qualify(s, t.name, n),
                    "enabled",
                )
            )
        for n, _, cmd, _, using, _ in t.policies:
            if cmd != "INSERT":
                out.append(
                    Mutation(
                        "policy using",
                        (
                            SQL("ALTER POLICY {} ON {} USING ({})").format(
                                Identifier(n), tq, SQL(str(not using))
                            ),
                        ),
                        "policy",
                        qualify(s, t.name, n),
                        "using",
                    )
                )
        for role in sorted({r for _, r in t.grants}):
            # Revoking a table privilege also revokes that column privilege.
            col_roles = {r for _, r in t.col_grants}
            privs = [
                pr.rstrip("*")
                for pr, r in t.grants
                if r == role and not (pr.rstrip("*") == "UPDATE" and role in col_roles)
            ]
            if not privs:
                continue
            out.append(
                Mutation(
                    "revoke grant",
                    (
                        SQL("REVOKE {} ON {} FROM {}").format(
                            SQL(", ").join(map(SQL, privs)), tq, grantee(role)
                        ),
                    ),
                    "privilege",
                    qualify(s, t.name),
                    f"grants[{role}]",
                )
            )
    for f in p.fns:
        for _, typ in f.overloads:
            vol = "STABLE" if f.volatility != "STABLE" else "IMMUTABLE"
            out.append(
                Mutation(
                    "function volatility",
                    (SQL("ALTER FUNCTION {} {}").format(fn_ref(p, f, typ), SQL(vol)),),
                    "function",
                    fn_key(p, f, typ),
                    "volatility",
                )
            )
    for n, _, _, disabled in p.event_triggers:
        out.append(
            Mutation(
                "toggle event trigger",
                (
                    SQL("ALTER EVENT TRIGGER {} {}").format(
                        Identifier(n), SQL("ENABLE" if disabled else "DISABLE")
                    ),
                ),
                "event_trigger",
                quote_ident(n),
                "enabled",
            )
        )
    for e, _ in p.enums:
        out.append(
            Mutation(
                "add enum label",
                (SQL("ALTER TYPE {} ADD VALUE 'nfa new ✓'").format(p.q(e)),),
                "type",
                qualify(s, e),
                "labels",
            )
        )
    for v, tbl, col, *_ in p.views:
        # CREATE OR REPLACE VIEW resets the options it does not give: given again.
        invoker, barrier, check_opt = p.x.view_options.get(v, (False, False, None))
        opts = SQL("security_invoker = {}, security_barrier = {}").format(
            SQL(str(invoker).lower()), SQL(str(barrier).lower())
        )
        check = SQL(f" WITH {check_opt.upper()} CHECK OPTION" if check_opt else "")
        out.append(
            Mutation(
                "view definition",
                (
                    SQL(
                        "CREATE OR REPLACE VIEW {} WITH ({}) AS SELECT {} FROM {}"
                        " WHERE false{}"
                    ).format(p.q(v), opts, Identifier(col), p.q(tbl), check),
                ),
                "view",
                qualify(s, v),
                "definition",
            )
        )
    for sq, _, inc, *_ in p.sequences:
        out.append(
            Mutation(
                "sequence increment",
                (SQL("ALTER SEQUENCE {} INCREMENT BY {}").format(p.q(sq), inc + 1),),
                "sequence",
                qualify(s, sq),
                "increment",
            )
        )
    return out + extra_mutations(p)


def extra_mutations(p: Plan) -> list[Mutation]:
    """One change to an object or attribute of issue 12's."""
    x, s, out = p.x, p.schema, []
    for v, *_ in p.views:
        invoker = x.view_options.get(v, (False, False, None))[0]
        out.append(
            Mutation(
                "view security_invoker",
                (
                    SQL("ALTER VIEW {} SET (security_invoker = {})").format(
                        p.q(v), SQL(str(not invoker).lower())
                    ),
                ),
                "view",
                qualify(s, v),
                "security_invoker",
            )
        )
    for t in p.tables:
        out.append(
            Mutation(
                "replica identity",
                (
                    SQL("ALTER TABLE {} REPLICA IDENTITY {}").format(
                        p.q(t.name),
                        SQL("FULL" if x.replica.get(t.name) != "full" else "DEFAULT"),
                    ),
                ),
                "table",
                qualify(s, t.name),
                "replica_identity",
            )
        )
    for name, _ in x.db_settings:
        # The database's settings are one object: resetting the only one
        # leaves none, so the object is missing on that side (its one finding
        # shows the setting's value on the other).
        last = len(x.db_settings) == 1
        out.append(
            Mutation(
                "database setting reset",
                (in_database("ALTER DATABASE %I RESET {}", Identifier(name)),),
                "setting",
                "database",
                None if last else f"settings[{name}]",
                "missing_in_b" if last else "different",
            )
        )
    for pub in x.publications:
        publish = "truncate" if pub.publish != ["truncate"] else "insert"
        out.append(
            Mutation(
                "publication operations",
                (
                    SQL("ALTER PUBLICATION {} SET (publish = {})").format(
                        Identifier(pub.name), Literal(publish)
                    ),
                ),
                "publication",
                quote_ident(pub.name),
                "operations",
            )
        )
    for st_name, _, _, _, target in x.statistics:
        out.append(
            Mutation(
                "statistics target",
                (
                    SQL("ALTER STATISTICS {} SET STATISTICS {}").format(
                        p.q(st_name), Literal(1 if target != 1 else 2)
                    ),
                ),
                "statistics",
                qualify(s, st_name),
                "statistics_target",
            )
        )
    return out


# ---------------------------------------------------------------------- tests

OPTIONS = ReadOptions(
    kinds=KINDS, exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS, migrations_table=None
)


def read(pg_server: PgServer, db: str, options: ReadOptions = OPTIONS) -> Any:
    return read_catalog(Environment(name=db, label=db, dsn=pg_server.dsn(db)), options)


def real(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.kind != "row_count"]


def show(findings: list[Finding]) -> str:
    return "\n".join(
        f"{f.kind} {f.object} {f.change} {f.attribute}: {f.a!r} | {f.b!r}"
        for f in findings
    )


def ensure_roles(pg_server: PgServer) -> None:
    with pg_server.connect() as conn:
        for role in ROLES:
            with contextlib.suppress(
                psycopg.errors.DuplicateObject, psycopg.errors.UniqueViolation
            ):
                conn.execute(SQL("CREATE ROLE {} NOLOGIN").format(Identifier(role)))


def load(pg_server: PgServer, statements: list[Statement]) -> str:
    db = pg_server.create_database(prefix="nfa")
    try:
        with pg_server.connect(db) as conn:
            for stmt in statements:
                try:
                    conn.execute(stmt)
                except psycopg.Error as exc:
                    raise AssertionError(
                        f"{stmt.as_string(conn)}\nfailed: {exc}"
                    ) from exc
    except BaseException:
        pg_server.drop_database(db)
        raise
    return db


@pytest.mark.db
@settings(
    max_examples=int(os.environ.get("NFA_MAX_EXAMPLES", "15")),
    deadline=None,
    # Each example builds two databases: shrinking would take minutes.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_equal_schemas_never_differ_and_one_change_is_one_finding(
    pg_server: PgServer, data: st.DataObject
) -> None:
    ensure_roles(pg_server)
    plan = draw_plan(data)
    rnd = data.draw(st.randoms(use_true_random=False))
    made: list[str] = []
    try:
        a = load(pg_server, ddl(plan, None))
        made.append(a)
        b = load(pg_server, ddl(plan, rnd))
        made.append(b)
        cat_a, cat_b = read(pg_server, a), read(pg_server, b)
        found = real(compare(cat_a, cat_b, kinds=KINDS).findings())
        assert not found, "false alarm on equal schemas:\n" + show(found)

        mutation = data.draw(st.sampled_from(mutations(plan)))
        with pg_server.connect(b) as conn:
            for stmt in mutation.statements:
                conn.execute(stmt)
        cat_b = read(pg_server, b)
        found = real(compare(cat_a, cat_b, kinds=KINDS).findings())
        expected = (mutation.kind, mutation.key, mutation.attribute, mutation.change)
        got = [(f.kind, f.object, f.attribute, f.change) for f in found]
        assert got == [expected], f"{mutation.label}:\n{show(found)}"

        mirror = real(compare(cat_b, cat_a, kinds=KINDS).findings())
        change = MIRROR.get(mutation.change, mutation.change)
        assert [(f.kind, f.object, f.attribute, f.change) for f in mirror] == [
            (mutation.kind, mutation.key, mutation.attribute, change)
        ], show(mirror)
        assert (mirror[0].a, mirror[0].b) == (found[0].b, found[0].a)
        assert mirror[0].severity == found[0].severity
    finally:
        for db in made:
            pg_server.drop_database(db)


def _build_module() -> Any:
    spec = importlib.util.spec_from_file_location("nfa_build", EXAMPLES / "build.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.db
@pytest.mark.skipif(
    not (shutil.which("pg_dump") and shutil.which("pg_restore")),
    reason="pg_dump/pg_restore not on PATH",
)
def test_pg_dump_restore_copy_is_equal(pg_server: PgServer, tmp_path: Path) -> None:
    build = _build_module()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    prefix = f"dbparity_nfa_{worker}_{uuid.uuid4().hex[:8]}"
    copy = None
    try:
        dsns = build.build(pg_server.admin_dsn, prefix=prefix)
        dump = tmp_path / "prod.dump"
        subprocess.run(
            ["pg_dump", "-Fc", "-d", dsns["prod"], "-f", str(dump)],
            check=True,
            capture_output=True,
            timeout=60,
        )
        copy = pg_server.create_database(prefix="nfa_restore")
        restored = subprocess.run(
            ["pg_restore", "-d", pg_server.dsn(copy), str(dump)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert restored.returncode == 0, restored.stderr
        for dsn in (dsns["prod"], pg_server.dsn(copy)):
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute("ANALYZE")
        options = ReadOptions(
            kinds=KINDS,
            exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS,
            migrations_table="supabase_migrations.schema_migrations",
        )
        orig = read_catalog(Environment(name="p", label="p", dsn=dsns["prod"]), options)
        dup = read(pg_server, copy, options)
        assert orig.of("migration"), "the example has migration rows"
        found = real(compare(orig, dup, kinds=KINDS).findings())
        assert not found, "false alarm after pg_dump/pg_restore:\n" + show(found)
    finally:
        if copy:
            pg_server.drop_database(copy)
        for side in build.SIDES:
            pg_server.drop_database(f"{prefix}_{side}")

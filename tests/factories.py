"""Builders of hand-made catalogs, catalog objects and findings for the unit tests.

One builder per thing, shared by every test module. Each takes the fields a test
usually varies as (leading) positional arguments and every other field as a keyword
argument; the defaults describe what a catalog read from a real server would hold
for a plain object (``create table public.t ()``, ``create function public.f()
returns integer language sql as $$ select 1 $$``, owned by ``postgres``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pytest_dbparity.catalog import Catalog, Dependency, EnvInfo
from pytest_dbparity.core.identifiers import quote_ident
from pytest_dbparity.core.objects import CatalogObject, Pairs
from pytest_dbparity.diff import Change
from pytest_dbparity.findings import Finding
from pytest_dbparity.kinds.column import Column
from pytest_dbparity.kinds.constraint import Constraint
from pytest_dbparity.kinds.extension import Extension
from pytest_dbparity.kinds.function import Function
from pytest_dbparity.kinds.migration import Migration
from pytest_dbparity.kinds.names import KINDS, Kind
from pytest_dbparity.kinds.policy import Policy
from pytest_dbparity.kinds.privilege import Privilege
from pytest_dbparity.kinds.publication import Publication
from pytest_dbparity.kinds.rls import Rls
from pytest_dbparity.kinds.row_count import RowCount
from pytest_dbparity.kinds.schema import Schema
from pytest_dbparity.kinds.sequence import Sequence
from pytest_dbparity.kinds.table import Table
from pytest_dbparity.kinds.view import View
from pytest_dbparity.severity import Severity

# ------------------------------------------------------------------ catalogs


def env(
    name: str = "a",
    *,
    label: str | None = None,
    host: str | None = "{name}.db.internal",
    port: str | None = "5432",
    dbname: str | None = "{name}_db",
    user: str | None = "report_reader_role",
    server_version: str = "16.4",
    server_version_num: int = 0,
    server_instance: str = "",
) -> EnvInfo:
    """An environment with a location that no output may show.

    ``label`` defaults to the name in title case; ``{name}`` in ``host`` and
    ``dbname`` stands for the environment's name.
    """
    return EnvInfo(
        name=name,
        label=name.title() if label is None else label,
        host=None if host is None else host.format(name=name),
        port=port,
        dbname=None if dbname is None else dbname.format(name=name),
        user=user,
        server_version=server_version,
        server_version_num=server_version_num,
        server_instance=server_instance,
    )


def catalog(
    environment: str | EnvInfo = "a",
    objects: Iterable[CatalogObject] = (),
    *,
    kinds: tuple[Kind, ...] = KINDS,
    unreadable: Mapping[str, str] | None = None,
    unchecked: Mapping[str, int] | None = None,
    notes: tuple[str, ...] = (),
    dependencies: Iterable[Dependency] = (),
) -> Catalog:
    """A catalog of *objects*, keyed as the reader keys them (the last object of a
    key wins); *environment* is an :class:`EnvInfo` or the name for :func:`env`."""
    by_kind: dict[Kind, dict[str, CatalogObject]] = {}
    for obj in objects:
        by_kind.setdefault(obj.kind, {})[obj.key] = obj
    return Catalog(
        env=env(environment) if isinstance(environment, str) else environment,
        objects=by_kind,
        kinds=kinds,
        unreadable=dict(unreadable or {}),
        unchecked=dict(unchecked or {}),
        notes=notes,
        dependencies=tuple(dependencies),
    )


# ------------------------------------------------------------------ objects


def schema(name: str = "public", *, owner: str = "postgres") -> Schema:
    return Schema(name=name, owner=owner)


def table(
    name: str = "t",
    schema: str = "public",
    *,
    table_type: str = "ordinary",
    persistence: str = "permanent",
    partition_of: str | None = None,
    partition_bound: str | None = None,
    partition_key: str | None = None,
    owner: str | None = "postgres",
    comment: str | None = None,
) -> Table:
    return Table(
        schema=schema,
        name=name,
        table_type=table_type,
        persistence=persistence,
        partition_of=partition_of,
        partition_bound=partition_bound,
        partition_key=partition_key,
        owner=owner,
        comment=comment,
    )


def column(
    table: str = "t",
    name: str = "id",
    type_: str = "integer",
    schema: str = "public",
    *,
    not_null: bool = False,
    default: str | None = None,
    identity_kind: str | None = None,
    generated: str | None = None,
    collation: str | None = None,
    comment: str | None = None,
    position: int | None = None,
) -> Column:
    return Column(
        schema=schema,
        table=table,
        name=name,
        type=type_,
        not_null=not_null,
        default=default,
        identity_kind=identity_kind,
        generated=generated,
        collation=collation,
        comment=comment,
        position=position,
    )


def function(
    name: str = "f",
    args: str = "",
    body: str | None = " select 1 ",
    *,
    schema: str = "public",
    identity_arguments: str | None = None,
    arguments: str | None = None,
    function_type: str = "function",
    result: str | None = "integer",
    language: str = "sql",
    volatility: str = "volatile",
    strict: bool = False,
    security_definer: bool = False,
    leakproof: bool = False,
    parallel: str = "unsafe",
    config: Pairs = (),
    owner: str | None = "postgres",
    comment: str | None = None,
    definition: str | None = None,
) -> Function:
    """A function; *args* gives both its arguments and its identity arguments
    unless those are given apart. Its ``definition`` (the ``CREATE OR REPLACE``
    text the reconciling SQL runs) is made from the other fields unless given."""
    arguments = args if arguments is None else arguments
    if definition is None:
        kind = "PROCEDURE" if function_type == "procedure" else "FUNCTION"
        returns = "" if result is None else f"\n RETURNS {result}"
        definition = (
            f"CREATE OR REPLACE {kind} {quote_ident(schema)}.{quote_ident(name)}"
            f"({arguments}){returns}\n LANGUAGE {language}\n"
            f"AS $function${body or ''}$function$\n"
        )
    return Function(
        schema=schema,
        name=name,
        identity_arguments=args if identity_arguments is None else identity_arguments,
        function_type=function_type,
        arguments=arguments,
        result=result,
        language=language,
        volatility=volatility,
        strict=strict,
        security_definer=security_definer,
        leakproof=leakproof,
        parallel=parallel,
        config=config,
        body=body,
        owner=owner,
        comment=comment,
        definition=definition,
    )


def policy(
    name: str = "p",
    *,
    schema: str = "public",
    table: str = "t",
    command: str = "SELECT",
    permissive: str = "PERMISSIVE",
    roles: tuple[str, ...] = ("public",),
    using: str | None = "true",
    with_check: str | None = None,
) -> Policy:
    return Policy(
        schema=schema,
        table=table,
        name=name,
        command=command,
        permissive=permissive,
        roles=roles,
        using=using,
        with_check=with_check,
    )


def privilege(
    object_type: str = "table",
    schema: str | None = "public",
    name: str = "t",
    grants: Mapping[str, str] | None = None,
    *,
    column: str | None = None,
    arguments: str | None = None,
) -> Privilege:
    """The privileges on one object, *grants* mapping grantee to privileges
    (kept sorted by grantee, as the reader gives them)."""
    return Privilege(
        object_type=object_type,
        schema=schema,
        name=name,
        column=column,
        arguments=arguments,
        grants=tuple(sorted((grants or {}).items())),
    )


def publication(
    name: str = "pub",
    tables: Mapping[str, str] | None = None,
    *,
    all_tables: bool = False,
    operations: str = "insert, update, delete, truncate",
    publish_via_partition_root: bool = False,
    schemas: Iterable[str] = (),
    owner: str = "postgres",
    comment: str | None = None,
) -> Publication:
    """A publication, *tables* mapping each member (``schema.table``, quoted) to
    what it publishes of it (kept sorted, as the reader gives them)."""
    return Publication(
        name=name,
        all_tables=all_tables,
        operations=operations,
        publish_via_partition_root=publish_via_partition_root,
        tables=tuple(sorted((tables or {}).items())),
        schemas=tuple(sorted((s, "all tables") for s in schemas)),
        owner=owner,
        comment=comment,
    )


def rls(
    table: str = "t",
    enabled: bool = True,
    forced: bool = False,
    *,
    schema: str = "public",
) -> Rls:
    return Rls(schema=schema, table=table, enabled=enabled, forced=forced)


def fk(
    name: str = "fk",
    *,
    schema: str = "public",
    table: str = "child",
    columns: tuple[str, ...] = ("parent_id",),
    ref_table: str = "public.parent",
    ref_columns: tuple[str, ...] = ("id",),
    on_update: str | None = "NO ACTION",
    on_delete: str | None = "CASCADE",
    deferrable: bool = False,
    initially_deferred: bool = False,
    validated: bool = True,
    definition: str | None = None,
) -> Constraint:
    """A foreign key; its ``definition`` is made from the other fields (actions
    other than ``NO ACTION`` included) unless given."""
    if definition is None:
        definition = (
            f"FOREIGN KEY ({', '.join(columns)}) "
            f"REFERENCES {ref_table}({', '.join(ref_columns)})"
        )
        for event, action in (("UPDATE", on_update), ("DELETE", on_delete)):
            if action not in (None, "NO ACTION"):
                definition += f" ON {event} {action}"
    return Constraint(
        schema=schema,
        table=table,
        name=name,
        constraint_type="foreign key",
        columns=columns,
        ref_table=ref_table,
        ref_columns=ref_columns,
        on_update=on_update,
        on_delete=on_delete,
        deferrable=deferrable,
        initially_deferred=initially_deferred,
        validated=validated,
        definition=definition,
    )


def pkey(table: str = "t", *, schema: str = "public") -> Constraint:
    """The primary key ``<table>_pkey`` on ``id``."""
    return Constraint(
        schema=schema,
        table=table,
        name=f"{table}_pkey",
        constraint_type="primary key",
        columns=("id",),
        definition="PRIMARY KEY (id)",
    )


def view(
    name: str = "v",
    definition: str = " SELECT 1 AS x;",
    *,
    schema: str = "public",
    materialized: bool = False,
    owner: str | None = "postgres",
    comment: str | None = None,
    options: tuple[str, ...] = (),
) -> View:
    return View(
        schema=schema,
        name=name,
        materialized=materialized,
        definition=definition,
        owner=owner,
        comment=comment,
        options=options,
    )


def seq(
    name: str = "s",
    *,
    schema: str = "public",
    data_type: str = "bigint",
    start: int = 1,
    increment: int = 1,
    min_value: int = 1,
    max_value: int = 9223372036854775807,
    cache: int = 1,
    cycle: bool = False,
    owned_by: str | None = None,
) -> Sequence:
    return Sequence(
        schema=schema,
        name=name,
        data_type=data_type,
        start=start,
        increment=increment,
        min_value=min_value,
        max_value=max_value,
        cache=cache,
        cycle=cycle,
        owned_by=owned_by,
    )


def mig(version: str = "1", name: str | None = None, digest: str = "h") -> Migration:
    """An applied migration, named ``m<version>`` unless *name* is given."""
    return Migration(
        version=version,
        name=f"m{version}" if name is None else name,
        statements_hash=digest,
    )


# ------------------------------------------------------------------ findings


def finding(
    attribute: str | None = None,
    a: Any = None,
    b: Any = None,
    severity: Severity = Severity.MEDIUM,
    *,
    change: Change = "different",
    kind: str = "table",
    key: str = "public.t",
    accepted: bool = False,
    reason: str | None = None,
) -> Finding:
    """One finding; *attribute* None is the whole object (missing on one side)."""
    return Finding(
        kind=kind,
        object=key,
        change=change,
        attribute=attribute,
        a=a,
        b=b,
        severity=severity,
        accepted=accepted,
        reason=reason,
    )


def make_pair() -> tuple[Catalog, Catalog]:
    """Staging (A) and prod (B): one difference of several kinds, each of its
    own severity, and objects in parity beside them."""
    a = catalog(
        "staging",
        [
            table("t"),
            table("only_a"),
            column("t", "id"),
            column("t", "amount", "integer"),
            rls("t", enabled=True),
            function("f"),
            function("g", security_definer=True),
            Extension(name="pgcrypto", version="1.3", schema="extensions"),
            RowCount(schema="public", table="t", rows=10),
            privilege(
                "table", "public", "t", {"anon": "SELECT", "postgres": "INSERT, SELECT"}
            ),
        ],
    )
    b = catalog(
        env("prod", server_version="17.0"),
        [
            table("t"),
            column("t", "id"),
            column("t", "amount", "numeric"),
            rls("t", enabled=False),
            function("f", body="SELECT   1 -- same"),
            function("g", security_definer=False),
            Extension(name="pgcrypto", version="1.4", schema="extensions"),
            RowCount(schema="public", table="t", rows=99),
            # object_type is informational: not a finding of its own
            privilege("foreign table", "public", "t", {"postgres": "INSERT, SELECT"}),
        ],
    )
    return a, b

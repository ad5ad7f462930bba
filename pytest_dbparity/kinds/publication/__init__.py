"""Publications (logical replication): all tables or not, member tables with
their column lists and row filters, schemas, published operations, partition
root, owner, comment."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.core.objects import MAPPING, CatalogObject, Pairs
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.kinds.publication.report import action
from pytest_dbparity.severity import CRIT, HIGH, LOW, Rule, rule

#: Supabase's publication for Realtime: what it publishes streams to clients.
REALTIME = "supabase_realtime"

#: The value of a member table that publishes every column, without a filter.
ALL_COLUMNS = "all columns"
#: The value of a member schema (``FOR TABLES IN SCHEMA``).
ALL_TABLES_OF_SCHEMA = "all tables"
#: ``operations`` when the publication publishes none.
NO_OPERATIONS = "none"


@dataclass(frozen=True, slots=True, kw_only=True)
class Publication(CatalogObject):
    """One publication.

    ``tables`` maps each member table (``schema.table``, quoted) to what it
    publishes of it: ``all columns`` or ``columns (a, b)`` (names sorted), then
    `` WHERE (<row filter>)`` if it has one. ``schemas`` maps each schema of
    ``FOR TABLES IN SCHEMA`` to ``all tables``. ``operations`` lists the
    published operations in PostgreSQL's order (``insert, update, delete,
    truncate``), ``none`` when there are none.
    """

    kind: ClassVar[Kind] = "publication"
    identity: ClassVar[tuple[str, ...]] = ("name",)
    name: str
    all_tables: bool
    operations: str
    publish_via_partition_root: bool
    tables: Pairs = field(default=(), metadata=MAPPING)
    schemas: Pairs = field(default=(), metadata=MAPPING)
    owner: str
    comment: str | None = None


def _name(names: list[str]) -> str | None:
    return qualify(names[0]) if len(names) == 1 else None


def _describe(obj: Publication) -> str:
    if obj.all_tables:
        what = "all tables"
    else:
        parts = [f"{len(obj.tables)} table{'' if len(obj.tables) == 1 else 's'}"]
        if obj.schemas:
            n = len(obj.schemas)
            parts.append(f"{n} schema{'' if n == 1 else 's'}")
        what = ", ".join(parts)
    return f"publication of {what} ({obj.operations})"


def _realtime(attribute: str, what: str) -> Rule:
    return Rule(
        object=REALTIME,
        attribute=attribute,
        severity=CRIT,
        reason=f"{what} the realtime publication: its rows stream to clients",
    )


SPEC: KindSpec = KindSpec(
    model=Publication,
    package=__name__,
    singular="publication",
    plural="publications",
    rank=18,
    query="publications",
    scope="database",
    rules=(
        _realtime("tables[*]", "a table joined or left"),
        _realtime("schemas[*]", "a schema's tables joined or left"),
        _realtime("all_tables", "every table joined or left"),
        rule("owner", LOW, "owner differs"),
        rule("comment", LOW, "comment differs"),
        rule(None, HIGH, "publication differs: other rows or changes are replicated"),
    ),
    addresses={"publication": _name},
    describe=_describe,
    action=action,
    fix_order=168,
    fix_drop_title="drop publications",
)

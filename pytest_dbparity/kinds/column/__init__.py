"""Columns of tables: type, nullability, default, identity (and its sequence's
options), generation, collation, comment, storage, compression, statistics target,
a foreign table's column options.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.core.objects import MAPPING, CatalogObject, Pairs
from pytest_dbparity.core.secrets import hiding_refine
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.column.report import action
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.severity import HIGH, INFO, LOW, MED, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class Column(CatalogObject):
    kind: ClassVar[Kind] = "column"
    identity: ClassVar[tuple[str, ...]] = ("schema", "table", "name")
    # The type's own storage, for reconciling SQL (``storage`` None means it).
    informational: ClassVar[tuple[str, ...]] = (
        "type_storage",
        "from_parent",
        "position",
    )
    follows_parent: ClassVar[bool] = True
    schema: str
    table: str
    name: str
    type: str
    not_null: bool
    default: str | None = None
    identity_kind: str | None = None  # always, by default
    generated: str | None = None
    collation: str | None = None
    comment: str | None = None
    #: The identity sequence's options other than an identity's defaults, as
    #: ``CREATE SEQUENCE`` writes them: ``START WITH 100 INCREMENT BY 10 CACHE
    #: 20 CYCLE`` (None: all defaults, or not an identity column).
    identity_options: str | None = None
    #: ``attislocal``: the table defines the column itself; False: it only
    #: inherits it (``INHERITS``), and dropping it from the parent drops it here.
    local: bool = True
    #: ``SET STORAGE``: plain, external, main, extended (None: the type's own).
    storage: str | None = None
    #: ``SET COMPRESSION``: pglz, lz4 (None: the server's default_toast_compression).
    compression: str | None = None
    #: ``SET STATISTICS`` target (None: default_statistics_target).
    statistics: int | None = None
    #: A foreign table's column options (``OPTIONS (column_name 'x')``), each
    #: compared on its own; secret-looking values hidden.
    options: Pairs = field(default=(), metadata=MAPPING)
    type_storage: str = "extended"
    #: A partition's copy of its parent's column (see
    #: ``CatalogObject.follows_parent``).
    from_parent: bool = False
    #: 1 for the table's first column, 2 for the next...: its place among the
    #: table's columns (dropped ones not counted). Not compared (column order
    #: is no difference); the fix script proposes a RENAME from it (None: not
    #: read, as in catalogs saved before it was).
    position: int | None = None

    @property
    def parent(self) -> tuple[str, str] | None:
        return ("table", qualify(self.schema, self.table))


def _column_key(names: list[str]) -> str | None:
    return qualify(*names[:3]) if len(names) >= 3 else None


def _describe(obj: Column) -> str:
    text = obj.type + (" not null" if obj.not_null else ", nullable")
    if obj.default is not None:
        text += f", default {obj.default}"
    if obj.identity_kind:
        text += f", identity {obj.identity_kind}"
        if obj.identity_options:
            text += f" ({obj.identity_options})"
    if obj.generated:
        text += f", generated {obj.generated}"
    return text


SPEC: KindSpec = KindSpec(
    model=Column,
    package=__name__,
    singular="column",
    plural="columns",
    rank=10,
    query="columns",
    refine=hiding_refine(),
    expressions=("default", "generated"),
    rules=(
        rule("-", HIGH, "column missing on one side"),
        rule("type", HIGH, "column type differs"),
        rule("comment", LOW, "comment differs"),
        rule("storage", LOW, "column storage differs"),
        rule("compression", LOW, "column compression differs"),
        rule("statistics", INFO, "statistics target differs"),
        rule(None, MED, "column attribute differs"),
    ),
    report_section="tables",
    table_part=0,
    addresses=dict.fromkeys(
        ("table column", "view column", "default value"), _column_key
    ),
    privilege_types=("column",),
    describe=_describe,
    action=action,
    fix_order=70,
    fix_drop_title="drop columns",
)

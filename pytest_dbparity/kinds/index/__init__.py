"""Indexes: method, columns, uniqueness, predicate and validity."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.severity import HIGH, LOW, MED, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class Index(CatalogObject):
    kind: ClassVar[Kind] = "index"
    identity: ClassVar[tuple[str, ...]] = ("schema", "table", "name")
    informational: ClassVar[tuple[str, ...]] = (
        "from_parent",
        "full_definition",
    )
    follows_parent: ClassVar[bool] = True
    schema: str
    table: str
    name: str
    definition: str  # "USING btree (a, b)" with name, table and predicate left out
    unique: bool
    predicate: str | None = None
    full_definition: str = ""
    #: ``indisvalid``: false for an index a failed ``CREATE INDEX CONCURRENTLY``
    #: left behind (or a partitioned table's ``ON ONLY`` index not yet attached
    #: on every partition): no query uses it, every write still maintains it.
    valid: bool = True
    comment: str | None = None
    #: A partition's copy of its parent's index (attached to its index) (see
    #: ``CatalogObject.follows_parent``).
    from_parent: bool = False

    @property
    def parent(self) -> tuple[str, str] | None:
        return ("table", qualify(self.schema, self.table))


def _describe(obj: Index) -> str:
    text = ("unique " if obj.unique else "") + obj.definition
    if obj.predicate:
        text += f" where {obj.predicate}"
    if not obj.valid:
        text += " (INVALID)"
    return text


SPEC: KindSpec = KindSpec(
    model=Index,
    package=__name__,
    singular="index",
    plural="indexes",
    rank=14,
    query="indexes",
    expressions=("definition", "predicate"),
    rules=(
        rule(
            "valid",
            HIGH,
            "an INVALID index serves no query and still slows every write",
        ),
        rule("comment", LOW, "comment differs"),
        rule(None, MED, "index differs"),
    ),
    table_part=2,
    impact=False,
    describe=_describe,
    fix_order=120,
    fix_drop_title="drop indexes",
)

"""Types: enums (labels), domains, composite and range types."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.severity import LOW, MED, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class Type(CatalogObject):
    kind: ClassVar[Kind] = "type"
    identity: ClassVar[tuple[str, ...]] = ("schema", "name")
    schema: str
    name: str
    type_type: str  # enum, domain, composite, range
    labels: tuple[str, ...] = ()
    base_type: str | None = None
    default: str | None = None
    not_null: bool = False
    constraints: tuple[str, ...] = ()
    attributes: tuple[str, ...] = ()
    comment: str | None = None
    owner: str | None = None


def _formatted(names: list[str]) -> str | None:
    """The server formats a type's name already (``public.mood``)."""
    return names[0] if names else None


SPEC: KindSpec = KindSpec(
    model=Type,
    package=__name__,
    singular="type",
    plural="types",
    rank=12,
    query="types",
    expressions=("default",),
    rules=(
        rule("comment", LOW, "comment differs"),
        rule("owner", LOW, "owner differs"),
        rule(None, MED, "type differs"),
    ),
    addresses={"type": _formatted, "domain": _formatted},
    fix_order=40,
    fix_drop_title="drop types",
)

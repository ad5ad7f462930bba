"""Sequences: type, start, increment, bounds, cache, cycle, owner column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.severity import LOW, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class Sequence(CatalogObject):
    kind: ClassVar[Kind] = "sequence"
    identity: ClassVar[tuple[str, ...]] = ("schema", "name")
    schema: str
    name: str
    data_type: str
    start: int
    increment: int
    min_value: int
    max_value: int
    cache: int
    cycle: bool
    owned_by: str | None = None
    #: A sequence OWNED BY a column has its table's owner.
    owner: str | None = None
    comment: str | None = None


def _qualified(names: list[str]) -> str:
    return qualify(*names)


SPEC: KindSpec = KindSpec(
    model=Sequence,
    package=__name__,
    singular="sequence",
    plural="sequences",
    rank=23,
    query="sequences",
    rules=(rule(None, LOW, "sequence differs"),),
    addresses={"sequence": _qualified},
    privilege_types=("sequence",),
    fix_order=50,
    fix_drop_title="drop sequences",
)

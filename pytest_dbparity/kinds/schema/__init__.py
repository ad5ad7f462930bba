"""Schemas: owner and comment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.severity import HIGH, LOW, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class Schema(CatalogObject):
    kind: ClassVar[Kind] = "schema"
    identity: ClassVar[tuple[str, ...]] = ("name",)
    name: str
    owner: str
    comment: str | None = None


SPEC: KindSpec = KindSpec(
    model=Schema,
    package=__name__,
    singular="schema",
    plural="schemas",
    rank=8,
    query="schemas",
    rules=(
        rule("-", HIGH, "schema missing on one side"),
        rule(None, LOW, "schema attribute differs"),
    ),
    addresses={"schema": lambda names: qualify(names[0]) if names else None},
    privilege_types=("schema",),
    namespace=True,
    fix_order=10,
    fix_drop_title="drop schemas",
)

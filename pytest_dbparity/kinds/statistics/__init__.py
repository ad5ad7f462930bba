"""Extended statistics objects (CREATE STATISTICS): table, definition,
statistics target, owner, comment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.severity import LOW, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtendedStatistics(CatalogObject):
    kind: ClassVar[Kind] = "statistics"
    identity: ClassVar[tuple[str, ...]] = ("schema", "name")
    schema: str
    name: str
    #: The table (or materialized view) it is on, as a key: it may sit in
    #: another schema than the statistics object.
    table: str
    #: ``(ndistinct, dependencies, mcv) ON a, b, (expr)``: the kinds, then the
    #: columns by name and the expressions (kinds left out for one expression).
    definition: str
    statistics_target: int | None = None  # None: the default target
    owner: str | None = None
    comment: str | None = None

    @property
    def parent(self) -> tuple[str, str] | None:
        return ("table", self.table)


def _qualified(names: list[str]) -> str | None:
    return qualify(*names) if len(names) == 2 else None


def _describe(obj: ExtendedStatistics) -> str:
    return f"{obj.definition} FROM {obj.table}"


SPEC: KindSpec = KindSpec(
    model=ExtendedStatistics,
    package=__name__,
    singular="statistics object",
    plural="statistics objects",
    rank=25,
    query="statistics",
    expressions=("definition",),
    rules=(
        rule(None, LOW, "extended statistics differ: only planner estimates change"),
    ),
    addresses={"statistics object": _qualified},
    describe=_describe,
    impact=False,
    fix_order=125,
    fix_drop_title="drop statistics objects",
)

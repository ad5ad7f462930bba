"""Row counts of tables (planner estimates, or exact where configured; data)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.kinds.row_count.exact import exact_counts
from pytest_dbparity.kinds.row_count.report import SECTION
from pytest_dbparity.severity import INFO, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class RowCount(CatalogObject):
    kind: ClassVar[Kind] = "row_count"
    identity: ClassVar[tuple[str, ...]] = ("schema", "table")
    informational: ClassVar[tuple[str, ...]] = ("exact",)
    #: A table never analysed has no estimate: unknown is no difference.
    unknown_when_null: ClassVar[tuple[str, ...]] = ("rows",)
    schema: str
    table: str
    rows: int | None  # None: never analysed, no estimate
    exact: bool = False

    @property
    def parent(self) -> tuple[str, str] | None:
        return ("table", qualify(self.schema, self.table))


SPEC: KindSpec = KindSpec(
    model=RowCount,
    package=__name__,
    singular="row count",
    plural="row counts",
    rank=33,
    query="row_counts",
    rules=(rule(None, INFO, "data volume differs"),),
    report_section="row_counts",
    impact=False,
    drift=False,
    refine=exact_counts,
    data=True,
    data_note="row counts are data, not schema: no statement reconciles them",
    section=SECTION,
)

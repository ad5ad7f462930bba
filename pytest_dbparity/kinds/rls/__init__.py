"""Row level security of each table: enabled and forced."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.kinds.rls.report import SECTION, action, policies_on
from pytest_dbparity.severity import CRIT, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class Rls(CatalogObject):
    kind: ClassVar[Kind] = "rls"
    identity: ClassVar[tuple[str, ...]] = ("schema", "table")
    schema: str
    table: str
    enabled: bool
    forced: bool

    @property
    def parent(self) -> tuple[str, str] | None:
        return ("table", qualify(self.schema, self.table))


SPEC: KindSpec = KindSpec(
    model=Rls,
    package=__name__,
    singular="RLS setting",
    plural="RLS settings",
    rank=0,
    query="rls",
    rules=(rule("*", CRIT, "row level security differs: data exposed on one side"),),
    report_section="rls",
    table_part=5,
    action=action,
    impact_users=policies_on,
    impact_label="policies on the table",
    section=SECTION,
    fix_order=140,
    fix_title="row level security",
)

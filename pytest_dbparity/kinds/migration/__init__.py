"""Migration history: the versions recorded in the migration-history table (data)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.migration.read import read_migrations
from pytest_dbparity.kinds.migration.report import (
    SECTION,
    action_for_all,
    overview_rows,
)
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.severity import LOW, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class Migration(CatalogObject):
    kind: ClassVar[Kind] = "migration"
    identity: ClassVar[tuple[str, ...]] = ("version",)
    version: str
    name: str | None = None
    statements_hash: str | None = None

    @property
    def key(self) -> str:
        return self.version


SPEC: KindSpec = KindSpec(
    model=Migration,
    package=__name__,
    singular="migration",
    plural="migrations",
    rank=32,
    rules=(rule(None, LOW, "migration history differs"),),
    report_section="migrations",
    impact=False,
    scope="database",
    read=read_migrations,
    drift=True,
    data=True,
    data_note=(
        "migration history is data, not schema: no statement reconciles it"
        " (run the migrations themselves, or record them with your migration tool)"
    ),
    action_for_all=action_for_all,
    section=SECTION,
    overview=3,
    overview_rows=overview_rows,
)

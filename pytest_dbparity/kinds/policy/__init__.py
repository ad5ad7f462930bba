"""Row level security policies: command, mode, roles, USING and WITH CHECK."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.severity import CRIT, LOW, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class Policy(CatalogObject):
    kind: ClassVar[Kind] = "policy"
    identity: ClassVar[tuple[str, ...]] = ("schema", "table", "name")
    schema: str
    table: str
    name: str
    command: str  # ALL, SELECT, INSERT, UPDATE, DELETE
    permissive: str  # PERMISSIVE, RESTRICTIVE
    roles: tuple[str, ...]
    using: str | None = None
    with_check: str | None = None
    comment: str | None = None

    @property
    def parent(self) -> tuple[str, str] | None:
        return ("table", qualify(self.schema, self.table))


def _three(names: list[str]) -> str | None:
    return qualify(*names) if len(names) == 3 else None


def _describe(obj: Policy) -> str:
    text = f"{obj.permissive.lower()} {obj.command} to {', '.join(obj.roles)}"
    if obj.using is not None:
        text += f" using ({obj.using})"
    if obj.with_check is not None:
        text += f" with check ({obj.with_check})"
    return text


SPEC: KindSpec = KindSpec(
    model=Policy,
    package=__name__,
    singular="policy",
    plural="policies",
    rank=4,
    query="policies",
    expressions=("using", "with_check"),
    rules=(
        rule("comment", LOW, "comment differs"),
        rule(None, CRIT, "policy differs: access rules differ"),
    ),
    report_section="rls",
    table_part=4,
    addresses={"policy": _three},
    describe=_describe,
    overview=2,
    fix_order=150,
    fix_drop_title="drop policies",
)

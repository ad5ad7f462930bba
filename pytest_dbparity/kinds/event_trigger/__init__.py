"""Event triggers (database-wide): event, function, tags, enabled state, owner,
comment."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.severity import HIGH, LOW, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class EventTrigger(CatalogObject):
    kind: ClassVar[Kind] = "event_trigger"
    identity: ClassVar[tuple[str, ...]] = ("name",)
    name: str
    event: str  # ddl_command_start, ddl_command_end, sql_drop, table_rewrite, login
    #: The function's key (schema.name), whatever the read scope: an event
    #: trigger is database-wide. One whose function the platform profile lists
    #: as the platform's is the platform's (left out, see ``platform.apply``).
    function: str = field(metadata={"platform_ref": "function"})
    tags: tuple[str, ...]  # WHEN TAG IN (...), sorted; () fires on every tag
    enabled: str  # origin, disabled, replica, always
    owner: str | None = None
    comment: str | None = None


def _one(names: list[str]) -> str | None:
    return qualify(names[0]) if len(names) == 1 else None


def _describe(obj: EventTrigger) -> str:
    text = f"on {obj.event}"
    if obj.tags:
        text += f" when tag in ({', '.join(obj.tags)})"
    return f"{text} execute {obj.function}()"


SPEC: KindSpec = KindSpec(
    model=EventTrigger,
    package=__name__,
    singular="event trigger",
    plural="event triggers",
    rank=17,
    query="event_triggers",
    scope="database",
    rules=(
        rule("owner", LOW, "owner differs"),
        rule("comment", LOW, "comment differs"),
        rule(None, HIGH, "event trigger differs: DDL runs other code on one side"),
    ),
    addresses={"event trigger": _one},
    describe=_describe,
    fix_order=165,
    fix_drop_title="drop event triggers",
)

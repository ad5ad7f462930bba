"""Triggers: definition and whether they fire."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.severity import HIGH, LOW, MED, Rule, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class Trigger(CatalogObject):
    kind: ClassVar[Kind] = "trigger"
    identity: ClassVar[tuple[str, ...]] = ("schema", "table", "name")
    informational: ClassVar[tuple[str, ...]] = ("from_parent",)
    follows_parent: ClassVar[bool] = True
    schema: str
    table: str
    name: str
    definition: str
    enabled: str  # origin, disabled, replica, always
    comment: str | None = None
    #: A partition's copy of its parent's trigger (a clone) (see
    #: ``CatalogObject.follows_parent``).
    from_parent: bool = False

    @property
    def parent(self) -> tuple[str, str] | None:
        return ("table", qualify(self.schema, self.table))


def _three(names: list[str]) -> str | None:
    return qualify(*names) if len(names) == 3 else None


def _describe(obj: Trigger) -> str:
    return obj.definition


SPEC: KindSpec = KindSpec(
    model=Trigger,
    package=__name__,
    singular="trigger",
    plural="triggers",
    rank=15,
    query="triggers",
    expressions=("definition",),
    rules=(
        rule("comment", LOW, "comment differs"),
        # A user's trigger on a table of the platform's auth schema (Supabase's
        # on_auth_user_created): sign-ups behave otherwise where it differs.
        Rule(
            object="auth.*",
            severity=HIGH,
            reason="trigger on an auth table differs: sign-ups and logins run "
            "other code",
        ),
        rule(None, MED, "trigger differs"),
    ),
    table_part=3,
    addresses={"trigger": _three},
    describe=_describe,
    fix_order=130,
    fix_drop_title="drop triggers",
)

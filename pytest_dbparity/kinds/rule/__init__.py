"""Rewrite rules (``CREATE RULE``) of tables and views: definition, enabled state,
comment. A view's ``_RETURN`` rule is the view itself (the view kind)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.severity import HIGH, LOW, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class RewriteRule(CatalogObject):
    kind: ClassVar[Kind] = "rule"
    identity: ClassVar[tuple[str, ...]] = ("schema", "table", "name")
    schema: str
    table: str  # the table or view the rule is on
    name: str
    definition: str  # pg_get_ruledef: CREATE RULE ... AS ON ... TO ... DO ...
    enabled: str  # origin, disabled, replica, always
    comment: str | None = None

    @property
    def parent(self) -> tuple[str, str] | None:
        # A "table" parent is found as a view too (the table kind's also_found_as).
        return ("table", qualify(self.schema, self.table))


def rule_key(names: list[str]) -> str | None:
    """A rule's address names its key, except a view's ``_RETURN`` (the view)."""
    if len(names) == 3 and names[2] != "_RETURN":
        return qualify(*names)
    return None


def _describe(obj: RewriteRule) -> str:
    return obj.definition


SPEC: KindSpec = KindSpec(
    model=RewriteRule,
    package=__name__,
    singular="rule",
    plural="rules",
    rank=16,
    query="rules",
    expressions=("definition",),
    rules=(
        rule("comment", LOW, "comment differs"),
        rule(None, HIGH, "rule differs: statements are rewritten on one side"),
    ),
    deparsed=("definition",),
    table_part=7,
    addresses={"rule": rule_key},
    describe=_describe,
    fix_order=135,
    fix_drop_title="drop rules",
)

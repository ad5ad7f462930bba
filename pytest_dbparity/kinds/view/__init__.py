"""Views and materialized views: definition, options (security_invoker,
security_barrier, check_option), owner, comment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.severity import CRIT, LOW, MED, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class View(CatalogObject):
    kind: ClassVar[Kind] = "view"
    identity: ClassVar[tuple[str, ...]] = ("schema", "name")
    # Its reloptions (security_invoker=true, check_option=local), for reconciling
    # SQL: CREATE OR REPLACE VIEW resets options it does not repeat.
    informational: ClassVar[tuple[str, ...]] = ("options",)
    schema: str
    name: str
    materialized: bool
    definition: str
    owner: str | None = None
    comment: str | None = None
    options: tuple[str, ...] = ()
    #: The view's options, each compared on its own (a materialized view has
    #: none of them): queries run with the caller's privileges and row level
    #: security, not the owner's.
    security_invoker: bool = False
    #: Conditions of the query run before functions of the caller's.
    security_barrier: bool = False
    #: ``WITH [LOCAL|CASCADED] CHECK OPTION``: local, cascaded (None: none).
    check_option: str | None = None


def _qualified(names: list[str]) -> str:
    return qualify(*names)


def _view_rule(names: list[str]) -> str | None:
    """A view's ``_RETURN`` rule stands for the view."""
    if len(names) == 3 and names[2] == "_RETURN":
        return qualify(*names[:2])
    return None


def _describe(obj: View) -> str:
    return "materialized view" if obj.materialized else "view"


SPEC: KindSpec = KindSpec(
    model=View,
    package=__name__,
    singular="view",
    plural="views",
    rank=13,
    query="views",
    expressions=("definition",),
    rules=(
        rule(
            "security_invoker",
            CRIT,
            "security_invoker differs: the view reads with its owner's privileges "
            "and row level security on one side",
        ),
        rule("owner", LOW, "owner differs"),
        rule("comment", LOW, "comment differs"),
        rule(None, MED, "view differs"),
    ),
    deparsed=("definition",),
    addresses={"view": _qualified, "materialized view": _qualified, "rule": _view_rule},
    privilege_types=("view", "materialized view"),
    describe=_describe,
    dependency_parts=("column",),
    fix_order=100,
    fix_drop_title="drop views",
)

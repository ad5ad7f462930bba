"""Operators users created: function, result, commutator, negator, selectivity
estimators, HASHES, MERGES, owner, comment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pytest_dbparity.core.identifiers import quote_ident
from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.report.impact import strip_arguments
from pytest_dbparity.severity import HIGH, LOW, MED, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class Operator(CatalogObject):
    """An operator, keyed ``schema.name(left type,right type)`` as the server's
    ``regoperator`` prints it (``public.===(integer,public."My Type")``; ``NONE``
    for the left type of a prefix operator)."""

    kind: ClassVar[Kind] = "operator"
    identity: ClassVar[tuple[str, ...]] = ("schema", "name", "left_type", "right_type")
    schema: str
    name: str
    left_type: str | None  # None: a prefix operator
    right_type: str
    function: str
    result: str
    commutator: str | None = None
    negator: str | None = None
    restrict: str | None = None
    join: str | None = None
    hashes: bool = False
    merges: bool = False
    owner: str | None = None
    comment: str | None = None

    @property
    def arguments(self) -> str:
        """``integer,public."My Type"`` (``NONE,...`` for a prefix operator)."""
        return f"{self.left_type or 'NONE'},{self.right_type}"

    @property
    def key(self) -> str:
        return f"{quote_ident(self.schema)}.{self.name}({self.arguments})"


def _named(names: list[str]) -> str | None:
    """The dependency records name an operator without its argument types (see
    ``dependency_key``)."""
    return f"{quote_ident(names[0])}.{names[1]}" if len(names) == 2 else None


def _describe(obj: Operator) -> str:
    return f"{obj.function}({obj.arguments}) -> {obj.result}"


SPEC: KindSpec = KindSpec(
    model=Operator,
    package=__name__,
    singular="operator",
    plural="operators",
    rank=29,
    query="operators",
    rules=(
        rule("-", HIGH, "operator missing on one side: queries using it fail"),
        rule("owner", LOW, "owner differs"),
        rule("comment", LOW, "comment differs"),
        rule(None, MED, "operator differs"),
    ),
    addresses={"operator": _named},
    describe=_describe,
    dependency_key=strip_arguments,
    fix_order=97,
    fix_drop_title="drop operators",
)

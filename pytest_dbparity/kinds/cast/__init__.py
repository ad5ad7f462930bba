"""Casts users created: function (or WITHOUT FUNCTION, INOUT), context, comment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.severity import HIGH, LOW, MED, rule

#: ``function`` of a cast that calls no function.
METHODS = frozenset({"WITHOUT FUNCTION", "INOUT"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Cast(CatalogObject):
    """A cast, keyed ``<source type> AS <target type>`` (types as ``format_type``
    prints them: ``public."My Type" AS integer``)."""

    kind: ClassVar[Kind] = "cast"
    identity: ClassVar[tuple[str, ...]] = ("source", "target")
    source: str
    target: str
    #: ``schema.name(argument types)``, ``WITHOUT FUNCTION`` or ``INOUT``.
    function: str
    context: str  # implicit, assignment, explicit
    comment: str | None = None

    @property
    def key(self) -> str:
        return f"{self.source} AS {self.target}"


def _describe(obj: Cast) -> str:
    how = obj.function
    if how not in METHODS:
        how = f"WITH FUNCTION {how}"
    return f"{obj.context}, {how}"


SPEC: KindSpec = KindSpec(
    model=Cast,
    package=__name__,
    singular="cast",
    plural="casts",
    rank=28,
    query="casts",
    scope="database",
    rules=(
        rule("-", HIGH, "cast missing on one side: queries resolve otherwise or fail"),
        rule("comment", LOW, "comment differs"),
        rule(None, MED, "cast differs: values convert otherwise"),
    ),
    describe=_describe,
    fix_order=96,
    fix_drop_title="drop casts",
)

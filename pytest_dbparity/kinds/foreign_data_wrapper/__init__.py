"""Foreign data wrappers users created (``CREATE FOREIGN DATA WRAPPER``): handler,
validator, options (each on its own; secret-looking ones hidden), owner, comment.

A wrapper an extension created (``postgres_fdw``'s) is the extension's: it is
left out, as every extension member is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from pytest_dbparity.core.identifiers import quote_ident
from pytest_dbparity.core.objects import MAPPING, CatalogObject, Pairs
from pytest_dbparity.core.secrets import hiding_refine
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.severity import LOW, MED, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class ForeignDataWrapper(CatalogObject):
    """One wrapper; ``handler`` and ``validator`` are ``schema.function`` (None:
    ``NO HANDLER`` / ``NO VALIDATOR``)."""

    kind: ClassVar[Kind] = "foreign_data_wrapper"
    identity: ClassVar[tuple[str, ...]] = ("name",)
    name: str
    handler: str | None = None
    validator: str | None = None
    #: Option name -> its value (``options[<name>]``).
    options: Pairs = field(default=(), metadata=MAPPING)
    owner: str | None = None
    comment: str | None = None


def _name(names: list[str]) -> str | None:
    return quote_ident(names[0]) if len(names) == 1 else None


def _describe(obj: ForeignDataWrapper) -> str:
    return f"handler {obj.handler}" if obj.handler else "no handler"


SPEC: KindSpec = KindSpec(
    model=ForeignDataWrapper,
    package=__name__,
    singular="foreign data wrapper",
    plural="foreign data wrappers",
    rank=22,
    query="foreign_data_wrappers",
    scope="database",
    refine=hiding_refine(),
    rules=(
        rule("owner", LOW, "owner differs"),
        rule("comment", LOW, "comment differs"),
        rule(
            None, MED, "foreign data wrapper differs: foreign data is reached otherwise"
        ),
    ),
    addresses={"foreign-data wrapper": _name},
    describe=_describe,
    fix_order=22,
    fix_drop_title="drop foreign data wrappers",
)

"""Foreign servers (``CREATE SERVER``): wrapper, type, version, options (each on
its own; secret-looking ones hidden), owner, comment."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from pytest_dbparity.core.identifiers import quote_ident
from pytest_dbparity.core.objects import MAPPING, CatalogObject, Pairs
from pytest_dbparity.core.secrets import hiding_refine
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.severity import HIGH, LOW, MED, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class ForeignServer(CatalogObject):
    """One server; ``wrapper`` is its foreign data wrapper's name, quoted."""

    kind: ClassVar[Kind] = "foreign_server"
    identity: ClassVar[tuple[str, ...]] = ("name",)
    name: str
    wrapper: str
    type: str | None = None
    version: str | None = None
    #: Option name -> its value (``options[host]``, ``options[dbname]``).
    options: Pairs = field(default=(), metadata=MAPPING)
    owner: str | None = None
    comment: str | None = None


def _name(names: list[str]) -> str | None:
    return quote_ident(names[0]) if len(names) == 1 else None


def _describe(obj: ForeignServer) -> str:
    return f"server of {obj.wrapper}"


SPEC: KindSpec = KindSpec(
    model=ForeignServer,
    package=__name__,
    singular="foreign server",
    plural="foreign servers",
    rank=21,
    query="foreign_servers",
    scope="database",
    refine=hiding_refine(),
    rules=(
        rule("-", HIGH, "foreign server missing on one side: its foreign tables fail"),
        rule("options[*]", HIGH, "server option differs: connections go elsewhere"),
        rule("wrapper", HIGH, "server's wrapper differs: another kind of source"),
        rule("owner", LOW, "owner differs"),
        rule("comment", LOW, "comment differs"),
        rule(None, MED, "foreign server differs"),
    ),
    addresses={"server": _name},
    describe=_describe,
    fix_order=24,
    fix_drop_title="drop foreign servers",
)

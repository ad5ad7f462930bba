"""Text search configurations: parser, the dictionaries of each token type
(each on its own), owner, comment."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.core.objects import MAPPING, CatalogObject, Pairs
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.severity import HIGH, LOW, MED, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class TsConfig(CatalogObject):
    kind: ClassVar[Kind] = "ts_config"
    identity: ClassVar[tuple[str, ...]] = ("schema", "name")
    schema: str
    name: str
    #: ``default``, or ``schema.name`` for a parser outside ``pg_catalog``.
    parser: str
    #: Token type -> its dictionaries, in the order they are tried
    #: (``mapping[asciiword]``: ``public.english_stem, simple``).
    mapping: Pairs = field(default=(), metadata=MAPPING)
    owner: str | None = None
    comment: str | None = None


def _two(names: list[str]) -> str | None:
    return qualify(*names) if len(names) == 2 else None


def _describe(obj: TsConfig) -> str:
    return f"parser {obj.parser}, {len(obj.mapping)} token types mapped"


SPEC: KindSpec = KindSpec(
    model=TsConfig,
    package=__name__,
    singular="text search configuration",
    plural="text search configurations",
    rank=27,
    query="ts_configs",
    rules=(
        rule("-", HIGH, "text search configuration missing: queries naming it fail"),
        rule("owner", LOW, "owner differs"),
        rule("comment", LOW, "comment differs"),
        rule(None, MED, "text search configuration differs: text is indexed otherwise"),
    ),
    addresses={"text search configuration": _two},
    describe=_describe,
    fix_order=37,
    fix_title="text search configurations",
    fix_drop_title="drop text search configurations",
)

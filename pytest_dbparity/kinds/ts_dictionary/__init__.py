"""Text search dictionaries: template, options (each on its own), owner, comment."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.core.objects import MAPPING, CatalogObject, Pairs
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.severity import LOW, MED, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class TsDictionary(CatalogObject):
    kind: ClassVar[Kind] = "ts_dictionary"
    identity: ClassVar[tuple[str, ...]] = ("schema", "name")
    schema: str
    name: str
    #: ``simple``, or ``schema.name`` for a template outside ``pg_catalog``.
    template: str
    #: Option name -> its value (``options[stopwords]``).
    options: Pairs = field(default=(), metadata=MAPPING)
    owner: str | None = None
    comment: str | None = None


def _two(names: list[str]) -> str | None:
    return qualify(*names) if len(names) == 2 else None


def _describe(obj: TsDictionary) -> str:
    return f"template {obj.template}"


SPEC: KindSpec = KindSpec(
    model=TsDictionary,
    package=__name__,
    singular="text search dictionary",
    plural="text search dictionaries",
    rank=26,
    query="ts_dictionaries",
    rules=(
        rule("owner", LOW, "owner differs"),
        rule("comment", LOW, "comment differs"),
        rule(
            None, MED, "text search dictionary differs: words are normalised otherwise"
        ),
    ),
    addresses={"text search dictionary": _two},
    describe=_describe,
    fix_order=36,
    fix_drop_title="drop text search dictionaries",
)

"""Collations users create: provider, locale, ICU rules, deterministic, owner,
comment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.severity import HIGH, LOW, MED, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class Collation(CatalogObject):
    kind: ClassVar[Kind] = "collation"
    identity: ClassVar[tuple[str, ...]] = ("schema", "name")
    # A libc collation's two settings, for the reconciling SQL (``locale`` shows
    # them as one value).
    informational: ClassVar[tuple[str, ...]] = ("lc_collate", "lc_ctype")
    schema: str
    name: str
    provider: str  # libc, icu, builtin (PostgreSQL 17+)
    #: icu and builtin: the locale; libc: LC_COLLATE, or ``LC_COLLATE=x,
    #: LC_CTYPE=y`` when the two differ.
    locale: str | None = None
    icu_rules: str | None = None  # PostgreSQL 16+
    deterministic: bool = True
    owner: str | None = None
    comment: str | None = None
    lc_collate: str | None = None
    lc_ctype: str | None = None


def _qualified(names: list[str]) -> str | None:
    return qualify(*names) if len(names) == 2 else None


def _describe(obj: Collation) -> str:
    text = f"{obj.provider} collation {obj.locale or ''}".rstrip()
    return text if obj.deterministic else text + " (nondeterministic)"


SPEC: KindSpec = KindSpec(
    model=Collation,
    package=__name__,
    singular="collation",
    plural="collations",
    rank=24,
    query="collations",
    rules=(
        rule(
            "deterministic",
            HIGH,
            "deterministic differs: equality, uniqueness and grouping of text differ",
        ),
        rule("owner", LOW, "owner differs"),
        rule("comment", LOW, "comment differs"),
        rule(None, MED, "collation differs: text sorts or compares differently"),
    ),
    addresses={"collation": _qualified},
    describe=_describe,
    fix_order=35,
    fix_drop_title="drop collations",
)

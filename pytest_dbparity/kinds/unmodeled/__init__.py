"""Objects of the kinds the plugin does not model: each one by name, so one that
exists on a side only is a finding (nothing differs silently).

Operator classes and families, text search parsers and templates, conversions,
access methods, procedural languages, transforms, foreign data wrappers, foreign
servers, user mappings, subscriptions, tablespaces and security labels are listed
one by one; large objects have only OIDs, so they are counted. Their definitions
are not compared: only that they exist (and a security label's label).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.severity import MED, rule

#: ``what`` of the one object that counts the large objects (no name).
LARGE_OBJECTS = "large objects"


@dataclass(frozen=True, slots=True, kw_only=True)
class Unmodeled(CatalogObject):
    """One object of a kind the plugin does not model, keyed ``<what> <name>``:
    ``operator class public.my_ops USING btree``, ``subscription s1``, ``security
    label FOR selinux ON table public.t``; ``large objects`` counts them all."""

    kind: ClassVar[Kind] = "unmodeled"
    identity: ClassVar[tuple[str, ...]] = ("what", "name")
    #: What the object is (``operator class``, ``text search parser``...).
    what: str
    #: Its identity as ``pg_identify_object`` prints it (names quoted, schema
    #: qualified); empty for ``large objects``.
    name: str
    #: How many large objects there are (None for every other object).
    count: int | None = None
    #: The label of a security label (None for every other object).
    label: str | None = None

    @property
    def key(self) -> str:
        return f"{self.what} {self.name}" if self.name else self.what


def _describe(obj: Unmodeled) -> str:
    if obj.count is not None:
        return f"{obj.count} large object(s)"
    if obj.label is not None:
        return f"label {obj.label!r}"
    return "present (definition not compared)"


SPEC: KindSpec = KindSpec(
    model=Unmodeled,
    package=__name__,
    singular="object of a kind not modelled",
    plural="objects of kinds not modelled",
    rank=30,
    query="unmodeled",
    scope="database",
    rules=(
        rule(
            "-",
            MED,
            "object of a kind the plugin does not compare present on one side only",
        ),
        rule("count", MED, "number of large objects differs"),
        rule("label", MED, "security label differs"),
    ),
    describe=_describe,
    drift=True,
    fix_order=195,
)

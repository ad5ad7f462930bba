"""Cells and list items the sections share: what differs, the value on each side,
the issue (severity and status), what uses an object.

The kinds' sections import this module while the registry is being built, so it
reaches the registry only when called.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.findings import Finding, ObjectResult
from pytest_dbparity.report.impact import Dependent
from pytest_dbparity.report.model import Code, Rich, join, rich
from pytest_dbparity.report.text import short, status_badges

if TYPE_CHECKING:
    from pytest_dbparity.report.context import Context

MAX_DEPENDENTS = 12


def what(f: Finding) -> str:
    if f.change == "missing_in_a":
        return "missing in A"
    if f.change == "missing_in_b":
        return "missing in B"
    return f"{f.attribute} differs"


def what_rich(f: Finding) -> Rich:
    if f.change == "different" and f.attribute:
        return (Code(f.attribute), " differs")
    return (what(f),)


def issue(ctx: Context, findings: Iterable[Finding]) -> Rich:
    """``type differs HIGH; default differs MEDIUM``."""
    parts = [rich(what_rich(f), " ", status_badges(f, ctx.inp)) for f in findings]
    return join(parts, "; ")


def attr(f: Finding) -> Rich:
    return (Code(f.attribute),) if f.attribute else ("",)


def value_cells(f: Finding) -> tuple[Rich, Rich]:
    """The A and B cells of a differing attribute."""
    return (value(f.a), value(f.b))


def value(v: object) -> Rich:
    if v is None:
        return ("(none)",)
    return (Code(short(v)),)


def object_cells(r: ObjectResult) -> tuple[Rich, Rich]:
    """The A and B cells of an object present on one side only."""
    from pytest_dbparity.kinds.registry import describe

    def cell(obj: CatalogObject | None) -> Rich:
        if obj is None:
            return ("missing",)
        return rich("present: ", Code(short(describe(obj), 120)))

    return (cell(r.diff.pair.a), cell(r.diff.pair.b))


def present(r: ObjectResult) -> CatalogObject | None:
    """The object of a result, from A where it is there."""
    return r.diff.pair.a if r.diff.pair.a is not None else r.diff.pair.b


def count_parts(counts: Mapping[str, int]) -> str:
    """``6 columns, 1 constraint`` in a fixed order (each kind's ``table_part``)."""
    from pytest_dbparity.kinds.registry import SPECS, kind_name

    def order(kind: str) -> tuple[int, str]:
        part = SPECS[kind].table_part if kind in SPECS else None
        return (len(SPECS) if part is None else part, kind)

    return ", ".join(
        f"{counts[k]} {kind_name(k, counts[k])}" for k in sorted(counts, key=order)
    )


def dependents_text(deps: Sequence[Dependent], limit: int = MAX_DEPENDENTS) -> Rich:
    """``view public.v, column public.t.c (via type public.ty)`` and so on."""
    from pytest_dbparity.kinds.registry import kind_name

    if not deps:
        return ("nothing",)
    items: list[Rich] = []
    for d in deps[:limit]:
        item = rich(f"{kind_name(d.node[0])} ", Code(d.node[1]))
        if d.via:
            via = join([rich(f"{kind_name(k)} ", Code(v)) for k, v in d.via], " and ")
            item = rich(item, " (via ", via, ")")
        items.append(item)
    out = join(items)
    if len(deps) > limit:
        out = rich(out, f" and {len(deps) - limit} more")
    return out

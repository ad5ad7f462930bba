"""A section of the report about certain kinds, and what such sections share.

A kind that leads a section (``KindSpec.section``) builds it in its own
``report.py``; the section's kinds are those whose ``report_section`` names it.
The report (``build``) numbers the sections and puts them in order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pytest_dbparity.report.model import Block, Paragraph, Rich, Section

if TYPE_CHECKING:
    from pytest_dbparity.report.context import Context

NO_DIFFERENCES = Paragraph(("No differences.",))


def _no_key_findings(ctx: Context) -> list[Rich]:
    return []


@dataclass(frozen=True, slots=True, kw_only=True)
class KindSection:
    """How a kind's section is built and where it goes."""

    #: Place among the kinds' sections: those of schema kinds come before the
    #: other differences, those of data kinds (``KindSpec.data``) after.
    order: int
    #: ``(report context, the section's kinds) -> section``; the report numbers
    #: its title.
    build: Callable[[Context, tuple[str, ...]], Section]
    #: ``report context -> lines`` of the executive summary's key findings, which
    #: follow the order of the sections.
    key_findings: Callable[[Context], list[Rich]] = _no_key_findings


def not_compared(ctx: Context, kinds: Sequence[str]) -> list[Block]:
    """A note naming the kinds of a section that were not compared, and why."""
    reasons = []
    for kind in kinds:
        if kind in ctx.inp.comparison.kinds:
            continue
        why = []
        for letter, cat in (("A", ctx.a), ("B", ctx.b)):
            if kind in cat.unreadable:
                why.append(f"not readable in {letter}: {cat.unreadable[kind]}")
            elif kind not in cat.kinds:
                why.append(f"not read in {letter}")
        reasons.append(f"{kind} ({'; '.join(why) or 'not selected'})")
    if not reasons:
        return []
    return [Paragraph((f"Not compared: {', '.join(reasons)}.",))]


def finish(
    ctx: Context, title: str, kinds: Sequence[str], blocks: Sequence[Block]
) -> Section:
    """A section: what was not compared, then the blocks (or "No differences.")."""
    return Section(title, (*not_compared(ctx, kinds), *(blocks or (NO_DIFFERENCES,))))

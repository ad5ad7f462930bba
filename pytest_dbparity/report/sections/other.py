"""The other differences: one table for the kinds without a section of their own
(``report_section`` "other")."""

from __future__ import annotations

from pytest_dbparity.kinds.registry import kind_rank, kinds_where
from pytest_dbparity.report.cells import (
    attr,
    issue,
    object_cells,
    value_cells,
    what,
)
from pytest_dbparity.report.context import Context
from pytest_dbparity.report.kind_section import finish
from pytest_dbparity.report.model import Code, Rich, Section, TableBlock

OTHER_KINDS = kinds_where(report_section="other")


def other_differences(ctx: Context) -> Section:
    title = "Other differences"
    rows: list[tuple[Rich, ...]] = []
    kinds = sorted(
        (k for k in ctx.inp.comparison.kinds if k in OTHER_KINDS), key=kind_rank
    )
    for kind in kinds:
        for r in ctx.shown(kind):
            if r.diff.change != "different":
                rows.append(
                    ((kind,), (Code(r.key),), (what(r.findings[0]),), *object_cells(r),
                     issue(ctx, r.findings))
                )  # fmt: skip
                continue
            for f in r.findings:
                rows.append(
                    ((kind,), (Code(r.key),), attr(f), *value_cells(f),
                     issue(ctx, [f]))
                )  # fmt: skip
    if not rows:
        return finish(ctx, title, OTHER_KINDS, [])
    header = ("kind", "object", "difference", "A", "B", "issue")
    return finish(ctx, title, OTHER_KINDS, [TableBlock(header, tuple(rows))])

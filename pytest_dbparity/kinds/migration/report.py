"""What the report says of the migration history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pytest_dbparity.kinds.migration.history import MigrationAnalysis, analyse
from pytest_dbparity.report.model import Code, Rich, rich

if TYPE_CHECKING:
    from pytest_dbparity.report.context import Context


def _analyse(ctx: Context) -> MigrationAnalysis:
    return analyse(ctx.a, ctx.b)


def history(ctx: Context) -> MigrationAnalysis:
    """The analysis of the report's two histories (made once per report)."""
    return ctx.once(_analyse)


def plan_summary(ctx: Context, n: int) -> Rich:
    """The plan's one action for *n* migration findings of a severity."""
    h = history(ctx)
    point = (
        rich("; last common version ", Code(h.last_common))
        if h.last_common
        else ("; no common start",)
    )
    return rich(
        f"Reconcile the migration history ({n} finding(s)): "
        f"{len(h.only_a)} version(s) only in A, {len(h.only_b)} only in B, "
        f"{len(h.changed)} with different content",
        point,
        " (see Migration history analysis)",
    )

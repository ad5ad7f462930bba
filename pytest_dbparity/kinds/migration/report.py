"""The report's section on the migration history, and what the report says of it
elsewhere (the overview, the plan)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pytest_dbparity.kinds.migration.history import (
    MigrationAnalysis,
    analyse,
    group_by_date,
    migration_date,
)
from pytest_dbparity.report.kind_section import KindSection
from pytest_dbparity.report.model import (
    Block,
    BulletList,
    Code,
    Paragraph,
    Rich,
    Section,
    Strong,
    TableBlock,
    rich,
)
from pytest_dbparity.report.text import codes

if TYPE_CHECKING:
    from pytest_dbparity.kinds.migration import Migration
    from pytest_dbparity.report.context import Context


def _analyse(ctx: Context) -> MigrationAnalysis:
    return analyse(ctx.a, ctx.b)


def history(ctx: Context) -> MigrationAnalysis:
    """The analysis of the report's two histories (made once per report)."""
    return ctx.once(_analyse)


def action_for_all(ctx: Context, n: int) -> Rich:
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


def _label(m: Migration) -> str:
    return f"{m.version}_{m.name}" if m.name else m.version


def migration_history(ctx: Context, kinds: tuple[str, ...]) -> Section:
    h = history(ctx)
    title = "Migration history analysis"
    counts: list[Rich] = []
    for letter, side in (("A", h.a), ("B", h.b)):
        if not side.readable:
            counts.append((f"{letter}: {side.note or 'not read'}",))
            continue
        text = f"{letter}: {side.count:,} migration(s)"
        if side.last:
            counts.append(rich(text + ", last ", Code(side.last)))
        else:
            counts.append((text,))
        if side.note:
            counts.append((f"{letter}: note: {side.note}",))
    if not h.comparable:
        return Section(
            title,
            (
                Paragraph(
                    ("The histories cannot be compared: a side could not be read.",)
                ),
                BulletList(tuple(counts)),
            ),
        )
    counts.append((f"Difference: {abs(h.a.count - h.b.count):,}",))
    blocks: list[Block] = [
        Section("Migration count comparison", (BulletList(tuple(counts)),))
    ]
    if h.a.count == 0 and h.b.count == 0:
        blocks.append(Paragraph(("No migrations on either side.",)))
        return Section(title, tuple(blocks))
    if h.identical:
        point: Rich = (f"The histories are identical ({h.a.count:,} migrations).",)
    elif h.last_common is None:
        point = ("The histories differ from the first migration on: no common start.",)
    else:
        after_a, after_b = h.after_divergence
        date = migration_date_text(h.last_common)
        point = rich(
            "Last common version (the divergence point): ",
            Code(h.last_common),
            date,
            f". Both sides agree on the first {h.common_prefix:,} migration(s); "
            f"after it A has {after_a:,} and B has {after_b:,} migration(s).",
        )
    blocks.append(Section("Divergence point", (Paragraph(point),)))
    for title_part, migs in (
        ("Migrations only in A", h.only_a),
        ("Migrations only in B", h.only_b),
    ):
        if not migs:
            continue
        items = [
            rich(
                Strong(g.date),
                f" ({len(g.migrations)}): ",
                codes(_label(m) for m in g.migrations),
            )
            for g in group_by_date(migs)
        ]
        blocks.append(
            Section(f"{title_part} ({len(migs):,})", (BulletList(tuple(items)),))
        )
    if h.changed:
        rows = [
            (
                (Code(c.version),),
                (Code(c.a.name or "(none)"),),
                (Code(c.b.name or "(none)"),),
                (", ".join(c.differs_in),),
            )
            for c in h.changed
        ]
        blocks.append(
            Section(
                "Same version, different content",
                (
                    TableBlock(
                        ("version", "name in A", "name in B", "differs in"), tuple(rows)
                    ),
                ),
            )
        )
    return Section(title, tuple(blocks))


def migration_date_text(version: str) -> str:
    day = migration_date(version)
    return f" ({day})" if day else ""


def key_findings(ctx: Context) -> list[Rich]:
    h = history(ctx)
    if not h.comparable or h.identical:
        return []
    point: Rich = (
        rich("last common version ", Code(h.last_common))
        if h.last_common
        else ("no common start",)
    )
    return [
        rich(
            f"Migrations: {h.a.count} in A, {h.b.count} in B; "
            f"{len(h.only_a)} only in A, {len(h.only_b)} only in B; ",
            point,
            ".",
        )
    ]


def overview_rows(ctx: Context) -> list[tuple[str, str, str, bool]]:
    """The environment overview's rows: how many migrations, and the last."""
    h = history(ctx)

    def side(letter: str) -> tuple[str, str]:
        s = h.a if letter == "A" else h.b
        if not s.readable:
            return (s.note or "not read", "-")
        return (f"{s.count:,}", s.last or "-")

    (count_a, last_a), (count_b, last_b) = side("A"), side("B")
    return [
        ("migrations", count_a, count_b, False),
        ("last migration", last_a, last_b, True),
    ]


SECTION = KindSection(order=6, build=migration_history, key_findings=key_findings)

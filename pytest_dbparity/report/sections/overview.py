"""The environment overview: both sides' servers, and how much each holds."""

from __future__ import annotations

from pytest_dbparity.catalog import Catalog
from pytest_dbparity.kinds.registry import REGISTRY
from pytest_dbparity.report.context import Context
from pytest_dbparity.report.model import (
    Block,
    BulletList,
    Code,
    Rich,
    Section,
    TableBlock,
)


def _count(c: Catalog, kind: str) -> str:
    if kind in c.unreadable:
        return "not readable"
    if kind not in c.kinds:
        return "not read"
    return f"{c.count(kind):,}"


def _kind_rows(ctx: Context) -> list[tuple[str, str, str, bool]]:
    """Each kind's rows (``KindSpec.overview``): its count, or its own rows."""
    out: list[tuple[str, str, str, bool]] = []
    placed = [(s.overview, s) for s in REGISTRY if s.overview is not None]
    for _, spec in sorted(placed, key=lambda p: p[0]):
        if spec.overview_rows is not None:
            out += spec.overview_rows(ctx)
        else:
            out.append(
                (spec.plural, _count(ctx.a, spec.name), _count(ctx.b, spec.name), False)
            )
    return out


def environment_overview(ctx: Context) -> Section:
    a, b = ctx.a, ctx.b
    rows: list[tuple[Rich, ...]] = []

    def row(name: str, va: str, vb: str, code: bool = False) -> None:
        cells = [
            (Code(v),) if code and v not in ("", "-") else (v or "-",) for v in (va, vb)
        ]
        rows.append(((name,), cells[0], cells[1]))

    row("name", a.env.name, b.env.name, code=True)
    row("label", a.env.label, b.env.label)
    row("host", a.env.host or "local socket", b.env.host or "local socket")
    row("database", a.env.dbname or "?", b.env.dbname or "?", code=True)
    row("server version", a.env.server_version, b.env.server_version)
    for name, va, vb, code in _kind_rows(ctx):
        row(name, va, vb, code=code)
    blocks: list[Block] = [TableBlock(("property", "A", "B"), tuple(rows))]
    notes: list[Rich] = []
    for letter, cat in (("A", a), ("B", b)):
        for note in cat.notes:
            notes.append((f"{letter}: {note}",))
        for kind, reason in sorted(cat.unreadable.items()):
            notes.append(
                (f"{letter}: {kind} not readable ({reason}); compared on neither side",)
            )
    skipped = [k for k in a.kinds if k in b.kinds and k not in ctx.inp.comparison.kinds]
    if skipped:
        notes.append(("Read but not compared: " + ", ".join(skipped),))
    if notes:
        blocks.append(BulletList(tuple(notes)))
    return Section("Environment overview", tuple(blocks))

"""The report's section on tables and their columns."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, cast

from pytest_dbparity.findings import ObjectResult
from pytest_dbparity.kinds.row_count.report import rows_of
from pytest_dbparity.report.cells import (
    attr,
    count_parts,
    issue,
    object_cells,
    present,
    value_cells,
)
from pytest_dbparity.report.kind_section import KindSection, finish
from pytest_dbparity.report.model import (
    Block,
    BulletList,
    Code,
    Rich,
    Section,
    TableBlock,
    rich,
)
from pytest_dbparity.report.text import short, status_badges

if TYPE_CHECKING:
    from pytest_dbparity.kinds.column import Column
    from pytest_dbparity.kinds.table import Table
    from pytest_dbparity.report.context import Context


def children_summary(ctx: Context, table_key: str) -> str:
    """``6 columns, 2 constraints`` that are missing because the table is."""
    counts: dict[str, int] = {}
    for kind, key in ctx.implied:
        if key.startswith(table_key + ".") or key == table_key:
            counts[kind] = counts.get(kind, 0) + 1
    return count_parts(counts)


def _only_on_one_side(ctx: Context, change: str) -> list[Rich]:
    items: list[Rich] = []
    for r in ctx.shown("table"):
        if r.diff.change != change:
            continue
        f = r.findings[0]
        table = cast("Table", present(r))
        cat = ctx.b if change == "missing_in_a" else ctx.a
        item = rich(Code(r.key), " - ", rows_of(cat, r.key))
        if table.comment:
            item = rich(item, "; comment: ", Code(short(table.comment)))
        parts = children_summary(ctx, r.key)
        if parts:
            item = rich(item, f"; with {parts}")
        item = rich(item, " ", status_badges(f, ctx.inp))
        if f.reason:
            item = rich(item, f" - {f.reason}")
        items.append(item)
    return items


def _columns(ctx: Context) -> Section | None:
    by_table: dict[str, list[ObjectResult]] = {}
    for r in ctx.shown("column"):
        parent = cast("Column", present(r)).parent
        assert parent is not None
        by_table.setdefault(parent[1], []).append(r)
    if not by_table:
        return None
    per_table: list[Block] = []
    for table_key in sorted(by_table):
        rows: list[tuple[Rich, ...]] = []
        for r in by_table[table_key]:
            name = cast("Column", present(r)).name
            if r.diff.change != "different":
                rows.append(((Code(name),), *object_cells(r), issue(ctx, r.findings)))
                continue
            for f in r.findings:
                rows.append(((Code(name),), *value_cells(f), issue(ctx, [f])))
        per_table.append(
            Section(
                table_key, (TableBlock(("column", "A", "B", "issue"), tuple(rows)),)
            )
        )
    return Section("Column differences", tuple(per_table))


def tables_and_columns(ctx: Context, kinds: tuple[str, ...]) -> Section:
    blocks: list[Block] = []
    for change, title in (
        ("missing_in_b", "Tables only in A (missing in B)"),
        ("missing_in_a", "Tables only in B (missing in A)"),
    ):
        items = _only_on_one_side(ctx, change)
        if items:
            blocks.append(Section(title, (BulletList(tuple(items)),)))
    attr_rows = [
        ((Code(r.key),), attr(f), *value_cells(f), issue(ctx, [f]))
        for r in ctx.shown("table")
        if r.diff.change == "different"
        for f in r.findings
    ]
    if attr_rows:
        header = ("table", "attribute", "A", "B", "issue")
        blocks.append(
            Section(
                "Table attribute differences", (TableBlock(header, tuple(attr_rows)),)
            )
        )
    columns = _columns(ctx)
    if columns is not None:
        blocks.append(columns)
    return finish(ctx, "Table and column differences", kinds, blocks)


def key_findings(ctx: Context) -> list[Rich]:
    tables = Counter(r.diff.change or "" for r in ctx.shown("table"))
    columns = ctx.shown("column")
    if not tables and not columns:
        return []
    ignored = sum(1 for r in ctx.shown("table") if all(f.accepted for f in r.findings))
    per_table = {r.key.rsplit(".", 1)[0] for r in columns}
    return [
        (
            f"Tables: {tables['missing_in_b']} only in A, {tables['missing_in_a']} "
            f"only in B ({ignored} of them ignored by rules); "
            f"{len(columns)} column difference(s) in {len(per_table)} table(s).",
        )
    ]


SECTION = KindSection(order=1, build=tables_and_columns, key_findings=key_findings)

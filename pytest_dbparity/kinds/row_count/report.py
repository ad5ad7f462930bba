"""The report's section on data volume (row counts), and a table's row count."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from pytest_dbparity.catalog import Catalog
from pytest_dbparity.report.kind_section import KindSection
from pytest_dbparity.report.model import Code, Paragraph, Rich, Section, TableBlock

if TYPE_CHECKING:
    from pytest_dbparity.kinds.row_count import RowCount
    from pytest_dbparity.report.context import Context


def _count(catalog: Catalog, table_key: str) -> RowCount | None:
    """The table's row count: exact where the data kind counted its rows (its
    contents were compared), else as read (an estimate unless configured)."""
    count = cast("RowCount | None", catalog.of("row_count").get(table_key))
    if count is None or count.exact:
        return count
    counted = getattr(catalog.of("data").get(table_key), "count", None)
    if counted is None:
        return count
    return dataclasses.replace(count, rows=counted, exact=True)


def rows_of(catalog: Catalog, table_key: str) -> str:
    """``1,204 rows (estimated)``: a table's row count as the catalog has it."""
    count = _count(catalog, table_key)
    if count is None:
        return "rows unknown"
    if count.rows is None:
        return "rows unknown (never analysed)"
    how = "exact" if count.exact else "estimated"
    return f"{count.rows:,} rows ({how})"


@dataclass(frozen=True, slots=True)
class VolumeRow:
    table: str
    a: RowCount | None
    b: RowCount | None

    @property
    def difference(self) -> int | None:
        """Rows in A minus rows in B; None when either is unknown or absent."""
        if self.a is None or self.b is None:
            return None
        if self.a.rows is None or self.b.rows is None:
            return None
        return self.a.rows - self.b.rows

    @property
    def ahead(self) -> str:
        if self.a is None:
            return "only in B"
        if self.b is None:
            return "only in A"
        d = self.difference
        if d is None:
            return "unknown"
        return "A ahead" if d > 0 else "B ahead" if d < 0 else "same"

    @property
    def counted(self) -> str:
        sides = [(ltr, c) for ltr, c in (("A", self.a), ("B", self.b)) if c is not None]
        kinds = {c.exact for _, c in sides}
        if len(kinds) == 1:
            return "exact" if kinds.pop() else "estimated"
        return ", ".join(
            f"{ltr} {'exact' if c.exact else 'estimated'}" for ltr, c in sides
        )


def volume_rows(a: Catalog, b: Catalog) -> list[VolumeRow]:
    """Every table's row counts side by side, biggest difference first."""
    keys = a.of("row_count").keys() | b.of("row_count").keys()
    rows = [VolumeRow(key, _count(a, key), _count(b, key)) for key in sorted(keys)]

    def order(r: VolumeRow) -> tuple[int, int, str]:
        d = r.difference
        return (0, -abs(d), r.table) if d is not None else (1, 0, r.table)

    return sorted(rows, key=order)


def _signed(n: int | None) -> str:
    if n is None:
        return "-"
    return f"{n:+,}" if n else "0"


def _rows_cell(c: RowCount | None) -> Rich:
    if c is None:
        return ("no table",)
    if c.rows is None:
        return ("unknown (never analysed)",)
    return (f"{c.rows:,}",)


def data_volume(ctx: Context, kinds: tuple[str, ...]) -> Section:
    title = "Data volume differences"
    if "row_count" not in ctx.a.kinds and "row_count" not in ctx.b.kinds:
        return Section(title, (Paragraph(("Row counts were not read.",)),))
    rows = volume_rows(ctx.a, ctx.b)
    if not rows:
        return Section(title, (Paragraph(("No tables.",)),))
    body = tuple(
        (
            (Code(r.table),),
            _rows_cell(r.a),
            _rows_cell(r.b),
            (_signed(r.difference),),
            (r.ahead,),
            (r.counted,),
        )
        for r in rows
    )
    ahead = Counter(r.ahead for r in rows)
    summary = (
        f"{ahead['A ahead'] + ahead['B ahead']} of {len(rows)} table(s) differ in "
        f"row count (A ahead in {ahead['A ahead']}, B ahead in {ahead['B ahead']})"
    )
    one_side = ahead["only in A"] + ahead["only in B"]
    if one_side:
        summary += f"; {one_side} exist on one side only"
    if ahead["unknown"]:
        summary += f"; {ahead['unknown']} have no estimate on a side"
    return Section(
        title,
        (
            Paragraph(
                (
                    f"{summary}. Counts are the planner's estimates unless marked "
                    "exact; the difference is A minus B.",
                )
            ),
            TableBlock(
                ("table", "A rows", "B rows", "difference", "ahead", "counted"), body
            ),
        ),
    )


def key_findings(ctx: Context) -> list[Rich]:
    counts = ctx.shown("row_count")
    if not counts:
        return []
    return [(f"Data volume: row counts differ in {len(counts)} table(s).",)]


SECTION = KindSection(order=7, build=data_volume, key_findings=key_findings)

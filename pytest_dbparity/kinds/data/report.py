"""The report's section on table contents (reference data), and what the report
says of them elsewhere (the key findings, the plan).

Per compared table: the exact row counts side by side (the comparison counts
every row, so they come for free), how many rows are only in A, only in B or
differ, the first keys of each, hidden columns marked and tables not compared
said so with the reason. Then the tables empty on one side, with what that
usually means; tables whose contents were not compared are listed there by the
planner's estimates (kind ``row_count``), marked as estimates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from pytest_dbparity.core.identifiers import quote_ident
from pytest_dbparity.report.kind_section import KindSection, not_compared
from pytest_dbparity.report.model import (
    Block,
    BulletList,
    Code,
    Paragraph,
    Rich,
    Section,
    TableBlock,
    join,
    rich,
)
from pytest_dbparity.report.text import codes, status_badges

if TYPE_CHECKING:
    from pytest_dbparity.findings import ObjectResult
    from pytest_dbparity.kinds.data import Data
    from pytest_dbparity.report.context import Context

TITLE = "Table contents (reference data)"

#: What a table empty on one side usually means (the report says it once).
EMPTY_MEANS = (
    "A table with rows on one side and none on the other usually means a step "
    "ran in one environment only: an import or backfill not run, seed or "
    "reference data never loaded, or the rows deleted on purpose. The side with "
    "rows is ahead; load the same data (or re-run the step) on the other before "
    "relying on it."
)

ESTIMATE_NOTE: Rich = (
    "Counts marked estimated are the planner's (",
    Code("reltuples"),
    "), for tables whose contents were not compared: an estimate of 0 can also "
    "mean the table was not analysed since it was filled. Name such a table in ",
    Code("data.tables"),
    " (or ",
    Code("--dbparity-data"),
    ") for exact counts and its rows.",
)

NOTHING_COMPARED: Rich = (
    "No table's contents were compared: name tables in ",
    Code("data.tables"),
    " or ",
    Code("--dbparity-data"),
    " (the platform's ",
    Code("storage.buckets"),
    ", ",
    Code("cron.job"),
    " and ",
    Code("vault.secrets"),
    " are compared wherever they exist).",
)


@dataclass(frozen=True, slots=True)
class DataRow:
    """One compared table, both sides."""

    table: str
    a: Data | None
    b: Data | None

    @property
    def both(self) -> bool:
        return self.a is not None and self.b is not None

    @property
    def not_compared(self) -> str | None:
        """Why the contents were not compared (None: they were)."""
        reasons = []
        for obj in (self.a, self.b):
            if obj is not None and obj.content.startswith("not compared"):
                reason = obj.content.removeprefix("not compared: ")
                if reason not in reasons:
                    reasons.append(reason)
        if not reasons:
            return None
        return "; ".join(reasons)

    @property
    def same(self) -> bool:
        """Equal contents (equal fingerprints, or no row differs)."""
        a, b = self.a, self.b
        if a is None or b is None or self.not_compared is not None:
            return False
        return a.content == b.content

    @property
    def differs(self) -> bool:
        """Compared on both sides, and the contents differ."""
        return self.both and self.not_compared is None and not self.same

    @property
    def skipped(self) -> bool:
        """On both sides, not compared (over budget, unreadable, columns)."""
        return self.both and self.not_compared is not None


def _data(objs: Any) -> dict[str, Data]:
    return cast("dict[str, Data]", dict(objs))


def data_rows(ctx: Context) -> list[DataRow]:
    """Every table whose contents either side compared, by name."""
    a, b = _data(ctx.a.of("data")), _data(ctx.b.of("data"))
    return [DataRow(k, a.get(k), b.get(k)) for k in sorted(a.keys() | b.keys())]


def _count(obj: Data | None) -> Rich:
    if obj is None:
        return ("no table",)
    if obj.count is None:
        return ("not counted",)
    return (f"{obj.count:,}",)


def _number(n: int | None) -> Rich:
    return ("-",) if n is None else (f"{n:,}",)


def _result(ctx: Context, key: str) -> ObjectResult | None:
    return next((r for r in ctx.of("data") if r.key == key), None)


def _contents(ctx: Context, row: DataRow) -> Rich:
    """What the comparison found, with the severity and status of a difference."""
    if row.a is None or row.b is None:
        text: Rich = (f"table only in {'A' if row.b is None else 'B'}",)
    elif (why := row.not_compared) is not None:
        text = (f"not compared: {why}",)
    elif row.same:
        return ("same",)
    elif row.a.only is None:
        text = ("differ (fingerprints only: a saved catalog or migrations side)",)
    else:
        text = ("differ",)
    result = _result(ctx, row.table)
    if result is None or not result.findings:
        return text
    worst = max(result.findings, key=lambda f: f.severity)
    badges = status_badges(worst, ctx.inp)
    return rich(text, " ", badges)


def _key_of(name: str) -> tuple[str, str]:
    """``id=2: price`` -> (``id=2``, ``price``)."""
    key, _, column = name.rpartition(": ")
    return key, column


def _hidden(obj: Data) -> Rich:
    cols = [quote_ident(c) for c in obj.sensitive]
    if not cols:
        return ()
    return rich(
        "; hidden columns (compared by hash, never shown): ", codes(sorted(cols))
    )


def _matched_by(obj: Data) -> Rich:
    if obj.key_columns:
        return rich("Rows matched by ", codes(quote_ident(k) for k in obj.key_columns))
    return ("No key: rows compared as a multiset",)


def _first(n: int | None, shown: int) -> str:
    if n is not None and n > shown:
        return f"the first {shown:,} of {n:,}"
    return f"{shown:,}"


def table_detail(ctx: Context, row: DataRow) -> Section:
    """What differs in one table: the keys only on each side, the differing
    columns side by side."""
    a, b = row.a, row.b
    assert a is not None
    assert b is not None
    blocks: list[Block] = [Paragraph(rich(_matched_by(a), _hidden(a), "."))]
    items: list[Rich] = []
    for letter, obj in (("A", a), ("B", b)):
        keys = [k for k, _ in obj.rows]
        if keys:
            items.append(
                rich(
                    f"Only in {letter} ({_first(obj.only, len(keys))}): ",
                    codes(keys),
                )
            )
    if items:
        blocks.append(BulletList(tuple(items)))
    values_b = dict(b.values)
    hidden_names = {quote_ident(c) for c in a.sensitive}
    changed: list[tuple[Rich, ...]] = []
    keys_seen: list[str] = []
    for name, value_a in a.values:
        key, column = _key_of(name)
        if key not in keys_seen:
            keys_seen.append(key)
        hidden = column in hidden_names
        cell_a: Rich = ("(hidden)",) if hidden else (Code(str(value_a)),)
        value_b = values_b.get(name)
        cell_b: Rich = ("(hidden)",) if hidden else (Code(str(value_b)),)
        changed.append(((Code(key),), (Code(column),), cell_a, cell_b))
    if changed:
        blocks.append(
            Paragraph(
                (
                    f"Differing rows ({_first(a.differing, len(keys_seen))}), "
                    "column by column:",
                )
            )
        )
        blocks.append(TableBlock(("key", "column", "A", "B"), tuple(changed)))
    if not items and not changed:
        blocks.append(
            Paragraph(
                (
                    "Only the fingerprints were compared (a saved catalog or a "
                    "migrations folder holds no rows): the contents differ, "
                    "which rows is not known.",
                )
            )
        )
    return Section(f"Contents of {row.table}", tuple(blocks))


@dataclass(frozen=True, slots=True)
class EmptySide:
    table: str
    a: int
    b: int
    estimated: bool


def empty_sides(ctx: Context, rows: Iterable[DataRow]) -> list[EmptySide]:
    """Tables with rows on one side and none on the other: exact counts of the
    compared tables, else the estimates of the others."""
    from pytest_dbparity.kinds.row_count import RowCount

    out: dict[str, EmptySide] = {}
    for r in rows:
        if r.a is None or r.b is None:
            continue
        na, nb = r.a.count, r.b.count
        if na is not None and nb is not None and (na == 0) != (nb == 0):
            out[r.table] = EmptySide(r.table, na, nb, estimated=False)
    counts_a = ctx.a.of("row_count")
    counts_b = ctx.b.of("row_count")
    for key in sorted(counts_a.keys() & counts_b.keys()):
        if key in out or key in ctx.a.of("data") or key in ctx.b.of("data"):
            continue
        ca, cb = counts_a[key], counts_b[key]
        assert isinstance(ca, RowCount)
        assert isinstance(cb, RowCount)
        if ca.rows is None or cb.rows is None:
            continue
        if (ca.rows == 0) != (cb.rows == 0):
            exact = ca.exact and cb.exact
            out[key] = EmptySide(key, ca.rows, cb.rows, estimated=not exact)
    return sorted(out.values(), key=lambda e: (-max(e.a, e.b), e.table))


def _empty_section(empty: list[EmptySide]) -> Section:
    title = "Tables empty on one side"
    if not empty:
        return Section(title, (Paragraph(("None.",)),))
    body = tuple(
        (
            (Code(e.table),),
            (f"{e.a:,}",),
            (f"{e.b:,}",),
            ("A" if e.a else "B",),
            ("estimated" if e.estimated else "exact",),
        )
        for e in empty
    )
    blocks: list[Block] = [
        Paragraph((EMPTY_MEANS,)),
        TableBlock(("table", "A rows", "B rows", "rows only in", "counted"), body),
    ]
    if any(e.estimated for e in empty):
        blocks.append(Paragraph(ESTIMATE_NOTE))
    return Section(title, tuple(blocks))


def table_contents(ctx: Context, kinds: tuple[str, ...]) -> Section:
    rows = data_rows(ctx)
    blocks: list[Block] = list(not_compared(ctx, kinds))
    if not rows:
        blocks.append(Paragraph(NOTHING_COMPARED))
    else:
        differ = [r for r in rows if r.differs]
        skipped = [r for r in rows if r.skipped]
        one_side = [r for r in rows if not r.both]
        same = [r for r in rows if r.same]
        summary = (
            f"{len(rows)} table(s) chosen for comparison by contents: "
            f"{len(same)} the same, {len(differ)} differ, {len(skipped)} not "
            "compared (over budget, unreadable, or other columns or key)"
        )
        if one_side:
            summary += f"; {len(one_side)} exist on one side only"
        blocks.append(
            Paragraph(
                (
                    f"{summary}. Row counts are exact (the comparison counts "
                    "every row); only in A, only in B and differing count rows "
                    "by key (no key: identical rows as a multiset).",
                )
            )
        )
        body = tuple(
            (
                (Code(r.table),),
                _count(r.a),
                _count(r.b),
                _number(r.a.only if r.a is not None and r.differs else None),
                _number(r.b.only if r.b is not None and r.differs else None),
                _number(r.a.differing if r.a is not None and r.differs else None),
                _contents(ctx, r),
            )
            for r in rows
        )
        header = (
            "table",
            "A rows",
            "B rows",
            "only in A",
            "only in B",
            "differing",
            "contents",
        )
        blocks.append(TableBlock(header, body))
        blocks += [table_detail(ctx, r) for r in differ]
    blocks.append(_empty_section(empty_sides(ctx, rows)))
    return Section(TITLE, tuple(blocks))


def key_findings(ctx: Context) -> list[Rich]:
    rows = data_rows(ctx)
    differ = [r.table for r in rows if r.differs]
    skipped = [r.table for r in rows if r.skipped]
    out: list[Rich] = []
    if differ:
        out.append(
            rich(
                f"Table contents differ in {len(differ)} table(s): ",
                codes(differ, 4),
                ".",
            )
        )
    if skipped:
        out.append(
            rich(
                f"Table contents not compared in {len(skipped)} table(s) (over "
                "budget, unreadable, other columns): ",
                codes(skipped, 4),
                ".",
            )
        )
    empty = empty_sides(ctx, rows)
    if empty:
        out.append(
            rich(
                f"{len(empty)} table(s) hold rows on one side only (an import or "
                "seed not run?): ",
                join(
                    [rich(Code(e.table), f" ({e.a:,} vs {e.b:,})") for e in empty[:4]]
                ),
                f" and {len(empty) - 4} more" if len(empty) > 4 else "",
                ".",
            )
        )
    return out


def action_for_all(ctx: Context, n: int) -> Rich:
    """The plan's one action for *n* data findings of a severity."""
    rows = data_rows(ctx)
    differ = [r.table for r in rows if r.differs]
    skipped = [r.table for r in rows if r.skipped]
    parts: list[Rich] = []
    if differ:
        parts.append(
            rich(
                f"reconcile the contents of {len(differ)} table(s) ",
                codes(differ, 6),
                ": copy the rows named (see Table contents), or re-run the "
                "import or seed that fills them",
            )
        )
    if skipped:
        parts.append(
            rich(
                f"compare the contents of {len(skipped)} table(s) not compared ",
                codes(skipped, 6),
                " (raise data.row_limit or data.time_budget, grant SELECT, or "
                "align their columns first)",
            )
        )
    text = join(parts, "; ") or ("reconcile them",)
    return rich(f"Table contents ({n} finding(s)): ", text)


SECTION = KindSection(order=8, build=table_contents, key_findings=key_findings)

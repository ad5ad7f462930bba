"""Sections about one area each: the environments, tables and columns, RLS,
constraints, extensions, functions, other kinds and the migration history."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence

from pytest_dbparity.catalog import Catalog
from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.findings import Finding, ObjectResult
from pytest_dbparity.kinds.column import Column
from pytest_dbparity.kinds.constraint import Constraint
from pytest_dbparity.kinds.function import Function, signature
from pytest_dbparity.kinds.migration import Migration
from pytest_dbparity.kinds.migration.history import group_by_date, migration_date
from pytest_dbparity.kinds.migration.report import history
from pytest_dbparity.kinds.policy import Policy
from pytest_dbparity.kinds.registry import (
    SPECS,
    describe,
    kind_name,
    kind_rank,
    kinds_where,
)
from pytest_dbparity.kinds.row_count import RowCount
from pytest_dbparity.kinds.table import Table
from pytest_dbparity.report.context import Context
from pytest_dbparity.report.impact import Dependent, dependents, strip_arguments
from pytest_dbparity.report.model import (
    Block,
    BulletList,
    Code,
    CodeBlock,
    Paragraph,
    Rich,
    Section,
    Strong,
    TableBlock,
    join,
    rich,
)
from pytest_dbparity.report.text import (
    codes,
    short,
    status_badges,
)

NO_DIFFERENCES = Paragraph(("No differences.",))
#: Kinds without a section of their own: one shared table.
OTHER_KINDS = kinds_where(report_section="other")
MAX_DIFF_LINES = 40
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

    def cell(obj: CatalogObject | None) -> Rich:
        if obj is None:
            return ("missing",)
        return rich("present: ", Code(short(describe(obj), 120)))

    return (cell(r.diff.pair.a), cell(r.diff.pair.b))


def present(r: ObjectResult) -> CatalogObject | None:
    return r.diff.pair.a if r.diff.pair.a is not None else r.diff.pair.b


def rows_of(catalog: Catalog, table_key: str) -> str:
    count = catalog.of("row_count").get(table_key)
    if not isinstance(count, RowCount):
        return "rows unknown"
    if count.rows is None:
        return "rows unknown (never analysed)"
    how = "exact" if count.exact else "estimated"
    return f"{count.rows:,} rows ({how})"


def children_summary(ctx: Context, table_key: str) -> str:
    """``6 columns, 2 constraints`` that are missing because the table is."""
    counts: dict[str, int] = {}
    for kind, key in ctx.implied:
        if key.startswith(table_key + ".") or key == table_key:
            if kind in ("table", "view"):
                continue
            counts[kind] = counts.get(kind, 0) + 1
    return count_parts(counts)


def count_parts(counts: Mapping[str, int]) -> str:
    """``6 columns, 1 constraint`` in a fixed order (each kind's ``table_part``)."""

    def order(kind: str) -> tuple[int, str]:
        part = SPECS[kind].table_part if kind in SPECS else None
        return (len(SPECS) if part is None else part, kind)

    return ", ".join(
        f"{counts[k]} {kind_name(k, counts[k])}" for k in sorted(counts, key=order)
    )


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


# ------------------------------------------------------------------ overview


def environment_overview(ctx: Context) -> Section:
    a, b = ctx.a, ctx.b

    def count(c: Catalog, kind: str) -> str:
        if kind in c.unreadable:
            return "not readable"
        if kind not in c.kinds:
            return "not read"
        return f"{c.count(kind):,}"

    hist = history(ctx)

    def migrations(side: str) -> tuple[str, str]:
        h = hist.a if side == "A" else hist.b
        if not h.readable:
            return (h.note or "not read", "-")
        return (f"{h.count:,}", h.last or "-")

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
    row("tables", count(a, "table"), count(b, "table"))
    row("functions", count(a, "function"), count(b, "function"))
    row("policies", count(a, "policy"), count(b, "policy"))
    ma, mb = migrations("A"), migrations("B")
    row("migrations", ma[0], mb[0])
    row("last migration", ma[1], mb[1], code=True)
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
    return Section("1. Environment overview", tuple(blocks))


# ------------------------------------------------------------ tables/columns


def _only_on_one_side(ctx: Context, change: str) -> list[Rich]:
    items: list[Rich] = []
    for r in ctx.shown("table"):
        if r.diff.change != change:
            continue
        f = r.findings[0]
        obj = present(r)
        cat = ctx.b if change == "missing_in_a" else ctx.a
        item = rich(Code(r.key), " - ", rows_of(cat, r.key))
        if isinstance(obj, Table) and obj.comment:
            item = rich(item, "; comment: ", Code(short(obj.comment)))
        parts = children_summary(ctx, r.key)
        if parts:
            item = rich(item, f"; with {parts}")
        item = rich(item, " ", status_badges(f, ctx.inp))
        if f.reason:
            item = rich(item, f" - {f.reason}")
        items.append(item)
    return items


def tables_and_columns(ctx: Context) -> Section:
    blocks: list[Block] = []
    for change, title in (
        ("missing_in_b", "Tables only in A (missing in B)"),
        ("missing_in_a", "Tables only in B (missing in A)"),
    ):
        items = _only_on_one_side(ctx, change)
        if items:
            blocks.append(Section(title, (BulletList(tuple(items)),)))
    attr_rows = [
        (
            (Code(r.key),),
            attr(f),
            *value_cells(f),
            issue(ctx, [f]),
        )
        for r in ctx.shown("table")
        if r.diff.change == "different"
        for f in r.findings
    ]
    if attr_rows:
        blocks.append(
            Section(
                "Table attribute differences",
                (
                    TableBlock(
                        ("table", "attribute", "A", "B", "issue"), tuple(attr_rows)
                    ),
                ),
            )
        )
    by_table: dict[str, list[ObjectResult]] = {}
    for r in ctx.shown("column"):
        obj = present(r)
        if isinstance(obj, Column):
            parent = obj.parent
            assert parent is not None
            by_table.setdefault(parent[1], []).append(r)
    if by_table:
        per_table: list[Block] = []
        for table_key in sorted(by_table):
            rows: list[tuple[Rich, ...]] = []
            for r in by_table[table_key]:
                obj = present(r)
                name = obj.name if isinstance(obj, Column) else r.key
                if r.diff.change != "different":
                    rows.append(
                        ((Code(name),), *object_cells(r), issue(ctx, r.findings))
                    )
                    continue
                for f in r.findings:
                    rows.append(((Code(name),), *value_cells(f), issue(ctx, [f])))
            per_table.append(
                Section(
                    table_key, (TableBlock(("column", "A", "B", "issue"), tuple(rows)),)
                )
            )
        blocks.append(Section("Column differences", tuple(per_table)))
    return finish(ctx, "2. Table and column differences", ("table", "column"), blocks)


# ---------------------------------------------------------------------- RLS


def _policy_count(cat: Catalog, table_key: str) -> int:
    return sum(
        1
        for p in cat.of("policy").values()
        if isinstance(p, Policy) and p.parent == ("table", table_key)
    )


def rls_and_policies(ctx: Context) -> Section:
    blocks: list[Block] = []
    rows: list[tuple[Rich, ...]] = []
    for r in ctx.shown("rls"):
        if r.diff.change != "different":
            continue
        pa, pb = r.diff.pair.a, r.diff.pair.b

        def flag(obj: CatalogObject | None, name: str) -> Rich:
            return (Code(short(getattr(obj, name))),) if obj is not None else ("-",)

        table_key = r.key
        policies = (
            f"{_policy_count(ctx.a, table_key)} / {_policy_count(ctx.b, table_key)}"
        )
        rows.append(
            (
                (Code(table_key),),
                flag(pa, "enabled"),
                flag(pb, "enabled"),
                flag(pa, "forced"),
                flag(pb, "forced"),
                (policies,),
                issue(ctx, r.findings),
            )
        )
    if rows:
        header = ("table", "enabled A", "enabled B", "forced A", "forced B",
                  "policies A / B", "issue")  # fmt: skip
        blocks.append(
            Section(
                "Row level security",
                (
                    Paragraph(
                        (
                            "Policies on a table apply only while its row level "
                            "security is enabled.",
                        )
                    ),
                    TableBlock(header, tuple(rows)),
                ),
            )
        )
    policy_rows: list[tuple[Rich, ...]] = []
    for r in ctx.shown("policy"):
        if r.diff.change != "different":
            policy_rows.append(
                (
                    (Code(r.key),),
                    ("whole policy",),
                    *object_cells(r),
                    issue(ctx, r.findings),
                )
            )
            continue
        for f in r.findings:
            policy_rows.append(
                ((Code(r.key),), attr(f), *value_cells(f), issue(ctx, [f]))
            )
    if policy_rows:
        blocks.append(
            Section(
                "Policies",
                (
                    TableBlock(
                        ("policy", "attribute", "A", "B", "issue"), tuple(policy_rows)
                    ),
                ),
            )
        )
    return finish(ctx, "3. RLS and policy differences", ("rls", "policy"), blocks)


# --------------------------------------------------------------- constraints


def _is_missing_fk(r: ObjectResult) -> bool:
    obj = present(r)
    return (
        r.diff.change in ("missing_in_a", "missing_in_b")
        and isinstance(obj, Constraint)
        and obj.constraint_type == "foreign key"
    )


def constraints(ctx: Context) -> Section:
    shown = ctx.shown("constraint")
    order = sorted(
        shown,
        key=lambda r: (
            0 if _is_missing_fk(r) else 1 if r.diff.change != "different" else 2,
            r.key,
        ),
    )
    rows: list[tuple[Rich, ...]] = []
    for r in order:
        obj = present(r)
        ctype = obj.constraint_type if isinstance(obj, Constraint) else ""
        if r.diff.change != "different":
            rows.append(
                ((Code(r.key),), (ctype,), *object_cells(r), issue(ctx, r.findings))
            )
            continue
        for f in r.findings:
            rows.append(
                (
                    (Code(r.key),),
                    (f"{ctype}: {f.attribute}",),
                    *value_cells(f),
                    issue(ctx, [f]),
                )
            )
    if not rows:
        return finish(ctx, "4. Constraint differences", ("constraint",), [])
    fks = [r for r in shown if _is_missing_fk(r)]
    blocks: list[Block] = []
    if fks:
        blocks.append(
            Paragraph(
                rich(
                    f"{len(fks)} foreign key(s) missing on one side (listed first): ",
                    codes(r.key for r in fks),
                    ".",
                )
            )
        )
    blocks.append(TableBlock(("constraint", "type", "A", "B", "issue"), tuple(rows)))
    return finish(ctx, "4. Constraint differences", ("constraint",), blocks)


# ---------------------------------------------------------------- extensions


def dependents_text(deps: Sequence[Dependent], limit: int = MAX_DEPENDENTS) -> Rich:
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


def extensions(ctx: Context) -> Section:
    rows: list[tuple[Rich, ...]] = []
    notes: list[Rich] = []
    for r in ctx.shown("extension"):
        pa, pb = r.diff.pair.a, r.diff.pair.b

        def cell(obj: CatalogObject | None, name: str) -> Rich:
            return (
                (Code(str(getattr(obj, name))),)
                if obj is not None
                else ("not installed",)
            )

        rows.append(
            (
                (Code(r.key),),
                cell(pa, "version"),
                cell(pb, "version"),
                cell(pa, "schema"),
                cell(pb, "schema"),
                issue(ctx, r.findings),
            )
        )
        if any(f.attribute == "schema" for f in r.findings):
            used_a = dependents("extension", r.key, ctx.index_a)
            used_b = dependents("extension", r.key, ctx.index_b)
            notes.append(
                rich(
                    "Extension ",
                    Code(r.key),
                    " is installed in schema ",
                    Code(str(getattr(pa, "schema", "?"))),
                    " in A and ",
                    Code(str(getattr(pb, "schema", "?"))),
                    " in B; names qualified with one schema do not resolve on the "
                    "other side. Used by (A): ",
                    dependents_text(used_a),
                    "; (B): ",
                    dependents_text(used_b),
                    ".",
                )
            )
    if not rows:
        return finish(ctx, "5. Extension differences", ("extension",), [])
    header = ("name", "version A", "version B", "schema A", "schema B", "issue")
    blocks: list[Block] = [TableBlock(header, tuple(rows))]
    if notes:
        blocks.append(BulletList(tuple(notes)))
    return finish(ctx, "5. Extension differences", ("extension",), blocks)


# ----------------------------------------------------------------- functions

_SIGNATURE = frozenset({"arguments", "result", "body", "body_formatting"})


def _sig(obj: CatalogObject | None) -> Rich:
    if not isinstance(obj, Function):
        return ("-",)
    return (Code(signature(obj)),)


def _function_bullets(ctx: Context, results: Iterable[ObjectResult]) -> list[Rich]:
    items: list[Rich] = []
    for r in results:
        obj = present(r)
        item: Rich = (Code(r.key),)
        if isinstance(obj, Function):
            item = (Code(strip_arguments(r.key) + signature(obj)),)
            traits = [obj.language, obj.volatility]
            if obj.security_definer:
                traits.append("security definer")
            if obj.function_type != "function":
                traits.append(obj.function_type)
            item = rich(item, f" ({', '.join(traits)})")
        items.append(rich(item, " ", status_badges(r.findings[0], ctx.inp)))
    return items


def _body_diff(key: str, f: Finding) -> CodeBlock:
    lines = list(
        difflib.unified_diff(
            str(f.a or "").strip("\n").splitlines(),
            str(f.b or "").strip("\n").splitlines(),
            fromfile=f"{key} in A",
            tofile=f"{key} in B",
            lineterm="",
            n=1,
        )
    )
    if len(lines) > MAX_DIFF_LINES:
        more = len(lines) - MAX_DIFF_LINES
        lines = [*lines[:MAX_DIFF_LINES], f"... {more} more line(s)"]
    return CodeBlock("\n".join(lines), "diff")


def functions(ctx: Context) -> Section:
    shown = ctx.shown("function")
    blocks: list[Block] = []
    for change, title in (
        ("missing_in_a", "Functions missing in A (only in B)"),
        ("missing_in_b", "Functions missing in B (only in A)"),
    ):
        items = _function_bullets(ctx, (r for r in shown if r.diff.change == change))
        if items:
            blocks.append(Section(title, (BulletList(tuple(items)),)))
    changed = [r for r in shown if r.diff.change == "different"]

    def with_attr(name: str) -> list[tuple[ObjectResult, Finding]]:
        return [(r, f) for r in changed for f in r.findings if f.attribute == name]

    sig_rows = [
        ((Code(r.key),), _sig(r.diff.pair.a), _sig(r.diff.pair.b), issue(ctx, [f]))
        for r, f in with_attr("arguments")
    ]
    if sig_rows:
        blocks.append(
            Section(
                "Signature changes (arguments)",
                (TableBlock(("function", "A", "B", "issue"), tuple(sig_rows)),),
            )
        )
    result_rows = [
        ((Code(r.key),), *value_cells(f), issue(ctx, [f]))
        for r, f in with_attr("result")
    ]
    if result_rows:
        blocks.append(
            Section(
                "Return-type changes",
                (
                    TableBlock(
                        ("function", "returns in A", "returns in B", "issue"),
                        tuple(result_rows),
                    ),
                ),
            )
        )
    attr_rows = [
        ((Code(r.key),), attr(f), *value_cells(f), issue(ctx, [f]))
        for r in changed
        for f in r.findings
        if f.attribute not in _SIGNATURE
    ]
    if attr_rows:
        blocks.append(
            Section(
                "Attribute changes (security definer, search_path, volatility...)",
                (
                    TableBlock(
                        ("function", "attribute", "A", "B", "issue"), tuple(attr_rows)
                    ),
                ),
            )
        )
    bodies = with_attr("body")
    if bodies:
        body_blocks: list[Block] = []
        rows: list[tuple[Rich, ...]] = []
        for r, f in bodies:
            others = [x.attribute or "" for x in r.findings if x is not f]
            rows.append(
                (
                    (Code(r.key),),
                    (", ".join(others) if others else "nothing (body only)",),
                    issue(ctx, [f]),
                )
            )
        body_blocks.append(
            TableBlock(("function", "also differs", "issue"), tuple(rows))
        )
        for r, f in bodies:
            body_blocks.append(
                Paragraph(rich("Body of ", Code(r.key), ", A against B:"))
            )
            body_blocks.append(_body_diff(r.key, f))
        blocks.append(Section("Body changes", tuple(body_blocks)))
    formatting = with_attr("body_formatting")
    if formatting:
        items = [
            rich(
                Code(r.key),
                " - only whitespace or comments differ ",
                status_badges(f, ctx.inp),
            )
            for r, f in formatting
        ]
        blocks.append(Section("Formatting-only changes", (BulletList(tuple(items)),)))
    return finish(ctx, "6. Function differences", ("function",), blocks)


# --------------------------------------------------------------------- other


def other(ctx: Context) -> Section:
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
        return finish(ctx, "7. Other differences", OTHER_KINDS, [])
    header = ("kind", "object", "difference", "A", "B", "issue")
    return finish(
        ctx, "7. Other differences", OTHER_KINDS, [TableBlock(header, tuple(rows))]
    )


# ---------------------------------------------------------------- migrations


def _label(m: Migration) -> str:
    return f"{m.version}_{m.name}" if m.name else m.version


def migration_history(ctx: Context) -> Section:
    h = history(ctx)
    title = "8. Migration history analysis"
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

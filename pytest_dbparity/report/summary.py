"""Sections that read across areas: summary, data volume, accepted, impact."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from pytest_dbparity.catalog import Catalog
from pytest_dbparity.findings import Finding, ObjectResult
from pytest_dbparity.kinds.migration.report import history
from pytest_dbparity.kinds.registry import SPECS, kind_name, kind_rank, kinds_where
from pytest_dbparity.kinds.row_count import RowCount
from pytest_dbparity.report.context import Context
from pytest_dbparity.report.details import (
    count_parts,
    dependents_text,
    present,
    what,
)
from pytest_dbparity.report.impact import Dependent, dependents
from pytest_dbparity.report.model import (
    Badge,
    Block,
    BulletList,
    Code,
    Paragraph,
    Rich,
    Section,
    TableBlock,
    Tone,
    rich,
)
from pytest_dbparity.report.plan import top_risks
from pytest_dbparity.report.text import (
    SEVERITY_WORD,
    codes,
    env_side,
    severity_badge,
    short,
)
from pytest_dbparity.severity import Severity

RISK_TONES: Mapping[str, Tone] = {
    "CRITICAL": "critical",
    "HIGH": "high",
    "MEDIUM": "medium",
    "LOW": "low",
    "NONE": "none",
}

#: Kinds with nodes in the dependency graph (``rls`` is shown by its policies).
#: Kinds whose differing objects are listed with what uses them.
_IMPACT_KINDS = frozenset(kinds_where(impact=True))


# ------------------------------------------------------------------- summary


def overall_risk(ctx: Context) -> str:
    """The highest severity nobody accepted, as a word; NONE below LOW."""
    worst = max((f.severity for f in ctx.open_findings()), default=None)
    if worst is None or worst == Severity.INFO:
        return "NONE"
    return SEVERITY_WORD[worst]


def _key_findings(ctx: Context) -> list[Rich]:
    out: list[Rich] = []

    def changes(kind: str) -> Counter[str]:
        return Counter(r.diff.change or "" for r in ctx.shown(kind))

    tables = changes("table")
    columns = ctx.shown("column")
    if tables or columns:
        ignored = sum(
            1 for r in ctx.shown("table") if all(f.accepted for f in r.findings)
        )
        per_table = {r.key.rsplit(".", 1)[0] for r in columns}
        out.append(
            (
                f"Tables: {tables['missing_in_b']} only in A, {tables['missing_in_a']} "
                f"only in B ({ignored} of them ignored by rules); "
                f"{len(columns)} column difference(s) in {len(per_table)} table(s).",
            )
        )
    rls = ctx.shown("rls")
    if rls:
        out.append(
            rich(
                f"Row level security differs on {len(rls)} table(s): ",
                codes((r.key for r in rls), 6),
                ".",
            )
        )
    policies = ctx.shown("policy")
    if policies:
        out.append((f"Policies: {len(policies)} differ or exist on one side only.",))
    fks = [
        r
        for r in ctx.shown("constraint")
        if r.diff.change != "different"
        and getattr(present(r), "constraint_type", "") == "foreign key"
    ]
    cons = ctx.shown("constraint")
    if cons:
        out.append(
            (
                f"Constraints: {len(cons)} differ, {len(fks)} of them missing "
                "foreign keys.",
            )
        )
    ext = [f for r in ctx.shown("extension") for f in r.findings]
    if ext:
        n_version = sum(1 for f in ext if f.attribute == "version")
        n_schema = sum(1 for f in ext if f.attribute == "schema")
        n_missing = sum(1 for f in ext if f.attribute is None)
        out.append(
            (
                f"Extensions: {n_version} version difference(s), {n_schema} schema "
                f"difference(s), {n_missing} installed on one side only.",
            )
        )
    fns = ctx.shown("function")
    if fns:
        attrs = Counter(f.attribute for r in fns for f in r.findings)
        fchanges = Counter(r.diff.change for r in fns)
        out.append(
            (
                f"Functions: {fchanges['missing_in_b']} only in A, "
                f"{fchanges['missing_in_a']} only in B, {attrs['arguments']} "
                f"signature change(s), {attrs['result']} return-type change(s), "
                f"{attrs['body']} body change(s), {attrs['body_formatting']} "
                "formatting-only.",
            )
        )
    h = history(ctx)
    if h.comparable and not h.identical:
        point: Rich = (
            rich("last common version ", Code(h.last_common))
            if h.last_common
            else ("no common start",)
        )
        out.append(
            rich(
                f"Migrations: {h.a.count} in A, {h.b.count} in B; "
                f"{len(h.only_a)} only in A, {len(h.only_b)} only in B; ",
                point,
                ".",
            )
        )
    counts = ctx.shown("row_count")
    if counts:
        out.append((f"Data volume: row counts differ in {len(counts)} table(s).",))
    return out


def executive_summary(ctx: Context) -> Section:
    inp = ctx.inp
    findings = ctx.findings()
    objects = list(ctx.results())
    intro = Paragraph(
        (
            f"{env_side(inp.catalog_a.env, 'A')} is compared with "
            f"{env_side(inp.catalog_b.env, 'B')}: {len(objects):,} object(s) differ, "
            f"with {len(findings):,} finding(s). The run fails on "
            f"{SEVERITY_WORD[inp.fail_on]} and above.",
        )
    )
    risk = overall_risk(ctx)
    risk_block = Paragraph(
        rich(
            "Overall risk: ",
            Badge(risk, RISK_TONES[risk]),
            " (the highest severity of a difference nobody accepted).",
        )
    )
    if not findings:
        return Section(
            "Executive summary",
            (
                intro,
                Paragraph(("No differences: the environments match in every kind.",)),
                risk_block,
            ),
        )
    blocks: list[Block] = [intro]
    key = _key_findings(ctx)
    if key:
        blocks.append(Section("Key findings", (BulletList(tuple(key)),)))
    sevs = sorted(Severity, reverse=True)
    rows: list[tuple[Rich, ...]] = []
    for kind in sorted(ctx.inp.comparison.kinds, key=kind_rank):
        results = ctx.of(kind)
        if not results:
            continue
        by_sev = Counter(f.severity for r in results for f in r.findings)
        rows.append(
            (
                (kind,),
                (str(len(results)),),
                (str(sum(by_sev.values())),),
                *((str(by_sev[s]) if by_sev[s] else "-",) for s in sevs),
            )
        )
    total = Counter(f.severity for f in findings)
    rows.append(
        (
            ("total",),
            (str(len(objects)),),
            (str(len(findings)),),
            *((str(total[s]) if total[s] else "-",) for s in sevs),
        )
    )
    header = ("kind", "objects", "findings", *(SEVERITY_WORD[s] for s in sevs))
    blocks.append(
        Section("Differences by kind and severity", (TableBlock(header, tuple(rows)),))
    )
    status = Counter(inp.status(f) for f in findings)
    status_objects: dict[str, set[tuple[str, str]]] = {}
    for f in findings:
        status_objects.setdefault(inp.status(f), set()).add((f.kind, f.object))
    meaning = {
        "failing": f"not accepted, {SEVERITY_WORD[inp.fail_on]} or above: fail the run",
        "approved": "matched an approved snapshot",
        "ignored": "ignored by a rule (with its reason)",
        "below": f"not accepted, below {SEVERITY_WORD[inp.fail_on]}: warnings",
    }
    label = {
        "failing": "failing",
        "approved": "approved",
        "ignored": "ignored",
        "below": "below threshold",
    }
    status_rows = tuple(
        (
            (label[s],),
            (str(status[s]),),
            (str(len(status_objects.get(s, ()))),),
            (meaning[s],),
        )
        for s in ("failing", "approved", "ignored", "below")
    )
    blocks.append(
        Section(
            "Failing, accepted and below threshold",
            (TableBlock(("status", "findings", "objects", "meaning"), status_rows),),
        )
    )
    risks = top_risks(ctx)
    risk_blocks: list[Block] = [risk_block]
    if risks:
        risk_blocks.append(Paragraph(("Top risks:",)))
        risk_blocks.append(
            BulletList(tuple(rich(severity_badge(s), " ", text) for s, text in risks))
        )
    blocks.append(Section("Risk assessment", tuple(risk_blocks)))
    return Section("Executive summary", tuple(blocks))


# --------------------------------------------------------------- data volume


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
    ca, cb = a.of("row_count"), b.of("row_count")
    rows = []
    for key in sorted(ca.keys() | cb.keys()):
        ra, rb = ca.get(key), cb.get(key)
        rows.append(
            VolumeRow(
                key,
                ra if isinstance(ra, RowCount) else None,
                rb if isinstance(rb, RowCount) else None,
            )
        )

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


def data_volume(ctx: Context) -> Section:
    title = "9. Data volume differences"
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


# -------------------------------------------------------- accepted / ignored


def accepted_and_ignored(ctx: Context) -> Section:
    inp = ctx.inp
    blocks: list[Block] = []
    approved = [
        (r, f) for r in ctx.results() for f in r.findings if inp.status(f) == "approved"
    ]
    if approved:
        rows = tuple(
            (
                (f.kind,),
                (Code(f.object),),
                (what(f),),
                (Code(short(f.a)) if f.a is not None else "(none)",),
                (Code(short(f.b)) if f.b is not None else "(none)",),
                (severity_badge(f.severity),),
            )
            for r, f in approved
        )
        blocks.append(
            Section(
                "Approved in snapshots",
                (
                    TableBlock(
                        ("kind", "object", "difference", "A", "B", "severity"), rows
                    ),
                ),
            )
        )
    ignored: dict[tuple[str, str], list[Finding]] = {}
    results: dict[tuple[str, str], ObjectResult] = {}
    for r in ctx.results():
        for f in r.findings:
            if f.accepted:
                ignored.setdefault((r.kind, r.key), []).append(f)
                results[r.kind, r.key] = r
    # Objects missing with their (ignored) table are folded into the table's row.
    folded: dict[str, Counter[str]] = {}
    top: list[tuple[str, str]] = []
    for kind, key in ignored:
        obj = present(results[kind, key])
        parent = obj.parent if obj is not None else None
        if (
            (kind, key) in ctx.implied
            and parent is not None
            and ("table", parent[1]) in ignored
        ):
            folded.setdefault(parent[1], Counter())[kind] += 1
        else:
            top.append((kind, key))
    if top:
        rows2: list[tuple[Rich, ...]] = []
        for kind, key in sorted(
            top, key=lambda k: (ignored[k][0].reason or "", kind_rank(k[0]), k[1])
        ):
            fs = ignored[kind, key]
            text = "; ".join(what(f) for f in fs)
            if kind == "table" and key in folded:
                text += f" (with its {count_parts(folded[key])})"
            rows2.append(
                (
                    (Code(key),),
                    (kind,),
                    (text,),
                    (severity_badge(max(f.severity for f in fs)),),
                    (fs[0].reason or "",),
                )
            )
        blocks.append(
            Section(
                "Ignored by rules",
                (
                    TableBlock(
                        ("object", "kind", "difference", "severity", "reason"),
                        tuple(rows2),
                    ),
                ),
            )
        )
    below = [f for f in ctx.findings() if inp.status(f) == "below"]
    if below:
        blocks.append(
            Paragraph(
                (
                    f"{len(below)} finding(s) are not accepted but below the fail-on "
                    f"threshold ({SEVERITY_WORD[inp.fail_on]}); those above INFO are "
                    "in the plan.",
                )
            )
        )
    if not blocks:
        blocks.append(Paragraph(("No accepted or ignored differences.",)))
    return Section("10. Accepted and ignored differences", tuple(blocks))


# -------------------------------------------------------------------- impact


def _uses(
    ctx: Context, r: ObjectResult
) -> tuple[tuple[Dependent, ...], tuple[Dependent, ...]]:
    users = SPECS[r.kind].impact_users
    if users is not None:
        return (users(ctx.a, r.key), users(ctx.b, r.key))
    return (
        dependents(r.kind, r.key, ctx.index_a),
        dependents(r.kind, r.key, ctx.index_b),
    )


def impact_section(ctx: Context) -> Section:
    title = "11. Impact"
    if not ctx.a.dependencies and not ctx.b.dependencies:
        return Section(
            title,
            (
                Paragraph(
                    (
                        "Dependencies were not read for either side, so what uses the "
                        "differing objects is not known.",
                    )
                ),
            ),
        )
    candidates = [
        r
        for r in ctx.results()
        if r.kind in _IMPACT_KINDS and (r.kind, r.key) not in ctx.implied
    ]

    def order(r: ObjectResult) -> tuple[int, int, int, str]:
        open_ = any(not ctx.inp.accepted(f) for f in r.findings)
        return (0 if open_ else 1, -ctx.worst(r), kind_rank(r.kind), r.key)

    items: list[Rich] = []
    quiet = 0
    for r in sorted(candidates, key=order):
        used_a, used_b = _uses(ctx, r)
        if not used_a and not used_b:
            quiet += 1
            continue
        label = SPECS[r.kind].impact_label
        item = rich(
            f"{kind_name(r.kind)} ",
            Code(r.key),
            f" → {label} (A): ",
            dependents_text(used_a),
            "; (B): ",
            dependents_text(used_b),
        )
        if all(ctx.inp.accepted(f) for f in r.findings):
            item = rich(item, " ", Badge("ACCEPTED", "ignored"))
        items.append(item)
    blocks: list[Block] = [
        Paragraph(
            (
                "What uses each differing object in each environment, from the "
                "catalog's dependency records, up to three steps away (an extension, "
                "its types, the columns of those types). Function bodies are not "
                "tracked by PostgreSQL and do not appear here.",
            )
        )
    ]
    if items:
        blocks.append(BulletList(tuple(items)))
    else:
        blocks.append(Paragraph(("No differing object is used by another.",)))
    if quiet:
        blocks.append(
            Paragraph((f"{quiet} other differing object(s) have no recorded users.",))
        )
    return Section(title, tuple(blocks))

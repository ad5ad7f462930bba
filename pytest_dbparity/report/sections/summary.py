"""The executive summary: what differs, how badly, and the biggest risks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from pytest_dbparity.approvals import EXCLUDE_APPROVED
from pytest_dbparity.findings import Finding
from pytest_dbparity.kinds.registry import kind_rank
from pytest_dbparity.report.context import Context
from pytest_dbparity.report.model import (
    Badge,
    Block,
    BulletList,
    Paragraph,
    Rich,
    Section,
    TableBlock,
    Tone,
    rich,
)
from pytest_dbparity.report.sections.plan import approved_left_out, top_risks
from pytest_dbparity.report.text import SEVERITY_WORD, env_side, severity_badge
from pytest_dbparity.severity import Severity

RISK_TONES: Mapping[str, Tone] = {
    "CRITICAL": "critical",
    "HIGH": "high",
    "MEDIUM": "medium",
    "LOW": "low",
    "NONE": "none",
}


def _risk_word(findings: list[Finding]) -> str:
    worst = max((f.severity for f in findings), default=None)
    if worst is None or worst == Severity.INFO:
        return "NONE"
    return SEVERITY_WORD[worst]


def overall_risk(ctx: Context) -> str:
    """The highest severity of a difference not ignored by a rule, as a word;
    NONE below LOW. Approved differences count (an approval records a
    difference, it does not remove it) unless the run excludes them."""
    return _risk_word(ctx.risk_findings())


def _risk_blocks(ctx: Context) -> list[Block]:
    inp = ctx.inp
    risk = overall_risk(ctx)
    if inp.exclude_approved:
        n = len(approved_left_out(ctx))
        why = (
            " (the highest severity of a difference neither ignored by a rule nor "
            f"approved: {EXCLUDE_APPROVED} leaves {n} approved finding(s) out)."
        )
    else:
        why = (
            " (the highest severity of a difference not ignored by a rule; "
            "approved differences count: an approval records a difference, it "
            "does not remove it)."
        )
    blocks: list[Block] = [
        Paragraph(rich("Overall risk: ", Badge(risk, RISK_TONES[risk]), why))
    ]
    if not inp.exclude_approved and any(
        inp.approval(f) is not None for f in ctx.risk_findings()
    ):
        open_ = _risk_word([f for f in ctx.risk_findings() if inp.approval(f) is None])
        blocks.append(
            Paragraph(
                rich(
                    "Without the approved differences: ",
                    Badge(open_, RISK_TONES[open_]),
                    ".",
                )
            )
        )
    return blocks


def executive_summary(ctx: Context, key_findings: list[Rich]) -> Section:
    """The summary; *key_findings* are the kinds' sections' lines, in order."""
    inp = ctx.inp
    findings = [f for f in ctx.findings() if not f.accepted]
    ignored = [f for f in ctx.findings() if f.accepted]
    objects = [r for r in ctx.results() if any(not f.accepted for f in r.findings)]
    text = (
        f"{env_side(inp.catalog_a.env, 'A')} is compared with "
        f"{env_side(inp.catalog_b.env, 'B')}: {len(objects):,} object(s) differ, "
        f"with {len(findings):,} finding(s)"
    )
    if ignored:
        n_ignored = len({(f.kind, f.object) for f in ignored})
        text += (
            f"; counted apart, {len(ignored):,} finding(s) on {n_ignored:,} "
            "object(s) are ignored by rules"
        )
    text += f". The run fails on {SEVERITY_WORD[inp.fail_on]} and above."
    intro = Paragraph((text,))
    risk_blocks = _risk_blocks(ctx)
    if not findings and not ignored:
        return Section(
            "Executive summary",
            (
                intro,
                Paragraph(("No differences: the environments match in every kind.",)),
                *risk_blocks,
            ),
        )
    blocks: list[Block] = [intro]
    if key_findings:
        blocks.append(Section("Key findings", (BulletList(tuple(key_findings)),)))
    sevs = sorted(Severity, reverse=True)
    rows: list[tuple[Rich, ...]] = []
    for kind in sorted(ctx.inp.comparison.kinds, key=kind_rank):
        results = ctx.of(kind)
        if not results:
            continue
        counted = [f for r in results for f in r.findings if not f.accepted]
        by_sev = Counter(f.severity for f in counted)
        n_ignored = sum(f.accepted for r in results for f in r.findings)
        rows.append(
            (
                (kind,),
                (str(len({f.object for f in counted})),),
                (str(len(counted)),),
                *((str(by_sev[s]) if by_sev[s] else "-",) for s in sevs),
                (str(n_ignored) if n_ignored else "-",),
            )
        )
    total = Counter(f.severity for f in findings)
    rows.append(
        (
            ("total",),
            (str(len(objects)),),
            (str(len(findings)),),
            *((str(total[s]) if total[s] else "-",) for s in sevs),
            (str(len(ignored)) if ignored else "-",),
        )
    )
    header = (
        "kind",
        "objects",
        "findings",
        *(SEVERITY_WORD[s] for s in sevs),
        "ignored (apart)",
    )
    blocks.append(
        Section("Differences by kind and severity", (TableBlock(header, tuple(rows)),))
    )
    status = Counter(inp.status(f) for f in ctx.findings())
    status_objects: dict[str, set[tuple[str, str]]] = {}
    for f in ctx.findings():
        status_objects.setdefault(inp.status(f), set()).add((f.kind, f.object))
    meaning = {
        "failing": f"not accepted, {SEVERITY_WORD[inp.fail_on]} or above: fail the run",
        "approved": (
            f"matched an approved snapshot; left out of the plan and the fix script "
            f"({EXCLUDE_APPROVED})"
            if inp.exclude_approved
            else "matched an approved snapshot: known, not gone; in the risk, the "
            "plan and the fix script, marked approved"
        ),
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
    if risks:
        risk_blocks.append(Paragraph(("Top risks:",)))
        risk_blocks.append(
            BulletList(tuple(rich(severity_badge(s), " ", text) for s, text in risks))
        )
    blocks.append(Section("Risk assessment", tuple(risk_blocks)))
    return Section("Executive summary", tuple(blocks))

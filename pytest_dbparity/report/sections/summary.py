"""The executive summary: what differs, how badly, and the biggest risks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

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
from pytest_dbparity.report.sections.plan import top_risks
from pytest_dbparity.report.text import SEVERITY_WORD, env_side, severity_badge
from pytest_dbparity.severity import Severity

RISK_TONES: Mapping[str, Tone] = {
    "CRITICAL": "critical",
    "HIGH": "high",
    "MEDIUM": "medium",
    "LOW": "low",
    "NONE": "none",
}


def overall_risk(ctx: Context) -> str:
    """The highest severity nobody accepted, as a word; NONE below LOW."""
    worst = max((f.severity for f in ctx.open_findings()), default=None)
    if worst is None or worst == Severity.INFO:
        return "NONE"
    return SEVERITY_WORD[worst]


def executive_summary(ctx: Context, key_findings: list[Rich]) -> Section:
    """The summary; *key_findings* are the kinds' sections' lines, in order."""
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
    if key_findings:
        blocks.append(Section("Key findings", (BulletList(tuple(key_findings)),)))
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

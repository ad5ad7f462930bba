"""The accepted differences: approved in snapshots, ignored by rules, or below
the fail-on threshold."""

from __future__ import annotations

from collections import Counter

from pytest_dbparity.approvals import EXCLUDE_APPROVED, Approval
from pytest_dbparity.findings import Finding, ObjectResult
from pytest_dbparity.kinds.registry import SPECS, kind_rank
from pytest_dbparity.report.cells import count_parts, present, what
from pytest_dbparity.report.context import Context
from pytest_dbparity.report.model import (
    Block,
    Code,
    Paragraph,
    Rich,
    Section,
    TableBlock,
)
from pytest_dbparity.report.text import SEVERITY_WORD, severity_badge, short

APPROVED_HEADER = ("kind", "object", "difference", "A", "B", "severity", "approved")


def _approved(approval: Approval | None) -> str:
    """``on 2026-05-04, <reason>``."""
    a = approval or Approval()
    return f"{a.when}, {a.why}"


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
                (_approved(inp.approval(f)),),
            )
            for r, f in approved
        )
        where = (
            f"left out of the risk summary, the plan and the fix script "
            f"({EXCLUDE_APPROVED})"
            if inp.exclude_approved
            else "still in the risk summary, the plan and the fix script, marked"
        )
        blocks.append(
            Section(
                "Approved in snapshots",
                (
                    Paragraph(
                        (
                            "Known differences, approved in snapshot files (the "
                            f"date and the file's reason: field); {where}.",
                        )
                    ),
                    TableBlock(APPROVED_HEADER, rows),
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
    # Parts missing with their (ignored) table are folded into the table's row
    # (the kinds whose objects have parts: ``KindSpec.has_parts``).
    folded: dict[tuple[str, str], Counter[str]] = {}
    top: list[tuple[str, str]] = []
    for kind, key in ignored:
        obj = present(results[kind, key])
        parent = obj.parent if obj is not None else None
        if (
            (kind, key) in ctx.implied
            and parent is not None
            and parent in ignored
            and SPECS[parent[0]].has_parts
        ):
            folded.setdefault(parent, Counter())[kind] += 1
        else:
            top.append((kind, key))
    if top:
        rows2: list[tuple[Rich, ...]] = []
        for kind, key in sorted(
            top, key=lambda k: (ignored[k][0].reason or "", kind_rank(k[0]), k[1])
        ):
            fs = ignored[kind, key]
            text = "; ".join(what(f) for f in fs)
            if (kind, key) in folded:
                text += f" (with its {count_parts(folded[kind, key])})"
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
    return Section("Accepted and ignored differences", tuple(blocks))

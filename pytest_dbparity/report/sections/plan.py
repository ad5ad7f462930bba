"""The prioritised plan: one action per group of like findings, by severity.

Actions are phrased from the kind and attribute of the findings they cover. They
name the side that has what, and leave the direction to the reader ("in B to
match A, or ... in A"): which side is right is a decision, not a fact.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pytest_dbparity.approvals import EXCLUDE_APPROVED, Approval
from pytest_dbparity.findings import Finding, ObjectResult
from pytest_dbparity.kinds.registry import SPECS, kind_name, kind_rank
from pytest_dbparity.report.context import Context
from pytest_dbparity.report.model import (
    Badge,
    Block,
    Code,
    NumberedList,
    Paragraph,
    Rich,
    Section,
    rich,
)
from pytest_dbparity.report.text import SEVERITY_WORD, codes, other_side, values
from pytest_dbparity.severity import Severity

PRIORITIES: tuple[Severity, ...] = (
    Severity.CRITICAL,
    Severity.HIGH,
    Severity.MEDIUM,
    Severity.LOW,
)


@dataclass(frozen=True, slots=True)
class Action:
    severity: Severity
    kind: str
    objects: tuple[str, ...]
    text: Rich

    @property
    def order(self) -> tuple[int, int, str]:
        return (-self.severity, kind_rank(self.kind), self.objects[0])


def _child_name(r: ObjectResult) -> tuple[str | None, str]:
    """``(parent key, own name)`` of an object named within its parent (a column
    of a table); ``(None, key)`` of any other."""
    obj = r.diff.pair.a if r.diff.pair.a is not None else r.diff.pair.b
    parent = obj.parent if obj is not None else None
    if parent is None or not r.key.startswith(parent[1] + "."):
        return (None, r.key)
    return (parent[1], r.key[len(parent[1]) + 1 :])


def _nouns(r: ObjectResult) -> tuple[str, str] | None:
    """How the kind names the object (by its type, say), if it does."""
    spec = SPECS.get(r.kind)
    if spec is None or spec.nouns is None:
        return None
    return spec.nouns(r.diff.pair.a if r.diff.pair.a is not None else r.diff.pair.b)


def _missing_action(
    severity: Severity,
    kind: str,
    change: str,
    parent: str | None,
    nouns: tuple[str, str] | None,
    names: list[str],
) -> Action:
    has = "A" if change == "missing_in_b" else "B"
    lacks = other_side(has)
    n = len(names)
    noun = kind_name(kind, n)
    if nouns is not None:
        noun = nouns[0] if n == 1 else nouns[1]
    them = "it" if n == 1 else "them"
    where: Rich = () if parent is None else rich(" of ", Code(parent))
    verb = "exists" if n == 1 else "exist"
    text = rich(
        noun[:1].upper() + noun[1:],
        " ",
        codes(names),
        where,
        f" {verb} only in {has}: create {them} in {lacks} to match {has}, "
        f"or drop {them} from {has}",
    )
    keys = tuple(names if parent is None else [f"{parent}.{x}" for x in names])
    return Action(severity, kind, keys, text)


def _different_action(
    severity: Severity, kind: str, attribute: str, a: Any, b: Any, keys: list[str]
) -> Action:
    objs = codes(keys)
    spec = SPECS.get(kind)
    text = None
    if spec is not None and spec.action is not None:
        text = spec.action(attribute, a, b, objs)
    if text is None:
        noun = kind_name(kind, len(keys))
        text = rich("Align ", Code(attribute), f" of {noun} ", objs, values(a, b))
    return Action(severity, kind, tuple(keys), text)


def _one_action(kind: str) -> bool:
    """Whether one action covers all of the kind's findings of a severity."""
    spec = SPECS.get(kind)
    return spec is not None and spec.action_for_all is not None


def approval_mark(approval: Approval | None) -> Rich:
    """`` APPROVED on 2026-05-04, <reason>`` after an action or a risk of
    approved differences; nothing for others."""
    if approval is None:
        return ()
    return rich(" ", Badge("APPROVED", "approved"), f" {approval.when}, {approval.why}")


def actions(
    ctx: Context, findings: Iterable[tuple[ObjectResult, Finding]]
) -> list[Action]:
    """Group like findings into actions, sorted by severity then kind; those of
    approved objects apart, by approval, each marked with it."""
    by_approval: dict[Approval | None, list[tuple[ObjectResult, Finding]]] = {}
    for r, f in findings:
        by_approval.setdefault(ctx.inp.approval(f), []).append((r, f))
    out: list[Action] = []
    for approval, mine in by_approval.items():
        mark = approval_mark(approval)
        out += [
            Action(a.severity, a.kind, a.objects, rich(a.text, mark))
            for a in _actions(ctx, mine)
        ]
    return sorted(out, key=lambda a: a.order)


def _actions(
    ctx: Context, findings: Iterable[tuple[ObjectResult, Finding]]
) -> list[Action]:
    """Group like findings into actions."""
    missing: dict[
        tuple[Severity, str, str, str | None, tuple[str, str] | None], list[str]
    ] = {}
    different: dict[tuple[Severity, str, str, str, str], list[str]] = {}
    sides: dict[tuple[Severity, str, str, str, str], tuple[Any, Any]] = {}
    counted: dict[tuple[Severity, str], int] = {}
    for r, f in findings:
        if _one_action(f.kind):
            counted[f.severity, f.kind] = counted.get((f.severity, f.kind), 0) + 1
        elif f.change != "different":
            parent, name = _child_name(r)
            key = (f.severity, f.kind, f.change, parent, _nouns(r))
            missing.setdefault(key, []).append(name)
        else:
            attribute = f.attribute or ""
            if attribute == "body":
                # Bodies are long and never alike: one action each.
                dkey = (f.severity, f.kind, attribute, f.object, "")
            else:
                dkey = (f.severity, f.kind, attribute, repr(f.a), repr(f.b))
            different.setdefault(dkey, []).append(f.object)
            sides[dkey] = (f.a, f.b)
    out = [
        _missing_action(sev, kind, change, parent, nouns, sorted(names))
        for (sev, kind, change, parent, nouns), names in missing.items()
    ]
    for dkey, keys in different.items():
        a, b = sides[dkey]
        out.append(_different_action(dkey[0], dkey[1], dkey[2], a, b, sorted(keys)))
    for (sev, kind), n in counted.items():
        wording = SPECS[kind].action_for_all
        assert wording is not None
        out.append(Action(sev, kind, (kind,), wording(ctx, n)))
    return out


def plan_findings(ctx: Context) -> list[tuple[ObjectResult, Finding]]:
    """Findings the plan covers: not ignored (nor approved, when the run
    excludes those), not informational, not implied. Approved ones are in."""
    return [
        (r, f)
        for r in ctx.results()
        if (r.kind, r.key) not in ctx.implied
        for f in r.findings
        if not ctx.inp.left_out(f) and f.severity > Severity.INFO
    ]


def approved_left_out(ctx: Context) -> list[Finding]:
    """Approved findings the run leaves out (``--dbparity-exclude-approved``)."""
    inp = ctx.inp
    return [f for f in ctx.findings() if inp.left_out(f) and not f.accepted]


def prioritised_plan(ctx: Context) -> Section:
    all_actions = actions(ctx, plan_findings(ctx))
    ignored = [f for f in ctx.findings() if f.accepted]
    info = [f for f in ctx.findings() if f.severity == Severity.INFO and not f.accepted]
    text = (
        "Actions group like differences by severity. Differences ignored by rules "
        f"({len(ignored)} finding(s)) and informational ones ({len(info)}) are left "
        "out. "
    )
    hidden = approved_left_out(ctx)
    if ctx.inp.exclude_approved:
        text += (
            f"Approved differences are left out too ({len(hidden)} finding(s), "
            f"{EXCLUDE_APPROVED}): this plan does not show everything that differs."
        )
    else:
        text += (
            "Approved differences are in, marked APPROVED with the date and reason "
            "of their approval: an approval records a difference, it does not "
            "remove it."
        )
    blocks: list[Block] = [Paragraph((text,))]
    number = 1
    for n, severity in enumerate(PRIORITIES, start=1):
        mine = [a for a in all_actions if a.severity == severity]
        title = f"PRIORITY {n}: {SEVERITY_WORD[severity]}"
        if not mine:
            blocks.append(Section(title, (Paragraph(("Nothing at this priority.",)),)))
            continue
        items = tuple(a.text for a in mine)
        blocks.append(Section(title, (NumberedList(items, start=number),)))
        number += len(items)
    return Section("Prioritised plan", tuple(blocks))


def top_risks(ctx: Context, limit: int = 6) -> list[tuple[Severity, Rich]]:
    """The biggest open risks: like findings grouped by kind and reason."""
    groups: dict[tuple[Severity, str, str, Approval | None], list[str]] = {}
    for r, f in plan_findings(ctx):
        why = f.reason or f"{kind_name(f.kind)} differs"
        objs = groups.setdefault((f.severity, f.kind, why, ctx.inp.approval(f)), [])
        if r.key not in objs:
            objs.append(r.key)
    ordered = sorted(
        groups.items(),
        key=lambda kv: (
            -kv[0][0],
            kv[0][3] is not None,  # open risks before approved ones
            -len(kv[1]),
            kind_rank(kv[0][1]),
            kv[0][2],
        ),
    )
    out: list[tuple[Severity, Rich]] = []
    for (severity, kind, why, approval), objs in ordered[:limit]:
        noun = kind_name(kind, len(objs))
        out.append(
            (
                severity,
                rich(
                    why[:1].upper() + why[1:],
                    f" ({len(objs)} {noun}): ",
                    codes(sorted(objs), 4),
                    approval_mark(approval),
                ),
            )
        )
    return out

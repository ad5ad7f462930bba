"""The prioritised plan: one action per group of like findings, by severity.

Actions are phrased from the kind and attribute of the findings they cover. They
name the side that has what, and leave the direction to the reader ("in B to
match A, or ... in A"): which side is right is a decision, not a fact.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pytest_dbparity.findings import Finding, ObjectResult
from pytest_dbparity.kinds.constraint import Constraint
from pytest_dbparity.kinds.registry import kind_name, kind_rank
from pytest_dbparity.report.context import Context
from pytest_dbparity.report.model import (
    Block,
    Code,
    NumberedList,
    Paragraph,
    Rich,
    Section,
    rich,
)
from pytest_dbparity.report.text import SEVERITY_WORD, codes, short
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


def _v(value: Any) -> Rich:
    return ("not set",) if value is None else (Code(short(value, 120)),)


def _values(a: Any, b: Any) -> Rich:
    return rich(" (A: ", _v(a), "; B: ", _v(b), ")")


def _other(letter: str) -> str:
    return "B" if letter == "A" else "A"


def _child_name(r: ObjectResult) -> tuple[str | None, str]:
    """``(parent key, own name)`` of an object that belongs to a table."""
    obj = r.diff.pair.a if r.diff.pair.a is not None else r.diff.pair.b
    parent = obj.parent if obj is not None else None
    if parent is None or parent[0] != "table" or not r.key.startswith(parent[1] + "."):
        return (None, r.key)
    return (parent[1], r.key[len(parent[1]) + 1 :])


#: How missing constraints are named, by type (singular, plural).
_CONSTRAINT_NOUNS: dict[str, tuple[str, str]] = {
    "foreign key": ("foreign key", "foreign keys"),
    "primary key": ("primary key", "primary keys"),
    "unique": ("unique constraint", "unique constraints"),
    "check": ("check constraint", "check constraints"),
    "exclusion": ("exclusion constraint", "exclusion constraints"),
}


def _subtype(r: ObjectResult) -> str:
    obj = r.diff.pair.a if r.diff.pair.a is not None else r.diff.pair.b
    return obj.constraint_type if isinstance(obj, Constraint) else ""


def _missing_action(
    severity: Severity,
    kind: str,
    change: str,
    parent: str | None,
    subtype: str,
    names: list[str],
) -> Action:
    has = "A" if change == "missing_in_b" else "B"
    lacks = _other(has)
    n = len(names)
    noun = kind_name(kind, n)
    if kind == "constraint":
        singular, plural = _CONSTRAINT_NOUNS.get(subtype, ("constraint", "constraints"))
        noun = singular if n == 1 else plural
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
    n = len(keys)
    values = _values(a, b)
    if kind == "rls" and attribute in ("enabled", "forced") and isinstance(a, bool):
        on = "A" if a else "B"
        off = _other(on)
        verb = "Enable" if attribute == "enabled" else "Force"
        undo = "disable" if attribute == "enabled" else "stop forcing"
        text = rich(
            f"{verb} row level security on ",
            objs,
            f" in {off} to match {on}, or {undo} it in {on}",
        )
    elif kind == "function" and attribute == "security_definer":
        has = "A" if a else "B"
        text = rich(
            "Make ",
            objs,
            f" SECURITY DEFINER in {_other(has)} to match {has}, or SECURITY "
            f"INVOKER in {has}",
        )
    elif kind == "function" and attribute.startswith("config["):
        setting = attribute[len("config[") : -1]
        text = rich(f"Align the {setting} setting of ", objs, values)
    elif kind == "function" and attribute == "arguments":
        text = rich(
            "Align the arguments of ",
            objs,
            _values(f"({a})", f"({b})"),
            "; callers of the other form break",
        )
    elif kind == "function" and attribute == "result":
        text = rich(
            "Align the return type of ", objs, values, "; callers expect one type"
        )
    elif kind == "function" and attribute == "body":
        text = rich(
            "Reconcile the body of ",
            objs,
            " (it differs between A and B; see Function differences)",
        )
    elif kind == "column" and attribute == "type":
        text = rich("Align the type of column ", objs, values)
    elif kind == "extension" and attribute == "schema":
        text = rich(
            "Install extension ",
            objs,
            " in the same schema on both sides",
            values,
            "; qualified names and search_path depend on it",
        )
    elif kind == "extension" and attribute == "version":
        text = rich("Update extension ", objs, " to the same version", values)
    elif kind == "privilege" and attribute.startswith("grants["):
        role = attribute[len("grants[") : -1]
        text = rich(f"Align the privileges of role {role} on ", objs, values)
    else:
        noun = kind_name(kind, n)
        text = rich("Align ", Code(attribute), f" of {noun} ", objs, values)
    return Action(severity, kind, tuple(keys), text)


def _migration_action(ctx: Context, severity: Severity, n: int) -> Action:
    h = ctx.migrations
    point = (
        rich("; last common version ", Code(h.last_common))
        if h.last_common
        else ("; no common start",)
    )
    text = rich(
        f"Reconcile the migration history ({n} finding(s)): "
        f"{len(h.only_a)} version(s) only in A, {len(h.only_b)} only in B, "
        f"{len(h.changed)} with different content",
        point,
        " (see Migration history analysis)",
    )
    return Action(severity, "migration", ("migration",), text)


def actions(
    ctx: Context, findings: Iterable[tuple[ObjectResult, Finding]]
) -> list[Action]:
    """Group like findings into actions, sorted by severity then kind."""
    missing: dict[tuple[Severity, str, str, str | None, str], list[str]] = {}
    different: dict[tuple[Severity, str, str, str, str], list[str]] = {}
    values: dict[tuple[Severity, str, str, str, str], tuple[Any, Any]] = {}
    migrations: dict[Severity, int] = {}
    for r, f in findings:
        if f.kind == "migration":
            migrations[f.severity] = migrations.get(f.severity, 0) + 1
        elif f.change != "different":
            parent, name = _child_name(r)
            key = (f.severity, f.kind, f.change, parent, _subtype(r))
            missing.setdefault(key, []).append(name)
        else:
            attribute = f.attribute or ""
            if attribute == "body":
                # Bodies are long and never alike: one action each.
                dkey = (f.severity, f.kind, attribute, f.object, "")
            else:
                dkey = (f.severity, f.kind, attribute, repr(f.a), repr(f.b))
            different.setdefault(dkey, []).append(f.object)
            values[dkey] = (f.a, f.b)
    out = [
        _missing_action(sev, kind, change, parent, sub, sorted(names))
        for (sev, kind, change, parent, sub), names in missing.items()
    ]
    for dkey, keys in different.items():
        a, b = values[dkey]
        out.append(_different_action(dkey[0], dkey[1], dkey[2], a, b, sorted(keys)))
    out += [_migration_action(ctx, sev, n) for sev, n in migrations.items()]
    return sorted(out, key=lambda a: a.order)


def plan_findings(ctx: Context) -> list[tuple[ObjectResult, Finding]]:
    """Findings the plan covers: not accepted, not informational, not implied."""
    return [
        (r, f)
        for r in ctx.results()
        if (r.kind, r.key) not in ctx.implied
        for f in r.findings
        if not ctx.inp.accepted(f) and f.severity > Severity.INFO
    ]


def prioritised_plan(ctx: Context) -> Section:
    all_actions = actions(ctx, plan_findings(ctx))
    left_out = [
        f for f in ctx.findings() if ctx.inp.accepted(f) or f.severity == Severity.INFO
    ]
    blocks: list[Block] = [
        Paragraph(
            (
                "Actions group like differences by severity. Accepted differences "
                "(ignored by rules or approved in snapshots) and informational "
                f"ones are left out ({len(left_out)} finding(s)).",
            )
        )
    ]
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
    return Section("12. Prioritised plan", tuple(blocks))


def top_risks(ctx: Context, limit: int = 6) -> list[tuple[Severity, Rich]]:
    """The biggest open risks: like findings grouped by kind and reason."""
    groups: dict[tuple[Severity, str, str], list[str]] = {}
    for r, f in plan_findings(ctx):
        why = f.reason or f"{kind_name(f.kind)} differs"
        objs = groups.setdefault((f.severity, f.kind, why), [])
        if r.key not in objs:
            objs.append(r.key)
    ordered = sorted(
        groups.items(),
        key=lambda kv: (-kv[0][0], -len(kv[1]), kind_rank(kv[0][1]), kv[0][2]),
    )
    out: list[tuple[Severity, Rich]] = []
    for (severity, kind, why), objs in ordered[:limit]:
        noun = kind_name(kind, len(objs))
        out.append(
            (
                severity,
                rich(
                    why[:1].upper() + why[1:],
                    f" ({len(objs)} {noun}): ",
                    codes(sorted(objs), 4),
                ),
            )
        )
    return out

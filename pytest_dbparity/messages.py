"""Text for people: failure messages and summary lines (pure, no printing)."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pytest_dbparity.catalog import Catalog, EnvInfo
from pytest_dbparity.findings import Finding, ObjectResult
from pytest_dbparity.severity import Severity

_MAX_CELL = 60


def side(env: EnvInfo, letter: str) -> str:
    """``A: prod`` or ``A: prod (icraft prod)``."""
    if env.label and env.label != env.name:
        return f"{letter}: {env.name} ({env.label})"
    return f"{letter}: {env.name}"


def format_value(value: Any) -> str:
    """A value as one short line."""
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(format_value(v) for v in value) + "]" if value else "[]"
    if isinstance(value, dict):
        return "{...}"
    text = str(value)
    if text == "":
        return "''"
    return text


def _is_long(value: Any) -> bool:
    return isinstance(value, str) and ("\n" in value or len(value) > _MAX_CELL)


def _cell(value: Any) -> str:
    if _is_long(value):
        return "(see below)"
    return format_value(value)


def table(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append(
            "  "
            + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        )
        if n == 0:
            lines.append("  " + "  ".join("-" * w for w in widths))
    return lines


def _text_diff(attribute: str, a: str, b: str, name_a: str, name_b: str) -> list[str]:
    diff = difflib.unified_diff(
        a.splitlines(),
        b.splitlines(),
        fromfile=f"{attribute} in {name_a}",
        tofile=f"{attribute} in {name_b}",
        lineterm="",
        n=2,
    )
    return ["    " + line for line in diff]


def _marker(f: Finding, fail_on: Severity) -> str:
    if f.accepted:
        return f"{f.severity.label}, accepted"
    if f.severity < fail_on:
        return f"{f.severity.label}, warning"
    return f.severity.label


def explain(
    result: ObjectResult, env_a: EnvInfo, env_b: EnvInfo, fail_on: Severity
) -> str:
    """The failure message of one object: both sides, attribute by attribute."""
    name_a, name_b = side(env_a, "A"), side(env_b, "B")
    head = f"{result.kind} {result.key}"
    change = result.diff.change
    findings = result.findings
    if change in ("missing_in_a", "missing_in_b"):
        f = findings[0]
        missing, present = (
            (name_a, name_b) if change == "missing_in_a" else (name_b, name_a)
        )
        values = f.b if change == "missing_in_a" else f.a
        lines = [
            f"{head} is missing in {missing}; it exists in {present} "
            f"[{_marker(f, fail_on)}]",
        ]
        if f.reason:
            lines.append(f"  why it matters: {f.reason}")
        if isinstance(values, dict) and values:
            lines.append(f"  in {present}:")
            for k, v in values.items():
                shown = format_value(v)
                if _is_long(v):
                    shown = " ".join(str(v).split())[:200]
                lines.append(f"    {k}: {shown}")
        return "\n".join(lines)
    rows = [["attribute", name_a, name_b, "severity"]]
    long_ones = []
    for f in findings:
        attr = f.attribute or "-"
        rows.append([attr, _cell(f.a), _cell(f.b), _marker(f, fail_on)])
        if _is_long(f.a) or _is_long(f.b):
            long_ones.append(f)
    lines = [f"{head} differs between {name_a} and {name_b}:", *table(rows)]
    for f in long_ones:
        lines.append("")
        lines.extend(
            _text_diff(f.attribute or "", str(f.a or ""), str(f.b or ""), "A", "B")
        )
    reasons = sorted({f.reason for f in findings if f.reason})
    if reasons:
        lines.append("")
        lines.extend(f"  why it matters: {r}" for r in reasons)
    return "\n".join(lines)


def _short(value: Any) -> str:
    if _is_long(value):
        return f"<{len(str(value).splitlines()) or 1} line(s) of text>"
    return format_value(value)


def finding_line(f: Finding) -> str:
    """One line for summaries and JUnit properties."""
    if f.change == "different" and f.a == f.b:  # hidden values: said once
        what = f"{f.attribute}: {_short(f.a)}"
    elif f.change == "different":
        what = f"{f.attribute}: {_short(f.a)} -> {_short(f.b)}"
    else:
        what = "missing in " + ("A" if f.change == "missing_in_a" else "B")
    line = f"{f.kind} {f.object}: {what} [{f.severity.label}]"
    if f.accepted and f.reason:
        line += f" (ignored: {f.reason})"
    elif f.reason and f.reason.startswith("follows from"):
        line += f" ({f.reason})"
    return line


def severity_counts(findings: Iterable[Finding]) -> str:
    counts = Counter(f.severity for f in findings)
    parts = [f"{counts[s]} {s.label}" for s in sorted(counts, reverse=True)]
    return ", ".join(parts) if parts else "none"


def header_lines(
    a: Catalog,
    b: Catalog | None,
    *,
    kinds: Sequence[str],
    fail_on: Severity,
    rules: int,
    not_read: Mapping[str, Mapping[str, str]] | None = None,
) -> list[str]:
    """What the run compares, shown before any result (*b* is None in drift mode).

    *not_read*: kind -> side -> why that side did not read a kind asked for.
    """
    # Imported here: the kinds import the report's text helpers, which use
    # format_value, while the registry is being built.
    from pytest_dbparity.kinds.registry import NOT_COMPARED

    lines = []
    catalogs = [("A", a)] + ([("B", b)] if b is not None else [])
    for letter, cat in catalogs:
        env = cat.env
        where = "" if env.location == env.name else f" at {env.location}"
        lines.append(
            f"dbparity: {side(env, letter)}{where}, "
            f"PostgreSQL {env.server_version.split(' ')[0]}"
        )
    if b is not None and a.env.server_version_num and b.env.server_version_num:
        major_a = a.env.server_version_num // 10000
        major_b = b.env.server_version_num // 10000
        if major_a != major_b:
            from pytest_dbparity.findings import MAJORS_NOTE

            lines.append(
                f"dbparity: note: A runs PostgreSQL {major_a}, B {major_b}; "
                + MAJORS_NOTE
            )
    lines.append(f"dbparity: compared kinds: {', '.join(kinds)}")
    lines.append(f"dbparity: fail on {fail_on.label} and above; {rules} user rule(s)")
    unchecked = sorted({k for _, cat in catalogs for k in cat.unchecked})
    if unchecked:
        counts = ", ".join(
            f"{k} ("
            + ", ".join(f"{ltr} {cat.unchecked.get(k, 0)}" for ltr, cat in catalogs)
            + ")"
            for k in unchecked
        )
        lines.append(f"dbparity: present but not compared: {counts}")
    lines.append(f"dbparity: never compared: {', '.join(NOT_COMPARED)}")
    for letter, cat in catalogs:
        for note in cat.notes:
            lines.append(f"dbparity: note ({letter}): {note}")
    for kind, reasons in (not_read or {}).items():
        for letter, reason in sorted(reasons.items()):
            lines.append(
                f"dbparity: not read ({letter}): {kind}: {reason}; "
                f"compared on neither side, and its item fails"
            )
    return lines

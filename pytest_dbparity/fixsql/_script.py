"""The script's building blocks: steps, and rendering them section by section.

A step is one statement (or a comment-only note) with the findings it resolves.
Steps are sorted by section (``_phases``), then by their sort key, then by the
order they were planned in, so the same comparison always gives the same text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._phases import DATA, NOT_RECONCILED, Phase

DESTRUCTIVE_PREFIX = (
    "-- DESTRUCTIVE (rerun with --dbparity-allow-destructive to include): "
)


@dataclass(frozen=True, slots=True)
class Step:
    """One statement (None: a note only) and what it resolves.

    ``destructive`` says why the statement may lose data or objects; such a
    statement is written commented out unless destructive statements are allowed.
    """

    phase: Phase
    order: tuple[int, str, int]
    statement: str | None
    findings: tuple[Finding, ...] = ()
    notes: tuple[str, ...] = ()
    destructive: str | None = None

    @property
    def sort_key(self) -> tuple[int, int, str, int]:
        return (self.phase.position, *self.order)


_CONTROL = {c: f"\\x{c:02x}" for c in [*range(32), 127]}


def one_line(text: str) -> str:
    """*text* safe inside a ``--`` comment: no character may end the line."""
    out = text.translate(_CONTROL)
    # Characters str.splitlines() treats as line breaks, kept visible.
    for c in ("\x85", "\u2028", "\u2029"):
        out = out.replace(c, f"\\u{ord(c):04x}")
    return out


def _value(value: Any, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe(finding: Finding) -> str:
    """``[high] column public.t.x: type (A: "integer", B: "bigint")``."""
    head = f"[{finding.severity.label}] {finding.kind} {finding.object}"
    if finding.attribute is None:
        side = "A" if finding.change == "missing_in_a" else "B"
        return f"{head}: missing in {side}"
    a, b = _value(finding.a), _value(finding.b)
    return f"{head}: {finding.attribute} (A: {a}, B: {b})"


LABELS: dict[Phase, str] = {
    DATA: "data, not schema:",
    NOT_RECONCILED: "not reconciled:",
}


def render_step(
    step: Step,
    *,
    allow_destructive: bool,
    approved: Mapping[tuple[str, str], str] | None = None,
) -> list[str]:
    """The step's comments and statement; *approved* maps an approved object to
    its note (``approved on <date>: <reason>``), said once before the step."""
    label = LABELS.get(step.phase, "fixes")
    objects = dict.fromkeys((f.kind, f.object) for f in step.findings)
    lines = [
        f"-- {approved[k]} ({k[0]} {one_line(k[1])})"
        for k in objects
        if approved and k in approved
    ]
    lines += [f"-- {label} {one_line(describe(f))}" for f in step.findings]
    lines += [f"-- {one_line(note)}" for note in step.notes]
    if step.statement is None:
        return lines
    text = step.statement + ";"
    if step.destructive is None:
        return [*lines, text]
    if allow_destructive:
        lines += [
            f"-- destructive: {one_line(step.destructive)}",
            "-- (included: destructive statements are allowed)",
        ]
        return [*lines, text]
    lines.append(f"-- destructive: {one_line(step.destructive)}")
    # splitlines() breaks at every character PostgreSQL ends a comment at (and
    # more), so no part of the statement escapes the comment.
    first, *rest = text.splitlines() or [""]
    lines.append(DESTRUCTIVE_PREFIX + first)
    lines += [f"-- {line}" for line in rest]
    return lines


def render_steps(
    steps: Sequence[Step],
    *,
    allow_destructive: bool,
    approved: Mapping[tuple[str, str], str] | None = None,
    transaction_per_key: bool = False,
    titles: bool = True,
) -> list[str]:
    """The body of the script: each phase under its title (unless not
    *titles*), a blank line between steps (*approved*: see ``render_step``).
    With *transaction_per_key*, the steps of each key (``Step.order``) are
    wrapped in a ``BEGIN``/``COMMIT`` of their own."""
    out: list[str] = []
    phase: Phase | None = None
    key: str | None = None
    for step in sorted(steps, key=lambda s: s.sort_key):
        if step.phase != phase:
            phase = step.phase
            if titles:
                out += ["", f"-- ==== {phase.title} ===="]
        if transaction_per_key and step.order[1] != key:
            if key is not None:
                out += ["", "COMMIT;"]
            key = step.order[1]
            out += ["", "BEGIN;"]
        out += [
            "",
            *render_step(step, allow_destructive=allow_destructive, approved=approved),
        ]
    if transaction_per_key and key is not None:
        out += ["", "COMMIT;"]
    return out

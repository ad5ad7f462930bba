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


class Said:
    """Comments already said in the script, for saying a repeated one once.

    In each section, a note (or a reason a statement is destructive) that more
    than one step there gives is written in full the first time, with a number
    (``[2]``), and as ``[2] above`` after that. Numbers run through the script;
    a later section says the note in full again, with the same number."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.repeated: set[str] = set()
        self.here: set[str] = set()

    def section(self, steps: Sequence[Step], *, allow_destructive: bool) -> None:
        """Start a section of *steps*: find the comments more than one gives."""
        seen: set[str] = set()
        self.repeated, self.here = set(), set()
        for step in steps:
            for text in dict.fromkeys(_comments(step, allow_destructive)):
                if text in seen:
                    self.repeated.add(text)
                seen.add(text)

    def say(self, text: str) -> str:
        """*text* (a comment without ``-- ``), or its reference if said."""
        if text not in self.repeated:
            return text
        number = self.numbers.setdefault(text, len(self.numbers) + 1)
        if text in self.here:
            head, sep, _ = text.partition(": ")
            if head == "destructive" and sep:
                return f"destructive: [{number}] above"
            return f"[{number}] above"
        self.here.add(text)
        return f"{text} [{number}]"


_INCLUDED = "(included: destructive statements are allowed)"


def _comments(step: Step, allow_destructive: bool) -> list[str]:
    """The comments of *step* that may repeat (its notes, why it is destructive)."""
    out = [one_line(note) for note in step.notes]
    if step.statement is not None and step.destructive is not None:
        out.append(f"destructive: {one_line(step.destructive)}")
        if allow_destructive:
            out.append(_INCLUDED)
    return out


def render_step(
    step: Step,
    *,
    allow_destructive: bool,
    approved: Mapping[tuple[str, str], str] | None = None,
    said: Said | None = None,
) -> list[str]:
    """The step's comments and statement; *approved* maps an approved object to
    its note (``approved on <date>: <reason>``), said once before the step;
    *said* shortens the comments said before (see ``Said``)."""
    say = said.say if said is not None else (lambda text: text)
    label = LABELS.get(step.phase, "fixes")
    objects = dict.fromkeys((f.kind, f.object) for f in step.findings)
    lines = [
        f"-- {approved[k]} ({k[0]} {one_line(k[1])})"
        for k in objects
        if approved and k in approved
    ]
    lines += [f"-- {label} {one_line(describe(f))}" for f in step.findings]
    lines += [f"-- {say(one_line(note))}" for note in step.notes]
    if step.statement is None:
        return lines
    text = step.statement + ";"
    if step.destructive is None:
        return [*lines, text]
    lines.append(f"-- {say(f'destructive: {one_line(step.destructive)}')}")
    if allow_destructive:
        lines.append(f"-- {say(_INCLUDED)}")
        return [*lines, text]
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
    said: Said | None = None,
) -> list[str]:
    """The body of the script: each phase under its title (unless not
    *titles*), a blank line between steps (*approved*: see ``render_step``;
    a comment repeated in a section is said once: see ``Said``).
    With *transaction_per_key*, the steps of each key (``Step.order``) are
    wrapped in a ``BEGIN``/``COMMIT`` of their own."""
    said = said if said is not None else Said()
    ordered = sorted(steps, key=lambda s: s.sort_key)
    out: list[str] = []
    phase: Phase | None = None
    key: str | None = None
    for step in ordered:
        if step.phase != phase:
            phase = step.phase
            said.section(
                [s for s in ordered if s.phase == phase],
                allow_destructive=allow_destructive,
            )
            if titles:
                out += ["", f"-- ==== {phase.title} ===="]
        if transaction_per_key and step.order[1] != key:
            if key is not None:
                out += ["", "COMMIT;"]
            key = step.order[1]
            out += ["", "BEGIN;"]
        out += [
            "",
            *render_step(
                step,
                allow_destructive=allow_destructive,
                approved=approved,
                said=said,
            ),
        ]
    if transaction_per_key and key is not None:
        out += ["", "COMMIT;"]
    return out

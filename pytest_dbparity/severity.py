"""Severity of a difference: the one place where policy lives.

The diff engine reports what differs; this module says how much it matters. User
rules (from ``dbparity.yaml``) are tried first, in order, then ``DEFAULT_RULES``;
the first rule that matches decides the severity (and whether the difference is
ignored, with its reason).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from pytest_dbparity.diff import Change


class Severity(enum.IntEnum):
    """How much a difference matters; comparisons follow the order below."""

    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {text!r}; use one of {names}") from None


@cache
def _glob(pattern: str) -> re.Pattern[str]:
    # Only * and ? are wild: keys and attributes contain brackets and dots.
    parts = (re.escape(p) for p in pattern.split("*"))
    return re.compile(".*".join(parts).replace(r"\?", "."), re.DOTALL)


def glob_match(pattern: str, text: str) -> bool:
    """Match *text* against *pattern*, where ``*`` and ``?`` are the only wildcards."""
    return _glob(pattern).fullmatch(text) is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """A severity rule. ``None`` fields match anything.

    ``attribute`` matches the differing attribute; the pseudo-attribute ``None`` is
    a missing object, which ``change`` (``missing_in_a``/``missing_in_b``) can pick.
    ``attribute: "-"`` in a rule matches only missing objects.
    """

    kind: str | None = None
    object: str | None = None
    attribute: str | None = None
    change: Change | None = None
    severity: Severity | None = None
    ignore: bool = False
    reason: str | None = None

    def matches(
        self, *, kind: str, key: str, attribute: str | None, change: Change
    ) -> bool:
        if self.kind is not None and not glob_match(self.kind, kind):
            return False
        if self.object is not None and not glob_match(self.object, key):
            return False
        if self.change is not None and self.change != change:
            return False
        if self.attribute is not None:
            if self.attribute == "-":
                return attribute is None
            if attribute is None or not glob_match(self.attribute, attribute):
                return False
        return True


@dataclass(frozen=True, slots=True)
class Verdict:
    severity: Severity
    ignored: bool = False
    reason: str | None = None


CRIT, HIGH, MED, LOW, INFO = (
    Severity.CRITICAL,
    Severity.HIGH,
    Severity.MEDIUM,
    Severity.LOW,
    Severity.INFO,
)


def _r(kind: str, attribute: str | None, severity: Severity, reason: str) -> Rule:
    return Rule(kind=kind, attribute=attribute, severity=severity, reason=reason)


DEFAULT_RULES: tuple[Rule, ...] = (
    # Security first: who may read and write what.
    _r("rls", "*", CRIT, "row level security differs: data exposed on one side"),
    _r("policy", None, CRIT, "policy differs: access rules differ"),
    _r("function", "security_definer", CRIT, "SECURITY DEFINER differs"),
    _r("function", "config[search_path]", CRIT, "search_path of the function differs"),
    _r("privilege", None, CRIT, "privileges differ: one side grants more"),
    # Interfaces callers rely on.
    _r("function", "-", HIGH, "function missing on one side"),
    _r("function", "arguments", HIGH, "function arguments differ: callers break"),
    _r("function", "result", HIGH, "function result type differs: callers break"),
    _r("function", "function_type", HIGH, "function or procedure on one side only"),
    _r("function", "body_formatting", INFO, "only whitespace or comments differ"),
    _r("function", "owner", LOW, "owner differs"),
    _r("function", "comment", LOW, "comment differs"),
    _r("function", None, MED, "function attribute differs"),
    _r("table", "-", HIGH, "table missing on one side"),
    _r("table", "owner", LOW, "owner differs"),
    _r("table", "comment", LOW, "comment differs"),
    _r("table", None, MED, "table attribute differs"),
    _r("column", "-", HIGH, "column missing on one side"),
    _r("column", "type", HIGH, "column type differs"),
    _r("column", "comment", LOW, "comment differs"),
    _r("column", None, MED, "column attribute differs"),
    _r("constraint", "-", HIGH, "constraint missing on one side"),
    _r("constraint", None, HIGH, "constraint differs"),
    _r("extension", "schema", HIGH, "extension installed in another schema"),
    _r("extension", "-", HIGH, "extension missing on one side"),
    _r("extension", "version", MED, "extension version differs"),
    _r("schema", "-", HIGH, "schema missing on one side"),
    _r("schema", None, LOW, "schema attribute differs"),
    _r("index", None, MED, "index differs"),
    _r("trigger", None, MED, "trigger differs"),
    _r("view", "owner", LOW, "owner differs"),
    _r("view", "comment", LOW, "comment differs"),
    _r("view", None, MED, "view differs"),
    _r("type", "comment", LOW, "comment differs"),
    _r("type", None, MED, "type differs"),
    _r("sequence", None, LOW, "sequence differs"),
    _r("migration", None, LOW, "migration history differs"),
    _r("row_count", None, INFO, "data volume differs"),
    Rule(severity=MED, reason="difference"),
)


def classify(
    *,
    kind: str,
    key: str,
    attribute: str | None,
    change: Change,
    rules: Sequence[Rule] = (),
    implied_by: str | None = None,
) -> Verdict:
    """Severity of one difference: user *rules* first, then the defaults.

    *implied_by* names the missing object that this one belongs to (the table of a
    missing column, say): unless a user rule says otherwise, such a difference is
    ``info``, since the parent's own finding already carries it.
    """
    for rule in rules:
        if rule.matches(kind=kind, key=key, attribute=attribute, change=change):
            if rule.ignore:
                default = classify(
                    kind=kind,
                    key=key,
                    attribute=attribute,
                    change=change,
                    implied_by=implied_by,
                )
                return Verdict(default.severity, ignored=True, reason=rule.reason)
            if rule.severity is not None:
                return Verdict(rule.severity, reason=rule.reason)
    if implied_by is not None:
        return Verdict(Severity.INFO, reason=f"follows from {implied_by}")
    for rule in DEFAULT_RULES:
        if not rule.matches(kind=kind, key=key, attribute=attribute, change=change):
            continue
        if rule.severity is not None:
            return Verdict(rule.severity, reason=rule.reason)
    return Verdict(Severity.MEDIUM)  # unreachable: the last default matches all


def highest(severities: Iterable[Severity]) -> Severity | None:
    return max(severities, default=None)

"""Severity of a difference: the one place where policy lives.

The diff engine reports what differs; this module says how much it matters. User
rules (from ``dbparity.yaml``) are tried first, in order, then each kind's default
rules (``default_rules``, gathered from the kind registry); the first rule that
matches decides the severity (and whether the difference is ignored, with its
reason).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
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


def rule(attribute: str | None, severity: Severity, reason: str) -> Rule:
    """A default rule of a kind (the registry fills in the kind)."""
    return Rule(attribute=attribute, severity=severity, reason=reason)


#: What matches when no rule of the kind does.
FALLBACK = Rule(severity=MED, reason="difference")


@cache
def default_rules() -> tuple[Rule, ...]:
    """Every kind's default rules (from the registry), then the fallback."""
    from pytest_dbparity.kinds.registry import REGISTRY

    return (
        *(replace(r, kind=spec.name) for spec in REGISTRY for r in spec.rules),
        FALLBACK,
    )


@cache
def _defaults_of(kind: str) -> tuple[Rule, ...]:
    """The default rules that can match a difference of *kind*, in order."""
    return tuple(r for r in default_rules() if r.kind is None or r.kind == kind)


def classify(
    *,
    kind: str,
    key: str,
    attribute: str | None,
    change: Change,
    rules: Sequence[Rule] = (),
    implied_by: str | None = None,
    escalated: tuple[Severity, str] | None = None,
) -> Verdict:
    """Severity of one difference: user *rules* first, then the defaults.

    *escalated* is what the kind's ``escalate`` hook makes of the objects
    themselves (a SECURITY DEFINER function the API roles can execute): it
    replaces the default verdict when it is more severe.

    *implied_by* names the missing object that this one belongs to (the table of a
    missing column, say): unless a user rule says otherwise, such a difference is
    ``info``, since the parent's own finding already carries it.
    """
    for user_rule in rules:
        if user_rule.matches(kind=kind, key=key, attribute=attribute, change=change):
            if user_rule.ignore:
                fallback = classify(
                    kind=kind,
                    key=key,
                    attribute=attribute,
                    change=change,
                    implied_by=implied_by,
                )
                return Verdict(fallback.severity, ignored=True, reason=user_rule.reason)
            if user_rule.severity is not None:
                return Verdict(user_rule.severity, reason=user_rule.reason)
    if implied_by is not None:
        return Verdict(Severity.INFO, reason=f"follows from {implied_by}")
    verdict = Verdict(Severity.MEDIUM)  # replaced: the last default matches all
    for default in _defaults_of(kind):
        if default.severity is not None and default.matches(
            kind=kind, key=key, attribute=attribute, change=change
        ):
            verdict = Verdict(default.severity, reason=default.reason)
            break
    if escalated is not None and escalated[0] > verdict.severity:
        return Verdict(escalated[0], reason=escalated[1])
    return verdict


def highest(severities: Iterable[Severity]) -> Severity | None:
    return max(severities, default=None)

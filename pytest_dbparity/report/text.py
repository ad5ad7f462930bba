"""Small pieces of report text: values, object descriptions, badges, statuses."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pytest_dbparity.catalog import EnvInfo
from pytest_dbparity.findings import Finding
from pytest_dbparity.messages import format_value
from pytest_dbparity.report.inputs import ReportInput
from pytest_dbparity.report.model import Badge, Code, Inline, Rich, Tone, join, rich
from pytest_dbparity.severity import Severity

MAX_VALUE = 80

SEVERITY_WORD: Mapping[Severity, str] = {
    Severity.CRITICAL: "CRITICAL",
    Severity.HIGH: "HIGH",
    Severity.MEDIUM: "MEDIUM",
    Severity.LOW: "LOW",
    Severity.INFO: "INFO",
}

_TONES: Mapping[Severity, Tone] = {
    Severity.CRITICAL: "critical",
    Severity.HIGH: "high",
    Severity.MEDIUM: "medium",
    Severity.LOW: "low",
    Severity.INFO: "info",
}


def severity_badge(severity: Severity) -> Badge:
    return Badge(SEVERITY_WORD[severity], _TONES[severity])


def status_badges(f: Finding, inp: ReportInput) -> Rich:
    """The severity badge, and how the finding is accepted (if it is)."""
    status = inp.status(f)
    out: list[Inline] = [severity_badge(f.severity)]
    if status == "ignored":
        out += [" ", Badge("IGNORED", "ignored")]
    elif status == "approved":
        out += [" ", Badge("APPROVED", "approved")]
    return tuple(out)


def short(value: Any, limit: int = MAX_VALUE) -> str:
    """A value as one short line."""
    if isinstance(value, str) and "\n" in value.strip("\n"):
        lines = value.strip("\n").splitlines()
        return f"<{len(lines)} lines of text>"
    text = format_value(value).strip()
    text = " ".join(text.split()) if "\n" in text else text
    if len(text) > limit:
        return text[: limit - 3] + "..."
    return text


def values(a: Any, b: Any) -> Rich:
    """`` (A: `x`; B: `y`)``: the two sides of a differing attribute (hidden
    values that differ: `` (differs (values hidden))``)."""
    if a == b and a is not None:
        return rich(" (", _value(a), ")")
    return rich(" (A: ", _value(a), "; B: ", _value(b), ")")


def _value(value: Any) -> Rich:
    return ("not set",) if value is None else (Code(short(value, 120)),)


def other_side(letter: str) -> str:
    """``B`` for ``A`` and ``A`` for ``B``."""
    return "B" if letter == "A" else "A"


def env_label(env: EnvInfo) -> str:
    """``prod (icraft prod)``, or just ``prod``."""
    if env.label and env.label != env.name:
        return f"{env.name} ({env.label})"
    return env.name


def env_side(env: EnvInfo, letter: str) -> str:
    """``A (prod, icraft prod)``."""
    if env.label and env.label != env.name:
        return f"{letter} ({env.name}, {env.label})"
    return f"{letter} ({env.name})"


def codes(keys: Iterable[str], limit: int | None = None) -> Rich:
    """Keys as code spans, comma separated, cut after *limit* with a count."""
    keys = list(keys)
    shown = keys if limit is None else keys[:limit]
    out = join([(Code(k),) for k in shown])
    if len(shown) < len(keys):
        out = rich(out, f" and {len(keys) - len(shown)} more")
    return out

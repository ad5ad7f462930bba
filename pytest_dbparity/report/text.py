"""Small pieces of report text: values, object descriptions, badges, statuses."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pytest_dbparity.catalog import EnvInfo
from pytest_dbparity.catalog.model import (
    CatalogObject,
    Column,
    Constraint,
    Extension,
    Function,
    Index,
    Policy,
    Trigger,
    View,
)
from pytest_dbparity.findings import Finding
from pytest_dbparity.render import format_value
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

#: Human names of kinds, singular and plural.
KIND_NAMES: Mapping[str, tuple[str, str]] = {
    "schema": ("schema", "schemas"),
    "table": ("table", "tables"),
    "column": ("column", "columns"),
    "constraint": ("constraint", "constraints"),
    "index": ("index", "indexes"),
    "rls": ("RLS setting", "RLS settings"),
    "policy": ("policy", "policies"),
    "function": ("function", "functions"),
    "trigger": ("trigger", "triggers"),
    "view": ("view", "views"),
    "sequence": ("sequence", "sequences"),
    "type": ("type", "types"),
    "extension": ("extension", "extensions"),
    "privilege": ("privilege", "privileges"),
    "migration": ("migration", "migrations"),
    "row_count": ("row count", "row counts"),
}


def kind_name(kind: str, n: int = 1) -> str:
    singular, plural = KIND_NAMES.get(kind, (kind, kind + "s"))
    return singular if n == 1 else plural


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


def describe(obj: CatalogObject | None) -> str:
    """What an object is, in a few words (for a cell naming the side it is on)."""
    if obj is None:
        return "missing"
    if isinstance(obj, Column):
        text = obj.type + (" not null" if obj.not_null else ", nullable")
        if obj.default is not None:
            text += f", default {obj.default}"
        if obj.identity_kind:
            text += f", identity {obj.identity_kind}"
        if obj.generated:
            text += f", generated {obj.generated}"
        return text
    if isinstance(obj, Constraint):
        return obj.definition or constraint_text(obj)
    if isinstance(obj, Function):
        return signature(obj)
    if isinstance(obj, Policy):
        text = f"{obj.permissive.lower()} {obj.command} to {', '.join(obj.roles)}"
        if obj.using is not None:
            text += f" using ({obj.using})"
        if obj.with_check is not None:
            text += f" with check ({obj.with_check})"
        return text
    if isinstance(obj, Index):
        text = ("unique " if obj.unique else "") + obj.definition
        if obj.predicate:
            text += f" where {obj.predicate}"
        return text
    if isinstance(obj, Trigger):
        return obj.definition
    if isinstance(obj, View):
        return "materialized view" if obj.materialized else "view"
    if isinstance(obj, Extension):
        return f"{obj.version} in schema {obj.schema}"
    return "present"


def constraint_text(c: Constraint) -> str:
    text = f"{c.constraint_type} ({', '.join(c.columns)})"
    if c.ref_table:
        text += f" references {c.ref_table} ({', '.join(c.ref_columns)})"
    if c.expression:
        text += f" {c.expression}"
    return text


def signature(f: Function) -> str:
    result = f.result if f.result is not None else f.function_type
    return f"({f.arguments}) -> {result}"

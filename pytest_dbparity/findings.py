"""Findings: differences with their severity, and the JSON findings file.

``compare`` joins the pure diff engine with the severity rules; the result is what
the pytest items, the terminal summary and the JSON file all read.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_dbparity.catalog import Catalog, EnvInfo
from pytest_dbparity.diff import Change, ObjectDiff, diff_kind
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.normalize import same_sql
from pytest_dbparity.severity import Rule, Severity, classify

FORMAT = "dbparity-findings/1"


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One differing attribute (or a missing object) of one object."""

    kind: str
    object: str
    change: Change
    attribute: str | None
    a: Any
    b: Any
    severity: Severity
    accepted: bool = False
    reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "object": self.object,
            "change": self.change,
            "attribute": self.attribute,
            "a": self.a,
            "b": self.b,
            "severity": self.severity.label,
            "accepted": self.accepted,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class ObjectResult:
    """One object (one pytest item): its diff and the findings it yields."""

    diff: ObjectDiff
    findings: tuple[Finding, ...]

    @property
    def kind(self) -> str:
        return self.diff.kind

    @property
    def key(self) -> str:
        return self.diff.key

    def failing(self, fail_on: Severity) -> tuple[Finding, ...]:
        return tuple(
            f for f in self.findings if not f.accepted and f.severity >= fail_on
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    """Every object of every compared kind, in a fixed order."""

    env_a: EnvInfo
    env_b: EnvInfo
    kinds: tuple[Kind, ...]
    results: Mapping[str, tuple[ObjectResult, ...]] = field(default_factory=dict)

    def of(self, kind: str) -> tuple[ObjectResult, ...]:
        return self.results.get(kind, ())

    def findings(self) -> list[Finding]:
        return [f for k in self.kinds for r in self.of(k) for f in r.findings]


def implied_by(diff: ObjectDiff, a: Catalog, b: Catalog) -> str | None:
    """The missing parent of an object missing on one side, if that explains it.

    A column of a table that is missing in B is missing in B too; its finding follows
    from the table's. Returns ``"<kind> <key> missing in B"`` or None.
    """
    change = diff.change
    if change not in ("missing_in_a", "missing_in_b"):
        return None
    present = diff.pair.a if diff.pair.a is not None else diff.pair.b
    parent = present.parent if present is not None else None
    if parent is None:
        return None
    kind, key = parent
    where, letter = (a, "A") if change == "missing_in_a" else (b, "B")
    candidates = ("table", "view") if kind == "table" else (kind,)
    read = [k for k in candidates if k in where.kinds]
    if not read or any(key in where.of(k) for k in read):
        return None
    return f"{kind} {key} missing in {letter}"


def findings_of(
    diff: ObjectDiff, rules: Sequence[Rule], implied: str | None = None
) -> tuple[Finding, ...]:
    change = diff.change
    if change is None:
        return ()
    out = []
    for d in diff.differences:
        verdict = classify(
            kind=diff.kind,
            key=diff.key,
            attribute=d.attribute,
            change=change,
            rules=rules,
            implied_by=implied,
        )
        out.append(
            Finding(
                kind=diff.kind,
                object=diff.key,
                change=change,
                attribute=d.attribute,
                a=d.a,
                b=d.b,
                severity=verdict.severity,
                accepted=verdict.ignored,
                reason=verdict.reason,
            )
        )
    return tuple(out)


def compare(
    a: Catalog,
    b: Catalog,
    *,
    kinds: Iterable[Kind],
    rules: Sequence[Rule] = (),
) -> Comparison:
    """Compare two catalogs kind by kind; every object gets a result.

    A kind that either side could not read is compared on neither: what a role may
    not see is never reported as a difference.
    """
    kinds = tuple(k for k in kinds if k in a.kinds and k in b.kinds)
    results: dict[str, tuple[ObjectResult, ...]] = {}
    for kind in kinds:
        diffs = diff_kind(kind, a.of(kind), b.of(kind), same_sql=same_sql)
        results[kind] = tuple(
            ObjectResult(diff=d, findings=findings_of(d, rules, implied_by(d, a, b)))
            if d.differences
            else ObjectResult(diff=d, findings=())
            for d in diffs
        )
    return Comparison(env_a=a.env, env_b=b.env, kinds=kinds, results=results)


def findings_document(
    comparison: Comparison, *, approved: Collection[tuple[str, str]] = ()
) -> dict[str, Any]:
    """The JSON findings document (format ``dbparity-findings/1``).

    *approved* holds ``(kind, key)`` of objects whose difference matched its approved
    snapshot: their findings are ``accepted`` like those an ignore rule covers.
    """

    def env(e: EnvInfo) -> dict[str, Any]:
        return {
            "name": e.name,
            "label": e.label,
            "server_version": e.server_version,
        }

    return {
        "format": FORMAT,
        "env_a": env(comparison.env_a),
        "env_b": env(comparison.env_b),
        "kinds": list(comparison.kinds),
        "findings": [
            {**f.to_json(), "accepted": f.accepted or (f.kind, f.object) in approved}
            for f in comparison.findings()
        ],
    }


def write_findings(path: Path, document: Mapping[str, Any]) -> None:
    """Write a findings document atomically (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    text = json.dumps(document, indent=2, ensure_ascii=False)
    tmp.write_text(text + "\n", "utf-8")
    tmp.replace(path)

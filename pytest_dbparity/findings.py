"""Findings: differences with their severity, and the JSON findings file.

``compare`` joins the pure diff engine with the severity rules; the result is what
the pytest items, the terminal summary and the JSON file all read.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pytest_dbparity.catalog import Catalog, CatalogObject, EnvInfo
from pytest_dbparity.core.identifiers import quote_ident, split_name
from pytest_dbparity.core.objects import is_copy
from pytest_dbparity.core.secrets import DIFFERENT_KEYS, KEY_VARIABLE, shown_pair
from pytest_dbparity.diff import Change, Equivalent, ObjectDiff, diff_kind
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.normalize import same_expression, same_sql
from pytest_dbparity.severity import Rule, Severity, classify

if TYPE_CHECKING:
    from pytest_dbparity.kinds._spec import KindSpec

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
    #: kind -> side ("A"/"B") -> why that side did not read it: asked for, but
    #: compared on neither side, and never taken for "no object".
    not_read: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def of(self, kind: str) -> tuple[ObjectResult, ...]:
        return self.results.get(kind, ())

    def findings(self) -> list[Finding]:
        return [f for k in self.kinds for r in self.of(k) for f in r.findings]


def implied_by(diff: ObjectDiff, a: Catalog, b: Catalog) -> str | None:
    """The missing parent of an object missing on one side, if that explains it.

    A column of a table that is missing in B is missing in B too; its finding follows
    from the table's. Returns ``"<kind> <key> missing in B"`` or None. Only a parent
    that is missing where the object is missing, and exists where the object does,
    explains it: as an object read there, or inside a schema read there (an
    identity column's sequence is part of its column, not an object of its own,
    yet its grants are read). A policy on a table outside the read scope
    (``storage.objects``, say) is a finding of its own.
    """
    change = diff.change
    if change not in ("missing_in_a", "missing_in_b"):
        return None
    present = diff.pair.a if diff.pair.a is not None else diff.pair.b
    parent = present.parent if present is not None else None
    if parent is None:
        return None
    kind, key = parent
    where, there, letter = (a, b, "A") if change == "missing_in_a" else (b, a, "B")
    # Imported here: the kinds' report pieces import findings.
    from pytest_dbparity.kinds.registry import SPECS

    candidates = (kind, *SPECS[kind].also_found_as) if kind in SPECS else (kind,)
    read = [k for k in candidates if k in where.kinds and k in there.kinds]
    if not read or any(key in where.of(k) for k in read):
        return None
    if not any(key in there.of(k) for k in read) and not _in_read_schema(
        SPECS.get(kind), key, there
    ):
        return None  # the parent lies outside what was read: not an explanation
    return f"{kind} {key} missing in {letter}"


def _parents_copy(diff: ObjectDiff, a: Catalog, b: Catalog) -> bool:
    """Whether *diff* is a partition's copy of its parent's object (see
    ``CatalogObject.follows_parent``) present on one side only, where the other
    side's table is missing or a partition too: the parent's own object, or the
    table, carries the difference. Compared only against a plain table."""
    change = diff.change
    if change not in ("missing_in_a", "missing_in_b"):
        return False
    present = diff.pair.a if diff.pair.a is not None else diff.pair.b
    if not is_copy(present) or present is None or present.parent is None:
        return False
    kind, key = present.parent
    other = a if change == "missing_in_a" else b
    table = other.of(kind).get(key) if kind in other.kinds else None
    return table is None or getattr(table, "partition_of", None) is not None


def _in_read_schema(spec: KindSpec | None, key: str, catalog: Catalog) -> bool:
    """Whether the schema-bound object *key* sits in a schema *catalog* read."""
    if spec is None or spec.scope != "schema":
        return False
    try:
        schema = split_name(key.split("(", 1)[0])[0]
    except ValueError:
        return False
    # Imported here: the kinds' report pieces import findings.
    from pytest_dbparity.kinds.registry import kinds_where

    holders = [k for k in kinds_where(namespace=True) if k in catalog.kinds]
    return any(quote_ident(schema) in catalog.of(k) for k in holders)


def compared_objects(
    kind: str,
    a: Mapping[str, CatalogObject],
    b: Mapping[str, CatalogObject] | None = None,
) -> tuple[Mapping[str, CatalogObject], Mapping[str, CatalogObject]]:
    """The objects of *kind* that are compared (``KindSpec.compared_if``): a
    pair is kept when the condition holds on one side at least."""
    from pytest_dbparity.kinds.registry import SPECS

    b = {} if b is None else b
    spec = SPECS.get(kind)
    test = None if spec is None else spec.compared_if
    if test is None:
        return a, b
    keep = {k for k, o in a.items() if test(o)} | {k for k, o in b.items() if test(o)}
    return (
        {k: o for k, o in a.items() if k in keep},
        {k: o for k, o in b.items() if k in keep},
    )


def findings_of(
    diff: ObjectDiff,
    rules: Sequence[Rule],
    implied: str | None = None,
    catalogs: tuple[Catalog, Catalog] | None = None,
) -> tuple[Finding, ...]:
    """The findings of one object's differences. With *catalogs* (A's, B's),
    the kind's ``escalate`` hook may raise a default severity from what the
    objects hold."""
    from pytest_dbparity.kinds.registry import SPECS

    change = diff.change
    if change is None:
        return ()
    spec = SPECS.get(diff.kind)
    hook = None if spec is None or catalogs is None else spec.escalate
    out = []
    for d in diff.differences:
        escalated = None
        if hook is not None and catalogs is not None:
            escalated = hook(diff.pair.a, diff.pair.b, d.attribute, *catalogs)
        verdict = classify(
            kind=diff.kind,
            key=diff.key,
            attribute=d.attribute,
            change=change,
            rules=rules,
            implied_by=implied,
            escalated=escalated,
        )
        # Hidden values (secrets) never reach a finding: every output shows
        # what findings hold.
        a, b = shown_pair(d.a, d.b)
        reason = verdict.reason
        if a == DIFFERENT_KEYS and not verdict.ignored:
            reason = (
                f"{DIFFERENT_KEYS}: the two sides were hashed under different "
                f"keys (a saved catalog: give {KEY_VARIABLE} as when it was saved)"
            )
        out.append(
            Finding(
                kind=diff.kind,
                object=diff.key,
                change=change,
                attribute=d.attribute,
                a=a,
                b=b,
                severity=verdict.severity,
                accepted=verdict.ignored,
                reason=reason,
            )
        )
    return tuple(out)


def not_read(
    kinds: Iterable[str], catalogs: Iterable[tuple[str, Catalog]]
) -> dict[str, dict[str, str]]:
    """kind -> side -> why that side's catalog does not hold the kind: the role
    may not read it, or a saved catalog was made without it."""
    out: dict[str, dict[str, str]] = {}
    for letter, cat in catalogs:
        for kind in kinds:
            if kind in cat.unreadable:
                out.setdefault(kind, {})[letter] = cat.unreadable[kind]
            elif kind not in cat.kinds:
                out.setdefault(kind, {})[letter] = (
                    "its catalog does not hold this kind (a saved catalog made "
                    "by an older version or with other kinds)"
                )
    return out


#: What a comparison of servers of two majors treats as equal (the header's
#: note and the findings file's ``majors_differ``).
MAJORS_NOTE = (
    "the servers run different PostgreSQL majors: what only the version makes "
    "differ is equal (definitions and expressions with the same parse tree, "
    "GRANT ALL with or without the newer server's MAINTAIN, extensions at their "
    "own server's default version, NOT NULL wherever the catalog holds it)"
)


def major_of(env: EnvInfo) -> int | None:
    """The server's major version (None: not known, a catalog saved without it)."""
    return env.server_version_num // 10000 if env.server_version_num else None


def majors_differ(a: EnvInfo, b: EnvInfo) -> bool:
    """Whether the two servers are known to run different majors."""
    ma, mb = major_of(a), major_of(b)
    return ma is not None and mb is not None and ma != mb


def across_majors(kind: str, a: EnvInfo, b: EnvInfo) -> Equivalent | None:
    """What *kind* treats as equal between servers of two majors (None: the
    same major, or nothing): its ``expressions`` by parse tree, deparse-style
    differences removed, and its ``across_majors`` hook."""
    from pytest_dbparity.kinds.registry import SPECS

    spec = SPECS.get(kind)
    ma, mb = major_of(a), major_of(b)
    if spec is None or ma is None or mb is None or ma == mb:
        return None
    expressions, hook = frozenset(spec.expressions), spec.across_majors
    if not expressions and hook is None:
        return None

    def equivalent(
        obj_a: CatalogObject, obj_b: CatalogObject, attribute: str, va: Any, vb: Any
    ) -> bool:
        if (
            attribute in expressions
            and isinstance(va, str)
            and isinstance(vb, str)
            and same_expression(va, vb)
        ):
            return True
        return hook is not None and hook(obj_a, obj_b, attribute, va, vb, ma, mb)

    return equivalent


def compare(
    a: Catalog,
    b: Catalog,
    *,
    kinds: Iterable[Kind],
    rules: Sequence[Rule] = (),
) -> Comparison:
    """Compare two catalogs kind by kind; every object gets a result.

    Between servers of two majors, what means the same is equal
    (``across_majors``). An object one side cannot hold by construction
    (``Catalog.absent``) is compared on neither. A kind that either side did not
    read is compared on neither (what a role may not see is never reported as a
    difference); it is listed in ``not_read``
    with the reason, so the run can fail it instead of passing it as empty.
    """
    wanted = tuple(kinds)
    missing = not_read(wanted, (("A", a), ("B", b)))
    kinds = tuple(k for k in wanted if k not in missing)
    results: dict[str, tuple[ObjectResult, ...]] = {}
    for kind in kinds:
        of_a, of_b = compared_objects(kind, a.of(kind), b.of(kind))
        absent = {*a.absent.get(kind, {}), *b.absent.get(kind, {})}
        if absent:  # one side cannot hold them: compared on neither
            of_a = {k: o for k, o in of_a.items() if k not in absent}
            of_b = {k: o for k, o in of_b.items() if k not in absent}
        diffs = diff_kind(
            kind,
            of_a,
            of_b,
            same_sql=same_sql,
            equivalent=across_majors(kind, a.env, b.env),
        )
        # Only an object missing on one side can be a partition's copy.
        diffs = [d for d in diffs if not (d.differences and _parents_copy(d, a, b))]
        results[kind] = tuple(
            ObjectResult(
                diff=d, findings=findings_of(d, rules, implied_by(d, a, b), (a, b))
            )
            if d.differences
            else ObjectResult(diff=d, findings=())
            for d in diffs
        )
    return Comparison(
        env_a=a.env, env_b=b.env, kinds=kinds, results=results, not_read=missing
    )


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
            "server_major": major_of(e),
        }

    doc: dict[str, Any] = {
        "format": FORMAT,
        "env_a": env(comparison.env_a),
        "env_b": env(comparison.env_b),
        "kinds": list(comparison.kinds),
        "not_read": {k: dict(v) for k, v in comparison.not_read.items()},
        "findings": [
            {**f.to_json(), "accepted": f.accepted or (f.kind, f.object) in approved}
            for f in comparison.findings()
        ],
    }
    if majors_differ(comparison.env_a, comparison.env_b):
        doc["majors_differ"] = MAJORS_NOTE
    return doc


def write_findings(path: Path, document: Mapping[str, Any]) -> None:
    """Write a findings document atomically (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    text = json.dumps(document, indent=2, ensure_ascii=False)
    tmp.write_text(text + "\n", "utf-8")
    tmp.replace(path)

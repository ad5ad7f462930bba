"""Snapshot content as readable, stable YAML (no syrupy, no pytest here).

One file holds one object: its kind, key and, per differing attribute, both values
and the severity; or, in drift mode, the object's attributes as approved. Beside
that content, ``approved:`` (the date ``--snapshot-update`` wrote it) and
``reason:`` (written by a reviewer, kept by later updates) say when and why; they
are never compared (``content``). Keys are
sorted, lines are never folded and multi-line text is written as a block, so a
snapshot reads well in review and is byte-for-byte stable across runs and Python
versions.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from pytest_dbparity.findings import Finding

FORMAT = "dbparity-snapshot/1"
#: Pseudo-attribute of a whole object that is missing on one side.
OBJECT = "(object)"
#: When and why a difference was approved: beside the content, never compared.
APPROVED, REASON = "approved", "reason"
META = (APPROVED, REASON)


class SnapshotFormatError(ValueError):
    """A snapshot file that is not valid YAML or not in the expected format."""


class _Dumper(yaml.SafeDumper):
    pass


#: Characters YAML reads as line breaks: a block scalar would turn them into "\n".
_BREAKS = ("\x85", "\u2028", "\u2029", "\r")


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style: str | None = None
    if any(b in value for b in _BREAKS):
        style = '"'  # escaped, so every character survives
    elif "\n" in value:
        style = "|"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(data: Mapping[str, Any]) -> str:
    """Deterministic YAML text of *data*."""
    return yaml.dump(
        dict(data),
        Dumper=_Dumper,
        sort_keys=True,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,
        indent=2,
    )


def load(text: str) -> dict[str, Any]:
    """Parse snapshot text; raises ``SnapshotFormatError`` with the reason."""
    try:
        data = yaml.safe_load(text)
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise SnapshotFormatError(
            f"not valid YAML at line {line}: unacceptable character"
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise SnapshotFormatError(f"not valid YAML{where}") from None
    except RecursionError:
        raise SnapshotFormatError("not valid YAML: nested too deeply") from None
    if not isinstance(data, dict):
        raise SnapshotFormatError("not a mapping")
    if data.get("format") != FORMAT:
        raise SnapshotFormatError(
            f"format is {data.get('format')!r}, expected {FORMAT!r}"
        )
    if data.get(REASON) is not None and not isinstance(data[REASON], str):
        raise SnapshotFormatError("'reason' is not text (quote it)")
    if data.get(APPROVED) is not None and not isinstance(
        data[APPROVED], (str, dt.date)
    ):
        raise SnapshotFormatError("'approved' is not a date (YYYY-MM-DD)")
    return data


def content(data: Mapping[str, Any]) -> dict[str, Any]:
    """*data* without when and why it was approved: what an approval covers."""
    return {k: v for k, v in data.items() if k not in META}


def approval_of(data: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """``(date, reason)`` of a loaded snapshot (None where the file has none)."""
    on, reason = data.get(APPROVED), data.get(REASON)
    when = on.isoformat() if isinstance(on, dt.date) else (str(on) if on else None)
    return when, (reason.strip() or None) if isinstance(reason, str) else None


def approval_date() -> str:
    """Today (UTC) as ``YYYY-MM-DD``; ``SOURCE_DATE_EPOCH`` fixes it (reproducible
    files, tests)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    now = (
        dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
        if epoch.isdigit()
        else dt.datetime.now(dt.timezone.utc)
    )
    return now.date().isoformat()


def stamp(text: str, previous: str | None, today: str) -> str:
    """The text written for a new approval (*text*, this package's YAML) dated
    *today*, keeping the ``reason:`` of the file it replaces (*previous*), so a
    reviewer's reason survives ``--snapshot-update``."""
    try:
        data = content(load(text))
    except SnapshotFormatError:
        return text
    data[APPROVED] = today
    reason = None
    if previous is not None:
        try:
            reason = load(previous).get(REASON)
        except SnapshotFormatError:
            reason = None
    if isinstance(reason, str) and reason.strip():
        data[REASON] = reason
    return dump(data)


def parity_snapshot(kind: str, key: str, findings: Sequence[Finding]) -> dict[str, Any]:
    """What an approved A-vs-B difference of one object looks like on disk."""
    differences: dict[str, Any] = {}
    change = findings[0].change if findings else "different"
    for f in findings:
        differences[f.attribute or OBJECT] = {
            "a": f.a,
            "b": f.b,
            "severity": f.severity.label,
        }
    return {
        "format": FORMAT,
        "kind": kind,
        "object": key,
        "change": change,
        "differences": differences,
    }


def drift_snapshot(kind: str, key: str, attrs: Mapping[str, Any]) -> dict[str, Any]:
    """What an approved object of one environment looks like on disk (drift mode)."""
    return {"format": FORMAT, "kind": kind, "object": key, "attributes": dict(attrs)}


@dataclass(frozen=True, slots=True)
class ApprovalCheck:
    """How the current difference (or object) stands against its approval.

    ``holds``: every attribute the approval recorded is as approved and nothing
    else differs, apart from attributes the approval never recorded because the
    kind did not compare them then (``new``: an upgrade added them; they have no
    approved value to hold against). ``changed``: recorded attributes whose value
    is no longer the approved one; ``unapproved``: differences the approval does
    not cover.
    """

    holds: bool
    changed: tuple[str, ...] = ()
    unapproved: tuple[str, ...] = ()
    new: tuple[str, ...] = ()


def _is_entry(name: str) -> bool:
    """``grants[anon]``: an entry of a mapping attribute. Its absence from an
    approval is meaningful (no such grantee then), so it is never "new"."""
    return name.endswith("]") and "[" in name


def _check_attributes(
    approved: Mapping[str, Any], now: Mapping[str, Any]
) -> ApprovalCheck:
    """An object's attributes (drift mode, or the present side of a missing
    object) against the approved ones."""
    changed = tuple(k for k in approved if k not in now or now[k] != approved[k])
    extra = [k for k in now if k not in approved]
    unapproved = tuple(k for k in extra if _is_entry(k))
    new = tuple(k for k in extra if not _is_entry(k))
    return ApprovalCheck(not changed and not unapproved, changed, unapproved, new)


def check_approval(
    approved: Mapping[str, Any], now: Mapping[str, Any]
) -> ApprovalCheck:
    """Compare two snapshot documents (``parity_snapshot``/``drift_snapshot``):
    an upgrade that makes a kind compare one more attribute keeps approvals made
    before it holding for what they recorded."""
    for head in ("format", "kind", "object", "change"):
        if approved.get(head) != now.get(head):
            return ApprovalCheck(False, changed=(head,))
    if "attributes" in approved or "attributes" in now:
        return _check_attributes(
            approved.get("attributes") or {}, now.get("attributes") or {}
        )
    old = approved.get("differences") or {}
    new = now.get("differences") or {}
    if OBJECT in old and OBJECT in new:  # a missing object: its attributes
        a, b = old[OBJECT], new[OBJECT]
        if a.get("severity") != b.get("severity"):
            return ApprovalCheck(False, changed=(OBJECT,))
        side_checks = []
        for letter in ("a", "b"):
            va, vb = a.get(letter), b.get(letter)
            if (va is None) != (vb is None):
                return ApprovalCheck(False, changed=(OBJECT,))
            if isinstance(va, dict) and isinstance(vb, dict):
                side_checks.append(_check_attributes(va, vb))
            elif va != vb:
                return ApprovalCheck(False, changed=(OBJECT,))
        return ApprovalCheck(
            all(c.holds for c in side_checks),
            tuple(k for c in side_checks for k in c.changed),
            tuple(k for c in side_checks for k in c.unapproved),
            tuple(k for c in side_checks for k in c.new),
        )
    changed = tuple(k for k in old if k not in new or new[k] != old[k])
    unapproved = tuple(k for k in new if k not in old)
    return ApprovalCheck(not changed and not unapproved, changed, unapproved)

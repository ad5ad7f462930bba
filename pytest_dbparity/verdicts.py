"""Verdicts: how one item of the parity tests decides, and the failure message.

A pair item (two environments) passes when its object is in parity, its
difference is below the fail-on threshold, or the difference matches its approved
snapshot; a drift item (one environment) when its object matches its approved
snapshot. Each item reports its outcome in ``user_properties`` (``PROPERTY``) so
the controller learns it under xdist.
"""

from __future__ import annotations

import difflib
import json
from typing import TYPE_CHECKING, Any

import pytest

from pytest_dbparity.approvals import Approval
from pytest_dbparity.catalog import EnvInfo
from pytest_dbparity.core.objects import attributes
from pytest_dbparity.core.secrets import shown
from pytest_dbparity.diff import Change, diff_values
from pytest_dbparity.findings import ObjectResult
from pytest_dbparity.handover import InParityObject
from pytest_dbparity.messages import (
    explain,
    format_value,
    side,
    table,
)
from pytest_dbparity.normalize import same_sql
from pytest_dbparity.payloads import DriftObject, InParity, NotRead, Payload
from pytest_dbparity.severity import classify
from pytest_dbparity.snapshot import serializer
from pytest_dbparity.snapshot.extension import (
    CorruptSnapshot,
    DbParitySnapshotExtension,
    Deferred,
    take_tolerated,
)
from pytest_dbparity.writing import display_path

if TYPE_CHECKING:
    from pytest_dbparity.session import DbParitySession

#: user_properties name under which an item reports its outcome to the controller.
PROPERTY = "dbparity"

UPDATE_HINT = "rerun with --snapshot-update to approve it"


def _snapshot(request: pytest.FixtureRequest) -> Any:
    snapshot = request.getfixturevalue("snapshot")
    return snapshot.use_extension(DbParitySnapshotExtension)


def record(request: pytest.FixtureRequest, outcome: dict[str, Any]) -> None:
    request.node.user_properties.append((PROPERTY, json.dumps(outcome)))


def below_threshold(result: ObjectResult) -> dict[str, Any]:
    """The outcome an item reports when its object differs below the fail-on
    threshold only (it passes: nothing to look up, nothing to show)."""
    return {"kind": result.kind, "object": result.key, "outcome": "below-threshold"}


def check(
    session: DbParitySession, payload: Payload, request: pytest.FixtureRequest
) -> None:
    __tracebackhide__ = True
    if isinstance(payload, DriftObject):
        _check_drift(session, payload, request)
    elif isinstance(payload, NotRead):
        record(
            request,
            {"kind": payload.kind, "object": payload.key, "outcome": "failed"},
        )
        pytest.fail(session.scrub(payload.message()), pytrace=False)
    elif isinstance(payload, InParityObject):
        _register(session, payload.kind, request)  # nothing else to check
    elif isinstance(payload, InParity):
        # Lets syrupy read the kind's folder, so approvals of objects now in
        # parity are reported as stale.
        _register(session, payload.kind, request)
        record(
            request,
            {
                "kind": payload.kind,
                "object": payload.key,
                "outcome": "parity",
                "count": payload.count,
            },
        )
    else:
        _check_pair(session, payload, request)


def _register(
    session: DbParitySession, kind: str, request: pytest.FixtureRequest
) -> Any:
    """Ask syrupy for a snapshot once per kind, so it reads the kind's folder."""
    snapshot = None
    if kind not in session.registered:
        session.registered.add(kind)
        snapshot = _snapshot(request)
    return snapshot


def register_empty(
    session: DbParitySession, kind: str, request: pytest.FixtureRequest
) -> None:
    """A kind without objects: let syrupy read its folder (stale approvals)."""
    _register(session, kind, request)


def _envs(session: DbParitySession) -> tuple[EnvInfo, EnvInfo]:
    if session.handover is not None:
        return session.handover.env_a, session.handover.env_b
    assert session.comparison is not None
    return session.comparison.env_a, session.comparison.env_b


def _check_pair(
    session: DbParitySession, result: ObjectResult, request: pytest.FixtureRequest
) -> None:
    __tracebackhide__ = True
    fail_on = session.settings.fail_on
    failing = result.failing(fail_on)
    snapshot = _register(session, result.kind, request)
    if not result.findings:
        return  # in parity: nothing to report, nothing to look up
    if not failing:
        record(request, below_threshold(result))
        return
    outcome = {"kind": result.kind, "object": result.key, "outcome": "failed"}
    snapshot = snapshot or _snapshot(request)
    data = serializer.parity_snapshot(result.kind, result.key, failing)
    if snapshot == Deferred(data):
        outcome["outcome"] = "approved"
        _note_predating(outcome)
        outcome.update(_approval(snapshot).to_json())
        record(request, outcome)
        return
    record(request, outcome)
    message = explain(result, *_envs(session), fail_on)
    pytest.fail(
        session.scrub(message + "\n\n" + _verdict(session, snapshot, data)), False
    )


def _verdict(session: DbParitySession, snapshot: Any, data: dict[str, Any]) -> str:
    """Why the approved snapshot does not cover the current difference."""
    execution = snapshot.executions[max(snapshot.executions)]
    where = display_path(execution.snapshot_location)
    recalled = execution.recalled_data
    broken = _syrupy_error(execution, where)
    if broken is not None:
        return broken
    if isinstance(recalled, CorruptSnapshot):
        return _corrupt(where, recalled.reason)
    if recalled is None:
        return f"Not approved: no snapshot at {where}; {UPDATE_HINT}."
    try:
        approved = serializer.load(str(recalled))
    except serializer.SnapshotFormatError as exc:
        return _corrupt(where, str(exc))
    check = serializer.check_approval(approved, data)
    if check.unapproved and not check.changed:
        return (
            f"The approval at {where} still holds for what it covers "
            f"({', '.join(approved.get('differences') or {}) or '-'}); not "
            f"approved: {', '.join(check.unapproved)} (a difference it does not "
            f"cover: new since the approval, or compared since an upgrade; "
            f"{UPDATE_HINT})."
        )
    diff = difflib.unified_diff(
        serializer.dump(serializer.content(approved)).splitlines(),
        serializer.dump(data).splitlines(),
        fromfile=f"approved ({where})",
        tofile="now",
        lineterm="",
    )
    lines = "\n".join("  " + line for line in diff)
    return f"The approved difference changed ({UPDATE_HINT}):\n{lines}"


def _syrupy_error(execution: Any, where: str) -> str | None:
    """What went wrong inside syrupy's assertion, if it raised: syrupy takes any
    error there (reading, comparing, writing under --snapshot-update) for a
    mismatch, which would otherwise read as "not approved" forever."""
    error = getattr(execution, "exception", None)
    if error is None:
        return None
    return (
        f"syrupy could not check or write the approval at {where}: "
        f"{type(error).__name__}: {error}"
    )


def _approval(snapshot: Any) -> Approval:
    """When and why the snapshot that just matched was approved (its file's
    ``approved:`` and ``reason:``)."""
    recalled = snapshot.executions[max(snapshot.executions)].recalled_data
    try:
        on, reason = serializer.approval_of(serializer.load(str(recalled)))
    except serializer.SnapshotFormatError:
        return Approval()
    return Approval(on, reason)


def _corrupt(where: str, reason: str) -> str:
    return (
        f"The snapshot file {where} is corrupt ({reason}); fix it, delete it, "
        "or rerun with --snapshot-update to rewrite it."
    )


def _note_predating(outcome: dict[str, Any]) -> None:
    """An approval that held without being equal predates attributes the kind
    compares now (the snapshot extension's match said which): name them in the
    outcome (the summary lists them)."""
    new = take_tolerated()
    if new:
        outcome["predates"] = list(new)


def _check_drift(
    session: DbParitySession, item: DriftObject, request: pytest.FixtureRequest
) -> None:
    __tracebackhide__ = True
    assert session.catalog_a is not None
    attrs = shown(attributes(item.obj))  # hidden values: never written
    data = serializer.drift_snapshot(item.kind, item.key, attrs)
    snapshot = _snapshot(request)
    session.registered.add(item.kind)
    outcome: dict[str, Any] = {"kind": item.kind, "object": item.key}
    if snapshot == Deferred(data):
        outcome["outcome"] = "approved"
        _note_predating(outcome)
        record(request, outcome)
        return
    execution = snapshot.executions[max(snapshot.executions)]
    recalled = execution.recalled_data
    env = side(session.catalog_a.env, "A")
    where = display_path(execution.snapshot_location)
    findings: list[dict[str, Any]] = []
    broken = _syrupy_error(execution, where)
    if broken is not None:
        message = broken
    elif isinstance(recalled, CorruptSnapshot):
        message = _corrupt(where, recalled.reason)
    elif recalled is None:
        message = (
            f"{item.kind} {item.key} in {env} is not in its approved snapshot "
            f"(new since approval): no snapshot at {where}; {UPDATE_HINT}."
        )
        findings.append(_drift_finding(session, item, None, None, attrs))
    else:
        try:
            approved = serializer.load(str(recalled)).get("attributes") or {}
        except serializer.SnapshotFormatError as exc:
            approved = None
            message = _corrupt(where, str(exc))
        if approved is not None:
            # Attributes the approval never recorded (an upgrade made the
            # kind compare them) have no approved value: named, not compared.
            new = serializer.check_approval(
                {"attributes": approved}, {"attributes": attrs}
            ).new
            covered = {k: v for k, v in attrs.items() if k not in new}
            changes = diff_values(approved, covered, same_sql=same_sql)
            rows = [["attribute", "approved", "now", "severity"]]
            for d in changes:
                f = _drift_finding(session, item, d.attribute, d.a, d.b)
                findings.append(f)
                rows.append([str(d.attribute), _short(d.a), _short(d.b), f["severity"]])
            message = (
                f"{item.kind} {item.key} in {env} changed since it was approved "
                f"({where}; {UPDATE_HINT}):\n" + _table(rows)
            )
            if new:
                message += (
                    f"\n  not in the approval (compared since an upgrade): "
                    f"{', '.join(new)}"
                )
    outcome["outcome"] = "failed"
    outcome["findings"] = findings
    record(request, outcome)
    pytest.fail(session.scrub(message), pytrace=False)


def _drift_finding(
    session: DbParitySession,
    item: DriftObject,
    attribute: str | None,
    approved: Any,
    now: Any,
) -> dict[str, Any]:
    change: Change = "missing_in_a" if attribute is None else "different"
    verdict = classify(
        kind=item.kind,
        key=item.key,
        attribute=attribute,
        change=change,
        rules=session.settings.rules,
    )
    return {
        "kind": item.kind,
        "object": item.key,
        "change": change,
        "attribute": attribute,
        "a": approved,
        "b": now,
        "severity": verdict.severity.label,
        "accepted": False,
        "reason": verdict.reason,
    }


def _short(value: Any) -> str:
    text = format_value(value)
    return text if len(text) <= 60 and "\n" not in text else text[:57] + "..."


def _table(rows: list[list[str]]) -> str:
    return "\n".join(table(rows))

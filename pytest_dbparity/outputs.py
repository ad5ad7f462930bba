"""What a run writes: the header, the summary, the findings file, the report and
the fix script (controller or only process)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from pytest_dbparity.approvals import Approval
from pytest_dbparity.findings import Finding, findings_document
from pytest_dbparity.findings import write_findings as _write_findings
from pytest_dbparity.messages import (
    finding_line,
    header_lines,
    severity_counts,
)
from pytest_dbparity.settings import AUTO_OBJECTS
from pytest_dbparity.writing import display_path, failure

if TYPE_CHECKING:
    from pytest_dbparity.session import DbParitySession


def header(session: DbParitySession) -> list[str]:
    if session.catalog_a is None:
        return []
    lines = header_lines(
        session.catalog_a,
        session.catalog_b,
        kinds=session.settings.kinds,
        fail_on=session.settings.fail_on,
        rules=len(session.settings.rules),
        not_read=session.not_read(),
    )
    line = profile_line(session)
    if line:
        lines.append(line)
    snapshots, note = session.settings.approvals_folder()
    mode = (
        "drift mode: A against its approved snapshots"
        if (session.settings.drift_mode)
        else "approved differences"
    )
    lines.append(f"dbparity: {mode} in {display_path(str(snapshots))}")
    if note is not None:
        lines.append(f"dbparity: {note}")
    line = items_line(session)
    if line:
        lines.append(line)
    return [session.scrub(line) for line in lines]


def items_line(session: DbParitySession) -> str | None:
    """How objects map to items in this run, and why."""
    chosen = session.settings.items
    if session.settings.drift_mode:
        if chosen != "differences":
            return None
        return (
            "dbparity: --dbparity-items differences does not apply in drift "
            "mode: every object is compared with its approved snapshot"
        )
    count = session.object_count()
    if chosen == "auto":
        why = f"--dbparity-items auto: {count:,} objects, " + (
            f"up to {AUTO_OBJECTS:,}"
            if count <= AUTO_OBJECTS
            else f"over {AUTO_OBJECTS:,}"
        )
    else:
        why = f"--dbparity-items {chosen}: {count:,} objects"
    if session.items_mode == "object":
        return f"dbparity: items: one per object ({why})"
    return (
        "dbparity: items: one per differing object, plus one per kind for all its "
        f"objects in parity, which -k selects by their names ({why}; "
        "--dbparity-items object gives each object its own item, at about 0.6 ms "
        "an item)"
    )


def profile_line(session: DbParitySession) -> str | None:
    """Which platform schemas are partly compared, and how."""
    s = session.settings
    if not s.partial_schemas or not s.partial_kinds or session.catalog_a is None:
        return None
    from pytest_dbparity.platform import load_profile

    profile = load_profile(s.profile)
    if profile is None:
        return None
    return "dbparity: " + profile.describe(
        session.catalog_a.env.server_version_num,
        schemas=s.partial_schemas,
        kinds=s.partial_kinds,
    )


def _ran_findings(session: DbParitySession) -> Iterable[tuple[Finding, str]]:
    if session.comparison is None:
        return
    for kind in session.comparison.kinds:
        for result in session.comparison.of(kind):
            outcome = session.outcomes.get((kind, result.key))
            if outcome is None:
                continue
            for f in result.findings:
                yield f, outcome


def _by_severity(findings: list[Finding]) -> list[Finding]:
    """Most severe first; the order of the comparison (kind, object) within one
    severity."""
    return sorted(findings, key=lambda f: -f.severity)


def summary_lines(session: DbParitySession, verbose: int) -> list[str]:
    """The dbparity summary, printed before pytest's per-item failures: the
    differences that fail the run, one line each, critical first; then the
    approved, the warnings and the ignored ones."""
    fail_on = session.settings.fail_on
    failing: list[Finding] = []
    warned: list[Finding] = []
    ignored: list[Finding] = []
    approved: list[Finding] = []
    for f, outcome in _ran_findings(session):
        if f.accepted:
            ignored.append(f)
        elif f.severity < fail_on:
            warned.append(f)
        elif outcome == "approved":
            approved.append(f)
        elif outcome == "failed":
            failing.append(f)
    lines: list[str] = []
    if failing:
        lines.append(
            f"{len(failing)} difference(s) fail the run ({severity_counts(failing)}), "
            "most severe first:"
        )
        lines.extend(
            "  " + session.scrub(finding_line(f)) for f in _by_severity(failing)
        )
    if session.in_parity:
        lines.append(
            f"{sum(session.in_parity.values())} object(s) in parity, in "
            f"{len(session.in_parity)} in-parity item(s) (--dbparity-items "
            "differences): "
            + ", ".join(f"{k} {n}" for k, n in sorted(session.in_parity.items()))
        )
    if session.predating:
        names = sorted({a for attrs in session.predating.values() for a in attrs})
        lines.append(
            f"{len(session.predating)} approval(s) predate attribute(s) this version "
            f"compares ({', '.join(names)}): they hold for what they recorded; "
            "rerun with --snapshot-update to record the rest"
        )
    limit = None if verbose > 0 else 20
    for title, findings in (
        ("approved in snapshots", approved),
        ("below the fail-on threshold (warnings)", warned),
        ("ignored by rules", ignored),
    ):
        if not findings:
            continue
        lines.append(f"{len(findings)} finding(s) {title}:")
        ordered = _by_severity(findings)
        shown = ordered if limit is None else ordered[:limit]
        lines.extend("  " + session.scrub(finding_line(f)) for f in shown)
        if len(shown) < len(findings):
            lines.append(
                f"  ... and {len(findings) - len(shown)} more (-v shows all; "
                "--dbparity-json writes every finding)"
            )
    return lines


def document(session: DbParitySession) -> dict[str, Any] | None:
    if session.comparison is not None:
        return findings_document(session.comparison, approved=approved(session))
    if session.catalog_a is None:
        return None
    env = session.catalog_a.env
    return {
        "format": "dbparity-findings/1",
        "env_a": {
            "name": env.name,
            "label": env.label,
            "server_version": env.server_version,
            "server_major": env.server_version_num // 10000 or None,
        },
        "env_b": {
            "name": f"{env.name} (approved snapshots)",
            "label": "approved snapshots",
            "server_version": None,
            "server_major": None,
        },
        "kinds": [k for k in session.settings.kinds if k not in session.not_read()],
        "not_read": {k: dict(v) for k, v in session.not_read().items()},
        "findings": session.drift_findings,
    }


def approved(session: DbParitySession) -> frozenset[tuple[str, str]]:
    return frozenset(k for k, o in session.outcomes.items() if o == "approved")


def approvals(session: DbParitySession) -> dict[tuple[str, str], Approval]:
    """When and why each approved object was approved (from its item)."""
    return {k: session.approvals.get(k, Approval()) for k in approved(session)}


def write_outputs(session: DbParitySession) -> None:
    """The findings file, the report and the fix script, as asked for. A file
    that cannot be written is added to ``session.output_failures``; the others
    are still written."""
    s = session.settings
    failures = session.output_failures
    if s.json_path is not None:
        doc = document(session)
        if doc is not None:
            try:
                _write_findings(s.json_path, doc)
            except OSError as exc:
                failures.append(failure("--dbparity-json", s.json_path, exc))
    if (
        session.comparison is None
        or session.catalog_a is None
        or session.catalog_b is None
    ):
        return
    if s.report_paths:
        from pytest_dbparity.report import ReportInput, write_report

        inp = ReportInput(
            comparison=session.comparison,
            catalog_a=session.catalog_a,
            catalog_b=session.catalog_b,
            fail_on=s.fail_on,
            approved=approved(session),
            approvals=approvals(session),
            exclude_approved=s.exclude_approved,
            generated_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        )
        for path in s.report_paths:
            try:
                write_report(path, inp)
            except OSError as exc:
                failures.append(failure("--dbparity-report", path, exc))
    if s.fix_sql_path is not None:
        from pytest_dbparity.fixsql import generate_fix_sql

        script = generate_fix_sql(
            session.comparison,
            direction=s.direction,  # type: ignore[arg-type]
            allow_destructive=s.allow_destructive,
            # Approved differences are in the script, marked, unless excluded.
            accepted=approved(session) if s.exclude_approved else (),
            approvals=approvals(session),
        )
        try:
            s.fix_sql_path.parent.mkdir(parents=True, exist_ok=True)
            s.fix_sql_path.write_text(script, "utf-8")
        except OSError as exc:
            failures.append(failure("--dbparity-fix-sql", s.fix_sql_path, exc))

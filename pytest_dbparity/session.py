"""The state of one parity run, kept in ``config.stash`` while the plugin is active.

Catalogs are read once: by the only process, or by the xdist controller, which
hands its workers what their items need in a file (``handover.py``; in drift mode
the catalog itself). Items never touch a database. An item asks syrupy for a
snapshot only when its object differs (to compare with the approved difference),
or when it is the first item of its kind in this process (so syrupy looks in that
kind's folder and can report stale files).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from pytest_dbparity.catalog import Catalog, EnvInfo
from pytest_dbparity.catalog.codec import read_catalogs, write_catalogs
from pytest_dbparity.catalog.introspect import ReadOptions, scrub
from pytest_dbparity.config import ALLOW_SAME_TARGET, Settings
from pytest_dbparity.core.objects import CatalogObject, attributes
from pytest_dbparity.diff import Change, diff_values
from pytest_dbparity.errors import ConfigError
from pytest_dbparity.findings import (
    Comparison,
    Finding,
    ObjectResult,
    compare,
    findings_document,
)
from pytest_dbparity.findings import write_findings as _write_findings
from pytest_dbparity.gcpause import gc_paused
from pytest_dbparity.handover import (
    Handover,
    InParityObject,
    handover_of,
    read_handover,
    write_handover,
)
from pytest_dbparity.messages import (
    explain,
    finding_line,
    format_value,
    header_lines,
    side,
    table,
)
from pytest_dbparity.normalize import same_sql
from pytest_dbparity.severity import classify
from pytest_dbparity.snapshot import serializer
from pytest_dbparity.snapshot.extension import DbParitySnapshotExtension
from pytest_dbparity.sources import read_environment, save_catalog

#: user_properties name under which an item reports its outcome to the controller.
PROPERTY = "dbparity"

UPDATE_HINT = "rerun with --snapshot-update to approve it"


@dataclass(frozen=True, slots=True)
class DriftObject:
    """One object of env A, compared with its approved snapshot (drift mode)."""

    kind: str
    key: str
    obj: CatalogObject


@dataclass(frozen=True, slots=True)
class InParity:
    """All objects of one kind without a difference, as one item
    (``--dbparity-items differences``)."""

    kind: str
    count: int

    #: The item id: never an object key (an unquoted identifier has no dash).
    key = "in-parity"


Payload = ObjectResult | InParityObject | DriftObject | InParity


@dataclass(frozen=True, slots=True)
class ParityCheck:
    """What a parity test receives as ``parity``: one object, and how to check it."""

    session: DbParitySession
    payload: Payload
    request: pytest.FixtureRequest

    def check(self) -> None:
        """Fail with a side-by-side message unless the object is in parity or its
        difference is the approved one."""
        __tracebackhide__ = True
        self.session.check(self.payload, self.request)


@dataclass
class DbParitySession:
    settings: Settings
    catalog_a: Catalog | None = None
    catalog_b: Catalog | None = None
    comparison: Comparison | None = None
    #: Kinds whose snapshot folder syrupy was asked to look at in this process.
    registered: set[str] = field(default_factory=set)
    #: (kind, key) -> outcome, from the reports of items that ran (all processes).
    outcomes: dict[tuple[str, str], str] = field(default_factory=dict)
    #: kind -> objects in parity checked by its ``in-parity`` item (differences mode).
    in_parity: dict[str, int] = field(default_factory=dict)
    #: Drift-mode findings reported by items.
    drift_findings: list[dict[str, Any]] = field(default_factory=list)
    #: What an xdist worker got from the controller instead of the catalogs.
    handover: Handover | None = None
    #: The file handed to xdist workers (controller only).
    catalog_file: Path | None = None
    #: Throwaway servers (migrations environments), closed at the end of the run.
    resources: ExitStack = field(default_factory=ExitStack)

    # ------------------------------------------------------------ reading

    def read_options(self) -> ReadOptions:
        s = self.settings
        return ReadOptions(
            kinds=s.kinds,
            exclude_schemas=s.exclude_schemas,
            include_schemas=s.include_schemas,
            migrations_table=s.migrations_table,
            exact_counts=s.exact_counts,
            connect_timeout=s.connect_timeout,
            statement_timeout=s.statement_timeout,
            dependencies=bool(s.report_paths) or s.save_catalog_path is not None,
        )

    def read(self) -> None:
        """Read the catalogs from the environments (raises ``DbParityError``).

        Two live databases are read at the same time, one thread each (the wait for
        one server overlaps the other's model building). A migrations folder is
        applied after the live environment is read, so its throwaway server can run
        the same PostgreSQL major version.
        """
        options = self.read_options()
        a, b = self.settings.env_a, self.settings.env_b
        if b is not None and "migrations" not in (a.source, b.source):
            with ThreadPoolExecutor(2, thread_name_prefix="dbparity-read") as pool:
                futures = [
                    pool.submit(read_environment, env, options, stack=self.resources)
                    for env in (a, b)
                ]
                # A's error first, whichever finished first: the same message on
                # every run.
                self.catalog_a, self.catalog_b = (f.result() for f in futures)
        else:
            envs = [("a", a)] + ([("b", b)] if b is not None else [])
            envs.sort(key=lambda e: e[1].source == "migrations")
            major = None
            for side_name, env in envs:
                catalog = read_environment(
                    env, options, stack=self.resources, major=major
                )
                major = major or catalog.env.server_version_num // 10000 or None
                if side_name == "a":
                    self.catalog_a = catalog
                else:
                    self.catalog_b = catalog
        self._refuse_one_database()
        if self.settings.save_catalog_path is not None and self.catalog_a is not None:
            save_catalog(self.settings.save_catalog_path, self.catalog_a)
        self._compare()

    def _refuse_one_database(self) -> None:
        """Stop when two live environments turned out to be one database (names
        the DSNs spell differently: ``localhost`` and ``127.0.0.1``, a service
        file, a pooler's port ...): the same database on the same running server."""
        s, a, b = self.settings, self.catalog_a, self.catalog_b
        if s.allow_same_target or s.env_b is None or a is None or b is None:
            return
        if s.env_a.source != "dsn" or s.env_b.source != "dsn":
            return
        if a.env.server_instance and (a.env.server_instance, a.env.dbname) == (
            b.env.server_instance,
            b.env.dbname,
        ):
            raise ConfigError(
                f"--env-a {s.env_a.name!r} and --env-b {s.env_b.name!r} are the "
                f"same database ({a.env.dbname} on the server at "
                f"{a.env.server_instance}): it would be compared with itself; give "
                f"two databases, or {ALLOW_SAME_TARGET} to compare what two roles "
                "see in one"
            )

    def close(self) -> None:
        """Stop throwaway servers and remove their files."""
        self.resources.close()

    def save(self, folder: Path) -> None:
        """Write what xdist workers need into *folder*: the hand-over when two
        environments were compared, else (drift mode) the catalog."""
        a, b = self.catalog_a, self.catalog_b
        if self.comparison is not None and a is not None and b is not None:
            path = folder / "handover.pickle"
            write_handover(path, handover_of(self.comparison, a, b))
        else:
            path = folder / "catalogs.json"
            write_catalogs(path, {"a": a} if a is not None else {})
        self.catalog_file = path

    def load(self, path: Path) -> None:
        """Take what the xdist controller handed over (worker side)."""
        with gc_paused():
            if path.suffix == ".pickle":
                self.handover = read_handover(path)
                return
            catalogs = read_catalogs(path)
        self.catalog_a = catalogs["a"]
        self.catalog_b = catalogs.get("b")
        self._compare()

    def _compare(self) -> None:
        if self.catalog_a is not None and self.catalog_b is not None:
            with gc_paused():  # half the comparison's time at 10,000 tables
                self.comparison = compare(
                    self.catalog_a,
                    self.catalog_b,
                    kinds=self.settings.kinds,
                    rules=self.settings.rules,
                )

    # ------------------------------------------------------------ collection

    def skip_reason(self, kind: str) -> str | None:
        """Why no object of *kind* is checked in this run, if so."""
        if kind not in self.settings.kinds:
            return (
                f"kind {kind!r} not compared (--dbparity-kinds / kinds in the config)"
            )
        reasons = [
            f"{letter}: {unreadable[kind]}"
            for letter, unreadable in self._unreadable()
            if kind in unreadable
        ]
        if reasons:
            why = "; ".join(reasons)
            return f"{kind} not visible, so compared on neither side ({why})"
        return None

    def _unreadable(self) -> list[tuple[str, Mapping[str, str]]]:
        if self.handover is not None:
            return list(self.handover.unreadable.items())
        return [
            (letter, cat.unreadable)
            for letter, cat in (("A", self.catalog_a), ("B", self.catalog_b))
            if cat is not None
        ]

    @property
    def items_mode(self) -> str:
        """``object`` or ``differences``; drift mode always checks every object."""
        return "object" if self.settings.drift_mode else self.settings.items

    def payloads(self, kind: str) -> list[Payload]:
        """The items of *kind*, sorted by key: one per object, or (differences
        mode) one per differing object plus one for all objects in parity."""
        results: tuple[ObjectResult | InParityObject, ...] | None = None
        if self.handover is not None:
            results = self.handover.results(kind)
        elif self.comparison is not None:
            results = self.comparison.of(kind)
        if results is not None:
            if self.items_mode == "object":
                return list(results)
            differing: list[Payload] = [
                r for r in results if isinstance(r, ObjectResult) and r.findings
            ]
            in_parity = len(results) - len(differing)
            if in_parity:
                differing.append(InParity(kind, in_parity))
            return differing
        assert self.catalog_a is not None
        objs = self.catalog_a.of(kind)  # type: ignore[arg-type]
        return [DriftObject(kind, key, objs[key]) for key in sorted(objs)]

    # ------------------------------------------------------------ checking

    def _snapshot(self, request: pytest.FixtureRequest) -> Any:
        snapshot = request.getfixturevalue("snapshot")
        return snapshot.use_extension(DbParitySnapshotExtension)

    def _record(self, request: pytest.FixtureRequest, outcome: dict[str, Any]) -> None:
        request.node.user_properties.append((PROPERTY, json.dumps(outcome)))

    def check(self, payload: Payload, request: pytest.FixtureRequest) -> None:
        __tracebackhide__ = True
        if isinstance(payload, DriftObject):
            self._check_drift(payload, request)
        elif isinstance(payload, InParityObject):
            self._register(payload.kind, request)  # nothing else to check
        elif isinstance(payload, InParity):
            # Lets syrupy read the kind's folder, so approvals of objects now in
            # parity are reported as stale.
            self._register(payload.kind, request)
            self._record(
                request,
                {
                    "kind": payload.kind,
                    "object": payload.key,
                    "outcome": "parity",
                    "count": payload.count,
                },
            )
        else:
            self._check_pair(payload, request)

    def _register(self, kind: str, request: pytest.FixtureRequest) -> Any:
        """Ask syrupy for a snapshot once per kind, so it reads the kind's folder."""
        snapshot = None
        if kind not in self.registered:
            self.registered.add(kind)
            snapshot = self._snapshot(request)
        return snapshot

    def register_empty(self, kind: str, request: pytest.FixtureRequest) -> None:
        """A kind without objects: let syrupy read its folder (stale approvals)."""
        self._register(kind, request)

    def _envs(self) -> tuple[EnvInfo, EnvInfo]:
        if self.handover is not None:
            return self.handover.env_a, self.handover.env_b
        assert self.comparison is not None
        return self.comparison.env_a, self.comparison.env_b

    def _check_pair(self, result: ObjectResult, request: pytest.FixtureRequest) -> None:
        __tracebackhide__ = True
        fail_on = self.settings.fail_on
        failing = result.failing(fail_on)
        snapshot = self._register(result.kind, request)
        if not result.findings:
            return  # in parity: nothing to report, nothing to look up
        outcome = {"kind": result.kind, "object": result.key, "outcome": "failed"}
        if not failing:
            outcome["outcome"] = "below-threshold"
            self._record(request, outcome)
            return
        snapshot = snapshot or self._snapshot(request)
        data = serializer.parity_snapshot(result.kind, result.key, failing)
        if snapshot == data:
            outcome["outcome"] = "approved"
            self._record(request, outcome)
            return
        self._record(request, outcome)
        message = explain(result, *self._envs(), fail_on)
        pytest.fail(self.scrub(message + "\n\n" + self._verdict(snapshot, data)), False)

    def _verdict(self, snapshot: Any, data: dict[str, Any]) -> str:
        """Why the approved snapshot does not cover the current difference."""
        execution = snapshot.executions[max(snapshot.executions)]
        where = self._display_path(execution.snapshot_location)
        recalled = execution.recalled_data
        if recalled is None:
            return f"Not approved: no snapshot at {where}; {UPDATE_HINT}."
        try:
            serializer.load(str(recalled))
        except serializer.SnapshotFormatError as exc:
            return (
                f"The snapshot file {where} is corrupt ({exc}); fix it, delete it, "
                f"or rerun with --snapshot-update to rewrite it."
            )
        diff = difflib.unified_diff(
            str(recalled).splitlines(),
            serializer.dump(data).splitlines(),
            fromfile=f"approved ({where})",
            tofile="now",
            lineterm="",
        )
        lines = "\n".join("  " + line for line in diff)
        return f"The approved difference changed ({UPDATE_HINT}):\n{lines}"

    def _display_path(self, location: str) -> str:
        path = Path(location)
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)

    def _check_drift(self, item: DriftObject, request: pytest.FixtureRequest) -> None:
        __tracebackhide__ = True
        assert self.catalog_a is not None
        attrs = attributes(item.obj)
        data = serializer.drift_snapshot(item.kind, item.key, attrs)
        snapshot = self._snapshot(request)
        self.registered.add(item.kind)
        outcome: dict[str, Any] = {"kind": item.kind, "object": item.key}
        if snapshot == data:
            outcome["outcome"] = "approved"
            self._record(request, outcome)
            return
        execution = snapshot.executions[max(snapshot.executions)]
        recalled = execution.recalled_data
        env = side(self.catalog_a.env, "A")
        where = self._display_path(execution.snapshot_location)
        findings: list[dict[str, Any]] = []
        if recalled is None:
            message = (
                f"{item.kind} {item.key} in {env} is not in its approved snapshot "
                f"(new since approval): no snapshot at {where}; {UPDATE_HINT}."
            )
            findings.append(self._drift_finding(item, None, None, attrs))
        else:
            try:
                approved = serializer.load(str(recalled)).get("attributes") or {}
            except serializer.SnapshotFormatError as exc:
                approved = None
                message = (
                    f"The snapshot file {where} is corrupt ({exc}); fix it, delete it,"
                    " or rerun with --snapshot-update to rewrite it."
                )
            if approved is not None:
                changes = diff_values(approved, attrs, same_sql=same_sql)
                rows = [["attribute", "approved", "now", "severity"]]
                for d in changes:
                    f = self._drift_finding(item, d.attribute, d.a, d.b)
                    findings.append(f)
                    rows.append(
                        [str(d.attribute), _short(d.a), _short(d.b), f["severity"]]
                    )
                message = (
                    f"{item.kind} {item.key} in {env} changed since it was approved "
                    f"({where}; {UPDATE_HINT}):\n" + _table(rows)
                )
        outcome["outcome"] = "failed"
        outcome["findings"] = findings
        self._record(request, outcome)
        pytest.fail(self.scrub(message), pytrace=False)

    def _drift_finding(
        self, item: DriftObject, attribute: str | None, approved: Any, now: Any
    ) -> dict[str, Any]:
        change: Change = "missing_in_a" if attribute is None else "different"
        verdict = classify(
            kind=item.kind,
            key=item.key,
            attribute=attribute,
            change=change,
            rules=self.settings.rules,
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

    # ------------------------------------------------------------ reporting

    def collect_report(self, report: pytest.TestReport) -> None:
        """Take an item's outcome from its report (controller or only process)."""
        for name, value in report.user_properties:
            if name != PROPERTY:
                continue
            outcome = json.loads(str(value))
            self.outcomes[(outcome["kind"], outcome["object"])] = outcome["outcome"]
            self.drift_findings.extend(outcome.get("findings", ()))
            if "count" in outcome:
                self.in_parity[outcome["kind"]] = int(outcome["count"])

    def scrub(self, text: str) -> str:
        return scrub(text, self.settings.secrets)

    def header(self) -> list[str]:
        if self.catalog_a is None:
            return []
        lines = header_lines(
            self.catalog_a,
            self.catalog_b,
            kinds=self.settings.kinds,
            fail_on=self.settings.fail_on,
            rules=len(self.settings.rules),
        )
        snapshots = self.settings.snapshot_dir / self.settings.pair_name
        mode = (
            "drift mode: A against its approved snapshots"
            if (self.settings.drift_mode)
            else "approved differences"
        )
        lines.append(f"dbparity: {mode} in {self._display_path(str(snapshots))}")
        if self.settings.items != "object":
            lines.append(
                "dbparity: items: one per differing object, plus one per kind for "
                "all its objects in parity (--dbparity-items differences)"
                if self.items_mode == "differences"
                else "dbparity: --dbparity-items differences does not apply in drift "
                "mode: every object is compared with its approved snapshot"
            )
        return [self.scrub(line) for line in lines]

    def _ran_findings(self) -> Iterable[tuple[Finding, str]]:
        if self.comparison is None:
            return
        for kind in self.comparison.kinds:
            for result in self.comparison.of(kind):
                outcome = self.outcomes.get((kind, result.key))
                if outcome is None:
                    continue
                for f in result.findings:
                    yield f, outcome

    def summary_lines(self, verbose: int) -> list[str]:
        fail_on = self.settings.fail_on
        warned: list[Finding] = []
        ignored: list[Finding] = []
        approved: list[Finding] = []
        for f, outcome in self._ran_findings():
            if f.accepted:
                ignored.append(f)
            elif f.severity < fail_on:
                warned.append(f)
            elif outcome == "approved":
                approved.append(f)
        lines: list[str] = []
        if self.in_parity:
            lines.append(
                f"{sum(self.in_parity.values())} object(s) in parity, in "
                f"{len(self.in_parity)} in-parity item(s) (--dbparity-items "
                "differences): "
                + ", ".join(f"{k} {n}" for k, n in sorted(self.in_parity.items()))
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
            shown = findings if limit is None else findings[:limit]
            lines.extend("  " + self.scrub(finding_line(f)) for f in shown)
            if len(shown) < len(findings):
                lines.append(
                    f"  ... and {len(findings) - len(shown)} more (-v shows all; "
                    "--dbparity-json writes every finding)"
                )
        return lines

    def findings_document(self) -> dict[str, Any] | None:
        if self.comparison is not None:
            return findings_document(self.comparison, approved=self.approved())
        if self.catalog_a is None:
            return None
        env = self.catalog_a.env
        return {
            "format": "dbparity-findings/1",
            "env_a": {
                "name": env.name,
                "label": env.label,
                "server_version": env.server_version,
            },
            "env_b": {
                "name": f"{env.name} (approved snapshots)",
                "label": "approved snapshots",
                "server_version": None,
            },
            "findings": self.drift_findings,
        }

    def approved(self) -> frozenset[tuple[str, str]]:
        return frozenset(k for k, o in self.outcomes.items() if o == "approved")

    def write_outputs(self) -> None:
        """The findings file, the report and the fix script, as asked for."""
        s = self.settings
        if s.json_path is not None:
            doc = self.findings_document()
            if doc is not None:
                _write_findings(s.json_path, doc)
        if self.comparison is None or self.catalog_a is None or self.catalog_b is None:
            return
        if s.report_paths:
            from pytest_dbparity.report import ReportInput, write_report

            inp = ReportInput(
                comparison=self.comparison,
                catalog_a=self.catalog_a,
                catalog_b=self.catalog_b,
                fail_on=s.fail_on,
                approved=self.approved(),
                generated_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            )
            for path in s.report_paths:
                write_report(path, inp)
        if s.fix_sql_path is not None:
            from pytest_dbparity.fixsql import generate_fix_sql

            script = generate_fix_sql(
                self.comparison,
                direction=s.direction,  # type: ignore[arg-type]
                allow_destructive=s.allow_destructive,
                accepted=self.approved(),
            )
            s.fix_sql_path.parent.mkdir(parents=True, exist_ok=True)
            s.fix_sql_path.write_text(script, "utf-8")


def _short(value: Any) -> str:
    text = format_value(value)
    return text if len(text) <= 60 and "\n" not in text else text[:57] + "..."


def _table(rows: list[list[str]]) -> str:
    return "\n".join(table(rows))

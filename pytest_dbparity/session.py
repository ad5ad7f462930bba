"""The state of one parity run, kept in ``config.stash`` while the plugin is active.

Catalogs are read once: by the only process, or by the xdist controller, which
hands its workers what their items need in a file (``handover.py``; in drift mode
the catalog itself). Items never touch a database. An item asks syrupy for a
snapshot only when its object differs (to compare with the approved difference),
or when it is the first item of its kind in this process (so syrupy looks in that
kind's folder and can report stale files).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest

# Imported by name, not ``from pytest_dbparity import ...``: that form takes an
# attribute of the package, which can outlive the module (pytester runs).
import pytest_dbparity.outputs as outputs
import pytest_dbparity.verdicts as verdicts
from pytest_dbparity.approvals import Approval
from pytest_dbparity.catalog import Catalog
from pytest_dbparity.catalog.codec import read_catalogs, write_catalogs
from pytest_dbparity.catalog.introspect import ReadOptions, scrub
from pytest_dbparity.core.objects import is_copy
from pytest_dbparity.environments import ALLOW_SAME_TARGET
from pytest_dbparity.errors import ConfigError
from pytest_dbparity.findings import (
    Comparison,
    ObjectResult,
    compare,
    compared_objects,
    not_read,
)
from pytest_dbparity.gcpause import gc_paused
from pytest_dbparity.handover import (
    Handover,
    InParityObject,
    handover_of,
    read_handover,
    write_handover,
)
from pytest_dbparity.payloads import DriftObject, InParity, NotRead, Payload
from pytest_dbparity.settings import AUTO_OBJECTS, Settings
from pytest_dbparity.sources import read_environment, save_catalog
from pytest_dbparity.verdicts import PROPERTY
from pytest_dbparity.writing import Failure, failure


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
    #: (kind, key) -> when and why its difference was approved (approved items).
    approvals: dict[tuple[str, str], Approval] = field(default_factory=dict)
    #: (kind, key) -> attributes its approval predates (it holds for the rest).
    predating: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    #: A usage error an xdist worker found while collecting (controller only).
    usage_error: str | None = None
    #: Outputs that could not be written (controller or only process): the run
    #: ends with exit code 4 after its summary.
    output_failures: list[Failure] = field(default_factory=list)
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
            data=s.data,
            connect_timeout=s.connect_timeout,
            statement_timeout=s.statement_timeout,
            dependencies=bool(s.report_paths) or s.save_catalog_path is not None,
            profile=s.profile,
            partial_schemas=s.partial_schemas,
            partial_kinds=s.partial_kinds,
        )

    def read(self) -> None:
        """Read the catalogs from the environments (raises ``DbParityError``).

        Two live databases are read at the same time, one thread each (the wait for
        one server overlaps the other's model building). A migrations folder is
        applied after the live environment is read, so its throwaway server can run
        the same PostgreSQL major version (unless ``environments.<name>.major``
        names one; two folders: the second is built on the first's major).
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
            # Live or saved first: a migrations folder is built on its major
            # (then on one configured with environments.<name>.major).
            envs.sort(key=lambda e: (e[1].source == "migrations", e[1].major is None))
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
        path = self.settings.save_catalog_path
        if path is not None and self.catalog_a is not None:
            try:
                save_catalog(path, self.catalog_a)
            except OSError as exc:
                # The run goes on (the comparison is its point) and ends with
                # exit code 4, naming the file.
                self.output_failures.append(
                    failure("--dbparity-save-catalog", path, exc)
                )
        self._pair(options)
        self._compare()

    def _pair(self, options: ReadOptions) -> None:
        """Kinds that compare two live databases together (table contents)."""
        a, b = self.settings.env_a, self.settings.env_b
        if b is None or self.catalog_a is None or self.catalog_b is None:
            return
        if a.source != "dsn" or b.source != "dsn":
            return  # a saved catalog or a migrations folder: fingerprints only
        from pytest_dbparity.catalog.pairing import pair_catalogs

        self.catalog_a, self.catalog_b = pair_catalogs(
            a, b, self.catalog_a, self.catalog_b, options
        )

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
        return None

    def not_read(self) -> Mapping[str, Mapping[str, str]]:
        """kind -> side -> why that side did not read a kind asked for."""
        if self.handover is not None:
            return self.handover.not_read
        if self.comparison is not None:
            return self.comparison.not_read
        if self.catalog_a is not None:  # drift mode: A only
            return not_read(self.settings.kinds, [("A", self.catalog_a)])
        return {}

    @property
    def items_mode(self) -> str:
        """``object`` or ``differences``; drift mode always checks every object;
        ``auto`` is ``object`` up to ``AUTO_OBJECTS`` compared objects. Every
        process (controller, workers) gets the same answer: the same keys."""
        if self.settings.drift_mode:
            return "object"
        if self.settings.items != "auto":
            return self.settings.items
        return "object" if self.object_count() <= AUTO_OBJECTS else "differences"

    def object_count(self) -> int:
        """How many objects the comparison pairs, over every compared kind."""
        if self.handover is not None:
            return sum(len(keys) for keys in self.handover.keys.values())
        if self.comparison is not None:
            c = self.comparison
            return sum(len(c.of(kind)) for kind in c.kinds)
        return 0

    def payloads(self, kind: str) -> list[Payload]:
        """The items of *kind*, sorted by key: one per object, or (differences
        mode) one per differing object plus one for all objects in parity."""
        reasons = self.not_read().get(kind)
        if reasons:
            return [NotRead(kind, reasons)]
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
            keys = tuple(
                r.key
                for r in results
                if not (isinstance(r, ObjectResult) and r.findings)
            )
            if keys:
                differing.append(InParity(kind, len(keys), keys))
            return differing
        assert self.catalog_a is not None
        objs, _ = compared_objects(kind, self.catalog_a.of(kind))  # type: ignore[arg-type]
        # A partition's copies of its parent's objects: the parent's are checked.
        return [
            DriftObject(kind, key, objs[key])
            for key in sorted(objs)
            if not is_copy(objs[key])
        ]

    # ------------------------------------------------------------ checking

    # ------------------------------------------------------------ reporting

    # ------------------------------------------------------------ items

    def check(self, payload: Payload, request: pytest.FixtureRequest) -> None:
        """Pass or fail one item (``verdicts.check``)."""
        __tracebackhide__ = True
        verdicts.check(self, payload, request)

    def register_empty(self, kind: str, request: pytest.FixtureRequest) -> None:
        """A kind without objects: let syrupy read its folder (stale approvals)."""
        verdicts.register_empty(self, kind, request)

    # ------------------------------------------------------------ outputs

    def header(self) -> list[str]:
        return outputs.header(self)

    def summary_lines(self, verbose: int) -> list[str]:
        return outputs.summary_lines(self, verbose)

    def findings_document(self) -> dict[str, Any] | None:
        return outputs.document(self)

    def write_outputs(self) -> None:
        outputs.write_outputs(self)

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
            if outcome["outcome"] == "approved":
                self.approvals[(outcome["kind"], outcome["object"])] = (
                    Approval.from_json(outcome)
                )
            if outcome.get("predates"):
                self.predating[(outcome["kind"], outcome["object"])] = list(
                    outcome["predates"]
                )

    def scrub(self, text: str) -> str:
        return scrub(text, self._secrets)

    @cached_property
    def _secrets(self) -> tuple[str, ...]:
        # Once: each environment's password is parsed out of its DSN, and every
        # failing item's message is scrubbed.
        return self.settings.secrets

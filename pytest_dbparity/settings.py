"""Settings: everything a run needs, resolved from the command line, ini values
and ``dbparity.yaml`` (see ``options.resolve_settings``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pytest_dbparity.config import DEFAULT_EXCLUDED_SCHEMAS, DEFAULT_MIGRATIONS_TABLE
from pytest_dbparity.core.reading import DEFAULT_STATEMENT_TIMEOUT, DataOptions
from pytest_dbparity.environments import Environment
from pytest_dbparity.kinds.names import KINDS, Kind
from pytest_dbparity.naming import encode_name
from pytest_dbparity.severity import Rule, Severity

#: ``--dbparity-items auto``: up to this many compared objects (both sides'
#: objects, paired), one item per object; above, one item per differing object
#: and one per kind for the rest. pytest's own cost is about 0.6 ms an item (at
#: this bound about 6 s, some 400 tables), and it grows with the catalog while
#: everything else the plugin does grows much slower (benchmarks/RESULTS.md).
AUTO_OBJECTS = 10_000


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Everything a run needs, resolved."""

    env_a: Environment
    env_b: Environment | None
    include_schemas: tuple[str, ...] | None = None
    exclude_schemas: tuple[str, ...] = DEFAULT_EXCLUDED_SCHEMAS
    kinds: tuple[Kind, ...] = KINDS
    rules: tuple[Rule, ...] = ()
    fail_on: Severity = Severity.LOW
    json_path: Path | None = None
    migrations_table: str | None = DEFAULT_MIGRATIONS_TABLE
    exact_counts: tuple[str, ...] = ()
    #: What the data kind compares (``data:`` and ``--dbparity-data``).
    data: DataOptions = field(default_factory=DataOptions)
    connect_timeout: float = 10.0
    statement_timeout: float = DEFAULT_STATEMENT_TIMEOUT
    config_path: Path | None = None
    snapshot_dir: Path = Path("snapshots")
    report_paths: tuple[Path, ...] = ()  # .md or .html, one report each
    fix_sql_path: Path | None = None
    direction: str = "a-to-b"  # of the fix script: a-to-b runs on B
    allow_destructive: bool = False
    #: Leave approved differences out of the report's risk summary and plan and
    #: out of the fix script (by default they are in, marked approved).
    exclude_approved: bool = False
    save_catalog_path: Path | None = None
    #: Compare two environments that are one database (two roles' views of it).
    allow_same_target: bool = False
    #: ``object``: one item per object of every kind; ``differences``: one item per
    #: object that differs, plus one item per kind for all objects in parity;
    #: ``auto``: ``object`` up to ``AUTO_OBJECTS`` objects, ``differences`` above.
    items: str = "auto"
    #: The platform profile (``supabase`` or ``none``), and what it reads in the
    #: platform's schemas: those schemas, for those kinds.
    profile: str = "none"
    partial_schemas: tuple[str, ...] = ()
    partial_kinds: tuple[Kind, ...] = ()

    @property
    def drift_mode(self) -> bool:
        """Only env A: compare it with its own approved snapshots."""
        return self.env_b is None

    @property
    def pair_name(self) -> str:
        """The snapshot folder of this run: ``<a>--<b>``, or ``<a>`` in drift mode."""
        return self._pair([e.snapshot_name for e in self._envs])

    @property
    def _envs(self) -> list[Environment]:
        return [self.env_a] + ([self.env_b] if self.env_b else [])

    @staticmethod
    def _pair(names: list[str]) -> str:
        return "--".join(encode_name(n).replace("--", "%2D%2D") for n in names)

    def approvals_folder(self) -> tuple[Path, str | None]:
        """The folder of this run's approvals, and a note when it is the one an
        earlier version named after a saved catalog's file (``snapshot-<file>``)
        instead of its environment: still used until renamed, and said so."""
        folder = self.snapshot_dir / self.pair_name
        old = self.snapshot_dir / self._pair([e.own_snapshot_name for e in self._envs])
        if old == folder or folder.exists() or not old.is_dir():
            return folder, None
        return old, (
            f"approvals read from {old.name}/, named after a saved catalog's file; "
            f"this version names the folder after the environments: rename it to "
            f"{folder.name}/ (git mv) to share approvals with live runs"
        )

    @property
    def secrets(self) -> tuple[str, ...]:
        envs = [self.env_a] + ([self.env_b] if self.env_b else [])
        return tuple(p for e in envs if (p := e.password))

"""Migration history analysis: where two histories part, and what each side has.

Pure functions over the ``migration`` objects of two catalogs. Versions are
ordered naturally (by their leading number, then by text), so Supabase versions
(``YYYYMMDDHHMMSS``) come out in time order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from pytest_dbparity.catalog import Catalog

if TYPE_CHECKING:
    # Only named here: the kind's package imports this module as it loads.
    from pytest_dbparity.kinds.migration import Migration

UNDATED = "undated"
_LEADING_DIGITS = re.compile(r"[0-9]+")


def version_key(version: str) -> tuple[int, int, str]:
    """Sort key of a version: by its leading number (``9`` before ``10``), then
    by text; versions without a leading number come last."""
    digits = _LEADING_DIGITS.match(version)
    if digits:
        return (0, int(digits.group()), version)
    return (1, 0, version)


def migration_date(version: str) -> str | None:
    """``YYYY-MM-DD`` when the version starts with a plausible date, else None."""
    head = version[:8]
    if len(head) < 8 or not head.isdigit():
        return None
    try:
        day = dt.date(int(head[:4]), int(head[4:6]), int(head[6:8]))
    except ValueError:
        return None
    if not 1990 <= day.year <= 2200:
        return None
    return day.isoformat()


@dataclass(frozen=True, slots=True)
class DateGroup:
    """Migrations of one day (``date`` is ``YYYY-MM-DD`` or ``"undated"``)."""

    date: str
    migrations: tuple[Migration, ...]


@dataclass(frozen=True, slots=True)
class ChangedMigration:
    """A version present on both sides whose name or statements differ."""

    version: str
    a: Migration
    b: Migration

    @property
    def differs_in(self) -> tuple[str, ...]:
        out = []
        if self.a.name != self.b.name:
            out.append("name")
        if self.a.statements_hash != self.b.statements_hash:
            out.append("statements")
        return tuple(out)


@dataclass(frozen=True, slots=True, kw_only=True)
class SideHistory:
    """One side's history: whether it could be read, and what it holds."""

    readable: bool
    migrations: tuple[Migration, ...] = ()
    #: Why there is no history to show (no table, not readable, not read).
    note: str | None = None

    @property
    def count(self) -> int:
        return len(self.migrations)

    @property
    def last(self) -> str | None:
        return self.migrations[-1].version if self.migrations else None


@dataclass(frozen=True, slots=True, kw_only=True)
class MigrationAnalysis:
    a: SideHistory
    b: SideHistory
    #: The last version up to which both histories are identical (None: they
    #: differ from the first migration, or a side has none).
    last_common: str | None
    only_a: tuple[Migration, ...]
    only_b: tuple[Migration, ...]
    changed: tuple[ChangedMigration, ...]

    @property
    def comparable(self) -> bool:
        return self.a.readable and self.b.readable

    @property
    def identical(self) -> bool:
        return (
            self.comparable
            and not self.only_a
            and not self.only_b
            and not self.changed
            and self.a.count == self.b.count
        )

    @property
    def common_prefix(self) -> int:
        """How many migrations, from the first, both sides share unchanged."""
        if self.last_common is None:
            return 0
        versions = [m.version for m in self.a.migrations]
        return versions.index(self.last_common) + 1

    @property
    def after_divergence(self) -> tuple[int, int]:
        """Migrations each side has after the divergence point."""
        n = self.common_prefix
        return (self.a.count - n, self.b.count - n)


def sort_migrations(migrations: Iterable[Migration]) -> tuple[Migration, ...]:
    return tuple(sorted(migrations, key=lambda m: version_key(m.version)))


def group_by_date(migrations: Sequence[Migration]) -> tuple[DateGroup, ...]:
    """Consecutive groups by day, in version order; undated versions last."""
    dated: dict[str, list[Migration]] = {}
    undated: list[Migration] = []
    for m in sort_migrations(migrations):
        day = migration_date(m.version)
        if day is None:
            undated.append(m)
        else:
            dated.setdefault(day, []).append(m)
    groups = [DateGroup(day, tuple(ms)) for day, ms in sorted(dated.items())]
    if undated:
        groups.append(DateGroup(UNDATED, tuple(undated)))
    return tuple(groups)


def _same(a: Migration, b: Migration) -> bool:
    return (a.version, a.name, a.statements_hash) == (
        b.version,
        b.name,
        b.statements_hash,
    )


def compare_histories(a: SideHistory, b: SideHistory) -> MigrationAnalysis:
    """Analyse two histories (each sorted by :func:`sort_migrations`)."""
    if not (a.readable and b.readable):
        return MigrationAnalysis(
            a=a, b=b, last_common=None, only_a=(), only_b=(), changed=()
        )
    last_common: str | None = None
    for ma, mb in zip(a.migrations, b.migrations, strict=False):
        if not _same(ma, mb):
            break
        last_common = ma.version
    by_version_b = {m.version: m for m in b.migrations}
    versions_a = {m.version for m in a.migrations}
    changed = tuple(
        ChangedMigration(m.version, m, by_version_b[m.version])
        for m in a.migrations
        if m.version in by_version_b and not _same(m, by_version_b[m.version])
    )
    return MigrationAnalysis(
        a=a,
        b=b,
        last_common=last_common,
        only_a=tuple(m for m in a.migrations if m.version not in by_version_b),
        only_b=tuple(m for m in b.migrations if m.version not in versions_a),
        changed=changed,
    )


def side_history(catalog: Catalog) -> SideHistory:
    """The migration history a catalog holds, or why it holds none."""
    if "migration" in catalog.unreadable:
        return SideHistory(
            readable=False, note=f"not readable: {catalog.unreadable['migration']}"
        )
    if "migration" not in catalog.kinds:
        return SideHistory(readable=False, note="migration history not read")
    migrations = sort_migrations(
        cast("Migration", m) for m in catalog.of("migration").values()
    )
    note = next((n for n in catalog.notes if "migration" in n), None)
    return SideHistory(readable=True, migrations=migrations, note=note)


def analyse(a: Catalog, b: Catalog) -> MigrationAnalysis:
    """The migration analysis of two catalogs (A and B)."""
    return compare_histories(side_history(a), side_history(b))

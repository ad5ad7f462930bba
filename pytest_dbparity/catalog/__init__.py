"""The catalog of one environment: every object it holds, keyed per kind."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pytest_dbparity.core.objects import CatalogObject, Dependency
from pytest_dbparity.kinds.names import KINDS, Kind

__all__ = [
    "KINDS",
    "Catalog",
    "CatalogObject",
    "Dependency",
    "EnvInfo",
    "Kind",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class EnvInfo:
    """What may be shown about an environment: never its DSN or password."""

    name: str
    label: str
    host: str | None = None
    port: str | None = None
    dbname: str | None = None
    user: str | None = None
    server_version: str = ""
    server_version_num: int = 0
    #: The running server: its port and start time (UTC). Two catalogs with the
    #: same one and the same ``dbname`` were read from one database. Empty when
    #: not known (catalogs saved before it was recorded).
    server_instance: str = ""

    @property
    def location(self) -> str:
        where = self.host or "local socket"
        if self.port:
            where += f":{self.port}"
        return f"{where}/{self.dbname or '?'}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Catalog:
    """Objects of one environment; ``objects[kind][key]``.

    ``kinds`` are the kinds read; ``unreadable`` maps a kind the role may not read
    to the reason (such a kind is compared on neither side). ``unchecked`` counts
    objects of kinds the plugin does not compare, and ``notes`` says what else is
    worth knowing (for example: no migration-history table).
    """

    env: EnvInfo
    objects: Mapping[Kind, Mapping[str, CatalogObject]]
    kinds: tuple[Kind, ...] = KINDS
    unreadable: Mapping[str, str] = field(default_factory=dict)
    unchecked: Mapping[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    #: Who uses what (read only when a report is asked for).
    dependencies: tuple[Dependency, ...] = ()
    #: kind -> key -> why: objects this side cannot hold by construction (a
    #: platform's extension that a throwaway server cannot install). Such an
    #: object is compared on neither side; the notes say which.
    absent: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def of(self, kind: Kind) -> Mapping[str, CatalogObject]:
        return self.objects.get(kind, {})

    def count(self, kind: Kind) -> int:
        return len(self.of(kind))

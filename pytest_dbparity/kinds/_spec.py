"""What a kind tells the engine about itself: ``KindSpec``."""

from __future__ import annotations

import re
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.severity import Rule, Severity

if typing.TYPE_CHECKING:
    from pytest_dbparity.catalog import Catalog
    from pytest_dbparity.report.context import Context
    from pytest_dbparity.report.impact import Dependent
    from pytest_dbparity.report.kind_section import KindSection
    from pytest_dbparity.report.model import Rich

Scope = Literal["schema", "database", "cluster"]

#: ``<stem>.pg<NN>.sql``: the query for servers of major NN and newer.
_VERSIONED = re.compile(r"(?P<stem>.+)\.pg(?P<major>\d+)\.sql")


def _present(obj: Any) -> str:
    return "present"


@dataclass(frozen=True, slots=True, kw_only=True)
class KindSpec:
    """One object kind, described once.

    ``package`` is the kind's own package (``__name__`` of its ``__init__``); its
    query files sit beside it.
    """

    model: type[CatalogObject]
    package: str
    #: Human names, singular and plural.
    singular: str
    plural: str
    #: Position in report lists and the plan: who may read what first.
    rank: int
    #: Default severity rules; the first that matches a difference decides.
    rules: tuple[Rule, ...]
    #: ``schema``-bound objects are filtered by the read scope (schemas);
    #: ``database`` and ``cluster`` objects are not.
    scope: Scope = "schema"
    #: Stem of the query file in the kind's folder; None: ``read`` instead.
    query: str | None = None
    #: Columns the query deparses under locks held to the end of the transaction
    #: (null when it runs with ``deparse`` off; see the catalog reader).
    deparsed: tuple[str, ...] = ()
    #: Reads the kind itself instead of a query file: ``(dict cursor, read
    #: options) -> (rows as dicts, a note or None)``; may raise ``Unreadable``.
    read: Callable[[Any, Any], tuple[list[dict[str, Any]], str | None]] | None = None
    #: Runs after the kind is read: ``(dict cursor, read options, objects by
    #: key) -> notes``; may replace objects.
    refine: Callable[[Any, Any, dict[str, CatalogObject]], list[str]] | None = None
    #: An object of this kind is compared only where this holds for it on one
    #: side at least (roles: referred to by a compared object); the others are
    #: read too, so an object this holds for on one side is still compared with
    #: its twin on the other, and are left out before comparing. None: every
    #: object is compared.
    compared_if: Callable[[Any], bool] | None = None
    #: Compares both live sides together, after each was read (contents that
    #: one side's read cannot judge alone): ``(open_cursors, A's objects by
    #: key, B's objects by key, read options) -> notes``; may replace objects
    #: of both sides. ``open_cursors()`` is a context manager giving a cursor
    #: on each side, each in a read-only REPEATABLE READ transaction with the
    #: session pinned; it is called only when the kind needs it.
    pair: (
        Callable[
            [
                Callable[[], Any],
                dict[str, CatalogObject],
                dict[str, CatalogObject],
                Any,
            ],
            list[str],
        ]
        | None
    ) = None
    #: Raises a difference's default severity from what the objects hold, which
    #: a rule (kind, key, attribute) cannot see: ``(A's object or None, B's
    #: object or None, attribute (None: missing on one side), A's catalog, B's
    #: catalog) -> (severity, reason)`` or None. Only ever raises; the user's
    #: rules still come first.
    escalate: (
        Callable[[Any, Any, str | None, Any, Any], tuple[Severity, str] | None] | None
    ) = None
    #: Its objects are the schemas other kinds live in (what "in a schema that
    #: was read" means).
    namespace: bool = False
    #: A parent named with this kind may be an object of these kinds too (a
    #: column's or trigger's "table" may be a view).
    also_found_as: tuple[Kind, ...] = ()
    #: Checked by drift mode (A against its approved snapshots) by default.
    drift: bool = True
    #: Reconciled by moving data, not by DDL: the fix script only notes it.
    data: bool = False
    #: What the fix script says of a data difference of this kind.
    data_note: str | None = None
    #: What an object is, in a few words (report cells).
    describe: Callable[[Any], str] = _present
    #: Where this kind's objects sit in the report: ``other`` for the shared
    #: table of other differences, else the section that details them.
    report_section: str = "other"
    #: Position among a table's parts when they are counted (None: not a part).
    table_part: int | None = None
    #: Listed with what uses it when it differs (the report's impact list).
    impact: bool = True
    #: ``pg_identify_object_as_address`` types of this kind, each with the key
    #: its address names make (None: not one of ours).
    addresses: Mapping[str, Callable[[list[str]], str | None]] = field(
        default_factory=dict
    )
    #: ``object_type`` values of privilege rows that belong to an object of this
    #: kind (the object a grant is on).
    privilege_types: tuple[str, ...] = ()
    # What the report does with this kind: the hooks live in the kind's
    # ``report.py`` (``pytest_dbparity/report/__init__.py`` tells the design).
    #: Words the plan's action for one differing attribute: ``(attribute, value
    #: in A, value in B, the objects) -> text``; a hook that returns None, or no
    #: hook, leaves the generic "Align <attribute> of <kind> ...".
    action: Callable[[str, Any, Any, Rich], Rich | None] | None = None
    #: How the plan names objects of this kind that exist on one side only,
    #: ``object -> (singular, plural)`` (a constraint by its type); None: the
    #: kind's ``singular`` and ``plural``.
    nouns: Callable[[Any], tuple[str, str]] | None = None
    #: One plan action covers all of this kind's findings of a severity:
    #: ``(report context, number of findings) -> text``; None: an action per
    #: group of like findings.
    action_for_all: Callable[[Context, int], Rich] | None = None
    #: What the report's impact list names for a differing object of this kind,
    #: instead of what uses it in the dependency records: ``(catalog, key) ->
    #: objects``, shown under ``impact_label``.
    impact_users: Callable[[Catalog, str], tuple[Dependent, ...]] | None = None
    impact_label: str = "used by"
    #: The key the dependency records give an object of this kind (a function's
    #: has no arguments); None: its own key.
    dependency_key: Callable[[str], str] | None = None
    #: Kinds of its dotted parts that stand for it in the dependency records (a
    #: view or a foreign key uses a table's columns, not the table); none of its
    #: own parts counts as using it.
    dependency_parts: tuple[str, ...] = ()
    #: The report section this kind leads: the one its ``report_section`` names,
    #: which the other kinds of that section only name.
    section: KindSection | None = None
    #: Position of this kind's rows in the report's environment overview (None:
    #: none); the row counts its objects on each side unless ``overview_rows``
    #: gives the rows: ``report context -> (property, A, B, shown as code)``.
    overview: int | None = None
    overview_rows: Callable[[Context], list[tuple[str, str, str, bool]]] | None = None
    #: Its objects have parts (the kinds with a ``table_part``): the report's
    #: list of accepted differences folds the parts missing with one into its row.
    has_parts: bool = False
    #: Attributes whose values are SQL the server deparsed (definitions,
    #: defaults, conditions): read from servers of two majors, texts that
    #: differ are compared by parse tree, deparse-style differences removed
    #: (``normalize.same_expression``).
    expressions: tuple[str, ...] = ()
    #: Values that differ only because the two servers' majors differ:
    #: ``(object in A, object in B, attribute, value in A, value in B, major of
    #: A, major of B) -> True`` when they mean the same (privileges a newer
    #: server added, granted in full on both sides; extensions at their
    #: server's default version); consulted only when the majors differ.
    across_majors: Callable[[Any, Any, str, Any, Any, int, int], bool] | None = None
    #: Place in the fix script (``pytest_dbparity.fixsql``): kinds are prepared
    #: and planned in this order, their create-and-change sections follow it,
    #: and their drop sections come first, in reverse. The engine's own sections
    #: (enum labels, owners, comments...) sit among them by the same numbers
    #: (``fixsql/_phases.py``). None: no DDL reconciles the kind (data kinds);
    #: otherwise the kind's folder holds ``fix.py``, its planning (imported when
    #: a script is written; see ``fixsql/_kinds.py``).
    fix_order: int | None = None
    #: Title of the kind's create-and-change section (None: its plural).
    fix_title: str | None = None
    #: Title of its drop section (None: it has none).
    fix_drop_title: str | None = None

    @property
    def name(self) -> Kind:
        """The kind's name: its model's ``kind``."""
        return self.model.kind

    def sql(self, server_major: int | None = None) -> str:
        """This kind's query for a server of *server_major* (None: the newest)."""
        if self.query is None:
            raise ValueError(f"kind {self.name} has no query file")
        return _query_text(self.package, self.query, server_major)

    def sql_file(self, name: str) -> str:
        """The text of one of this kind's query files (scope written out)."""
        from pytest_dbparity.core.scope import expand

        return expand(resources.files(self.package).joinpath(name).read_text("utf-8"))

    def query_files(self) -> list[str]:
        """Names of this kind's query files (every server version)."""
        if self.query is None:
            return []
        return [name for name, _ in _versions(self.package, self.query)]


@cache
def _versions(package: str, stem: str) -> list[tuple[str, int]]:
    """``(file name, first major)`` of every version of a query, oldest first."""
    out = []
    for entry in resources.files(package).iterdir():
        if entry.name == f"{stem}.sql":
            out.append((entry.name, 0))
            continue
        m = _VERSIONED.fullmatch(entry.name)
        if m and m["stem"] == stem:
            out.append((entry.name, int(m["major"])))
    if not any(major == 0 for _, major in out):  # the oldest servers' query
        raise FileNotFoundError(f"{package}: no {stem}.sql")
    return sorted(out, key=lambda e: e[1])


@cache
def _query_text(package: str, stem: str, server_major: int | None) -> str:
    chosen = None
    for name, major in _versions(package, stem):
        if server_major is None or major <= server_major:
            chosen = name
    assert chosen is not None  # the unversioned file has major 0
    from pytest_dbparity.core.scope import expand

    return expand(resources.files(package).joinpath(chosen).read_text("utf-8"))

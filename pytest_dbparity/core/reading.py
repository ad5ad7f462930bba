"""What the catalog reader hands a kind that reads itself: the read options, a
helper to look at a table, and the exception for what the role may not read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pytest_dbparity.kinds.names import Kind

#: Seconds a catalog query, or a wait for a lock, may take by default: the
#: largest catalog queries of 50,000 tables take tens of seconds on a busy
#: 2-core machine (30 s was too short there).
DEFAULT_STATEMENT_TIMEOUT = 120.0

if TYPE_CHECKING:  # the inert plugin imports this module: no driver here
    import psycopg


@dataclass(frozen=True, slots=True, kw_only=True)
class DataOptions:
    """Which tables' contents the ``data`` kind compares, and its bounds."""

    #: Glob patterns on ``schema.table`` (unquoted names).
    tables: Sequence[str] = ()
    #: Glob patterns on ``schema.table.column``: left out of the comparison.
    exclude_columns: Sequence[str] = ()
    #: Glob patterns on ``schema.table.column``: compared, never shown.
    sensitive_columns: Sequence[str] = ()
    #: ``schema.table`` -> the columns that identify a row (instead of the
    #: primary key).
    keys: Mapping[str, Sequence[str]] = field(default_factory=dict)
    #: A table with more rows than this is not compared (over budget).
    row_limit: int = 1_000_000
    #: Seconds a table's comparison may take on each side.
    time_budget: float = 60.0
    #: How many keys of each sort (only in A, only in B, differing) a finding
    #: names.
    max_keys: int = 10
    #: Compare the platform's configuration tables where present
    #: (``storage.buckets``, ``cron.job``, ``vault.secrets``).
    platform: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadOptions:
    """What to read, and how long to wait."""

    kinds: Sequence[Kind]
    exclude_schemas: Sequence[str]
    include_schemas: Sequence[str] | None = None
    migrations_table: str | None = None
    exact_counts: Sequence[str] = ()
    connect_timeout: float = 10.0
    statement_timeout: float = DEFAULT_STATEMENT_TIMEOUT
    dependencies: bool = False  # read who-uses-what (for the report)
    data: DataOptions = field(default_factory=DataOptions)
    #: The platform profile (``none``: no platform's objects told apart).
    profile: str = "none"
    #: Excluded schemas that the kinds in ``partial_kinds`` read anyway: the
    #: platform's schemas, where what users create or change is compared.
    partial_schemas: Sequence[str] = ()
    partial_kinds: Sequence[Kind] = ()


class Unreadable(Exception):
    """A kind the role may not read: compared on neither side, never a finding."""


def table_columns(
    cur: psycopg.Cursor[Any], schema: str, name: str
) -> tuple[set[str], bool]:
    """Column names of a table (empty if there is none) and whether it is readable.

    *cur* returns rows as dicts.
    """
    cur.execute(
        "select a.attname, has_schema_privilege(n.oid, 'USAGE')"
        " and has_table_privilege(c.oid, 'SELECT') as readable"
        " from pg_class c"
        " join pg_namespace n on n.oid = c.relnamespace"
        " join pg_attribute a on a.attrelid = c.oid and a.attnum > 0"
        " and not a.attisdropped"
        " where n.nspname = %s and c.relname = %s",
        (schema, name),
    )
    rows = cur.fetchall()
    return {r["attname"] for r in rows}, all(r["readable"] for r in rows)

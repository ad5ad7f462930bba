"""Read one environment's catalog. Only the catalog reader executes SQL: this
module, its connection (``connection.py``) and batched deparsing (``batches.py``);
a kind that reads itself does so on the cursor it is handed.

Each environment is read in one ``REPEATABLE READ, READ ONLY`` transaction, so every
query sees the same catalog even while someone runs DDL. ``search_path`` is pinned
to ``pg_catalog`` before any ``pg_get_*def`` or ``format_type`` call, so both sides
print names the same way (schema-qualified). Prepared statements are off, so
transaction poolers (Supabase's port 6543, pgbouncer) work.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import psycopg
from psycopg.rows import dict_row

from pytest_dbparity.catalog import Catalog, EnvInfo
from pytest_dbparity.catalog.batches import (
    DEPARSE_BATCH as DEPARSE_BATCH,
)
from pytest_dbparity.catalog.batches import (
    _deparse_in_batches,
    _needs_batches,
    _out_of_locks,
    _OutOfLocks,
    _SnapshotNotShared,
)
from pytest_dbparity.catalog.connection import APPLICATION_NAME as APPLICATION_NAME
from pytest_dbparity.catalog.connection import _pin_session as _pin_session
from pytest_dbparity.catalog.connection import _reason
from pytest_dbparity.catalog.connection import connect as connect
from pytest_dbparity.catalog.connection import scrub as scrub
from pytest_dbparity.catalog.queries import load_query
from pytest_dbparity.core.objects import CatalogObject, Dependency, from_rows
from pytest_dbparity.core.reading import ReadOptions as ReadOptions
from pytest_dbparity.core.reading import Unreadable
from pytest_dbparity.environments import Environment
from pytest_dbparity.errors import CatalogQueryError
from pytest_dbparity.gcpause import gc_paused
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.kinds.registry import SPECS, address_key


def _query_error(
    env: Environment, what: str, exc: psycopg.Error, options: ReadOptions
) -> CatalogQueryError:
    secrets = [p for p in [env.password] if p]
    reason = _reason(exc, secrets)
    if isinstance(exc, psycopg.errors.QueryCanceled):
        hint = (
            f"it ran longer than the statement timeout ({options.statement_timeout:g}s)"
            " or waited on a lock; raise --dbparity-statement-timeout or retry when"
            " the database is less busy"
        )
    elif isinstance(exc, psycopg.errors.LockNotAvailable):
        hint = "a lock was not granted in time; retry when no DDL is running"
    elif isinstance(exc, psycopg.errors.InsufficientPrivilege):
        hint = (
            "the role may not read this part of the catalog;"
            " grant it or use another role"
        )
    elif _out_of_locks(exc):
        hint = (
            "the server deparses views and SQL-standard function bodies under a "
            "lock on every relation they use, held until the transaction ends; "
            f"even {DEPARSE_BATCH} at a time in transactions of their own need more "
            "lock slots than max_locks_per_transaction x (max_connections + "
            "max_prepared_transactions) leaves free now; raise "
            "max_locks_per_transaction, or read fewer schemas (schemas: in "
            "dbparity.yaml) or kinds (--dbparity-kinds)"
        )
    elif isinstance(exc, psycopg.OperationalError):
        hint = "the connection was lost; check the server and rerun"
    elif _vanished(exc):
        hint = (
            f"objects kept being dropped while the catalog was read "
            f"({READ_ATTEMPTS} attempts); rerun when the DDL is over"
        )
    else:
        hint = "please report this with the server version"
    return CatalogQueryError(
        f"reading {what} from {env.describe()} failed: {reason} ({hint})"
    )


#: How often a read is retried when DDL dropped an object in the middle of it.
READ_ATTEMPTS = 3


def _vanished(exc: psycopg.Error) -> bool:
    """An object the snapshot sees was dropped meanwhile.

    The catalog queries read one REPEATABLE READ snapshot, but the server's
    deparsing functions (pg_get_viewdef, pg_get_expr, ...) look objects up in the
    current catalog; an object dropped by concurrent DDL makes them fail.
    """
    text = str(exc)
    return "cache lookup failed" in text or "could not open relation with OID" in text


def read_catalog(env: Environment, options: ReadOptions) -> Catalog:
    """Read every kind in *options* from *env* in one read-only snapshot.

    When concurrent DDL drops an object during the read, or commits a change to a
    row the server's deparsing functions read (they look past the snapshot: a
    function's text could come from its replacement while its attributes come
    from the snapshot), the whole read starts again on a fresh snapshot (up to
    ``READ_ATTEMPTS`` times), so the catalog is always consistent.
    """
    batched = False
    with gc_paused():
        vanished = crowded = changed = 1
        while True:
            try:
                return _read_once(env, options, batched=batched)
            except _OutOfLocks as exc:
                # The lock table is shared: another session (or the other
                # environment's read, on the same server) may hold it full for a
                # moment. Read in batches, and wait a little before trying again.
                if batched:
                    if crowded == READ_ATTEMPTS:
                        raise _query_error(env, exc.what, exc.error, options) from None
                    time.sleep(crowded)
                    crowded += 1
                batched = True
            except _Vanished as exc:
                if vanished == READ_ATTEMPTS:
                    raise _query_error(env, exc.what, exc.error, options) from None
                vanished += 1
            except _Changed as exc:
                # A deparsed text (function, view, default, ...) may come from
                # a newer row than the attributes read beside it: never mix
                # them; read again on a fresh snapshot.
                if changed == READ_ATTEMPTS:
                    raise CatalogQueryError(
                        f"reading the catalog of {env.describe()} failed: {exc} "
                        f"in each of {READ_ATTEMPTS} attempts (DDL kept committing "
                        "during the read, so definitions and attributes could "
                        "disagree); rerun when the DDL is over"
                    ) from None
                changed += 1


class _Changed(Exception):
    """DDL committed while the catalog was read: rows the deparsing functions
    read may be newer than the read's snapshot."""

    def __init__(self, count: int) -> None:
        super().__init__(f"{count} catalog row(s) changed while the catalog was read")
        self.count = count


def _check_unchanged(
    conn: psycopg.Connection[Any],
    env: Environment,
    options: ReadOptions,
    params: Mapping[str, Any],
    snapshot: str,
) -> None:
    """Raise ``_Changed`` if a catalog row the deparsing functions read was
    written by a transaction the read's *snapshot* does not see (checked in a
    transaction of its own, after the read)."""
    try:
        with conn.cursor(row_factory=dict_row) as cur:
            _pin_session(cur, options.statement_timeout)
            cur.execute(load_query("row_versions"), {**params, "snapshot": snapshot})
            row = cur.fetchone()
            assert row is not None
    except psycopg.Error as exc:
        what = "changes made while reading (row_versions.sql)"
        raise _query_error(env, what, exc, options) from None
    finally:
        if not conn.closed:
            with contextlib.suppress(psycopg.Error):
                conn.rollback()
    if row["changed"]:
        raise _Changed(row["changed"])


class _Vanished(Exception):
    def __init__(self, what: str, error: psycopg.Error) -> None:
        super().__init__(what)
        self.what = what
        self.error = error


def query_params(
    exclude_schemas: Sequence[str],
    include_schemas: Sequence[str] | None,
    *,
    deparse: bool = True,
) -> dict[str, Any]:
    """The parameters of the catalog queries (``oids`` None: every object)."""
    return {
        "exclude_schemas": list(exclude_schemas),
        "include_schemas": (
            list(include_schemas) if include_schemas is not None else None
        ),
        "deparse": deparse,
        "oids": None,
    }


def _partial(params: dict[str, Any], options: ReadOptions) -> dict[str, Any]:
    """*params* with the platform's schemas read (for a kind compared there)."""
    partial = set(options.partial_schemas)
    return {
        **params,
        "exclude_schemas": [s for s in params["exclude_schemas"] if s not in partial],
    }


def _read_once(
    env: Environment, options: ReadOptions, *, batched: bool = False
) -> Catalog:
    """One read in one transaction; *batched*: views and SQL-standard function
    bodies are deparsed in batches of transactions on the same snapshot (for
    servers with too few lock slots to deparse them all in one)."""
    params = query_params(
        options.exclude_schemas, options.include_schemas, deparse=not batched
    )
    objects: dict[Kind, dict[str, CatalogObject]] = {}
    notes: list[str] = []
    unreadable: dict[str, str] = {}
    with connect(env, connect_timeout=options.connect_timeout) as conn:
        what = "server information"
        try:
            with conn.cursor(row_factory=dict_row) as cur, conn.cursor() as rows_cur:
                _pin_session(cur, options.statement_timeout)
                cur.execute(
                    "select current_setting('server_version') as version,"
                    " current_setting('server_version_num')::int as num,"
                    " current_database() as db, current_user as usr,"
                    # UTC, fixed format: the same text whatever the session's
                    # TimeZone and DateStyle (which a role can set).
                    " 'port ' || current_setting('port') || ', started '"
                    " || to_char(pg_postmaster_start_time() at time zone 'UTC',"
                    " 'YYYY-MM-DD HH24:MI:SS.US \"UTC\"') as instance"
                )
                info = cur.fetchone()
                assert info is not None
                read_snapshot = None
                if info["num"] >= 130000:  # pg_snapshot and its functions
                    cur.execute("select pg_current_snapshot()::text as snapshot")
                    row = cur.fetchone()
                    assert row is not None
                    read_snapshot = row["snapshot"]
                snapshot = ""
                if not batched:
                    what = "the size of the lock table (lock_budget.sql)"
                    batched = _needs_batches(cur, params)
                    params["deparse"] = not batched
                if batched:
                    what = "the snapshot to share with batched reads"
                    cur.execute("select pg_export_snapshot() as id")
                    exported = cur.fetchone()
                    assert exported is not None
                    snapshot = exported["id"]
                    notes.append(
                        "view, rule and SQL-standard function definitions read in "
                        f"batches of {DEPARSE_BATCH}, each in its own transaction "
                        "on the same snapshot: deparsing them in one would hold "
                        "too much of the server's lock table "
                        "(max_locks_per_transaction)"
                    )
                major = int(info["num"]) // 10000
                base = params
                for kind in options.kinds:
                    spec = SPECS[kind]
                    if spec.read is not None:
                        what = f"{kind} objects"
                        try:
                            rows, note = spec.read(cur, options)
                        except Unreadable as exc:
                            unreadable[kind] = str(exc)
                            continue
                        if note:
                            notes.append(note)
                        names = list(rows[0]) if rows else []
                        stream: Iterable[Sequence[Any]] = [
                            tuple(r.values()) for r in rows
                        ]
                        arrays = None
                    else:
                        what = f"{kind} objects ({spec.query}.sql)"
                        # Tuple rows: the names and array columns once per query.
                        query = spec.sql(major)
                        if kind in options.partial_kinds:
                            params = _partial(params, options)
                        else:
                            params = base
                        rows_cur.execute(query, params)
                        columns = rows_cur.description or []
                        names = [c.name for c in columns]
                        # Rows are turned into objects as they are fetched from
                        # the result: a kind's raw rows are never all held.
                        stream = rows_cur
                        if batched and spec.deparsed:
                            stream = _deparse_in_batches(
                                env,
                                options,
                                query,
                                params,
                                [names.index(n) for n in spec.deparsed],
                                rows_cur.fetchall(),
                                snapshot,
                            )
                        if names and names[0] == "oid":
                            # Only for batched reads; never part of the model.
                            columns, names = columns[1:], names[1:]
                            stream = (t[1:] for t in stream)
                        arrays = [
                            i
                            for i, c in enumerate(columns)
                            if c.type_display.endswith("[]")
                        ]
                    built = from_rows(spec.model, names, stream, arrays=arrays)
                    objects[kind] = {o.key: o for o in built}
                    if spec.refine is not None:
                        what = f"{kind} objects (after reading)"
                        notes.extend(spec.refine(cur, options, objects[kind]))
                params = base
                dependencies: tuple[Dependency, ...] = ()
                if options.dependencies:
                    what = "dependencies (dependencies.sql)"
                    cur.execute(load_query("dependencies"))
                    edges = (_dependency(r) for r in cur.fetchall())
                    dependencies = tuple(
                        sorted(
                            {e for e in edges if e is not None},
                            key=lambda e: (e.dependent, e.referenced),
                        )
                    )
                what = "unchecked object kinds (unchecked.sql)"
                cur.execute(load_query("unchecked", major), params)
                unchecked = {r["kind"]: r["count"] for r in cur.fetchall()}
        except _SnapshotNotShared as exc:
            raise CatalogQueryError(
                f"reading {what} from {env.describe()} failed: a second connection "
                "could not import the read's snapshot ("
                f"{_reason(exc.error, [p for p in [env.password] if p])}). The "
                "server's lock table is too small to deparse every view and "
                "SQL-standard function body in one transaction, so they are read "
                "in batches on connections that share the first one's snapshot; a "
                "transaction pooler (pgbouncer, Supabase's port 6543) with one "
                "server connection per pool cannot share it. Connect in session "
                "mode (Supabase: port 5432), give the pool two or more server "
                "connections, or raise max_locks_per_transaction"
            ) from None
        except psycopg.Error as exc:
            if _vanished(exc):
                raise _Vanished(what, exc) from None
            if _out_of_locks(exc):
                raise _OutOfLocks(what, exc) from None
            raise _query_error(env, what, exc, options) from None
        finally:
            if not conn.closed:
                # A pooler may have left the connection out of step after an
                # error (two results for one ROLLBACK): closing it is the end.
                with contextlib.suppress(psycopg.Error):
                    conn.rollback()
        if read_snapshot is not None:
            _check_unchanged(conn, env, options, params, read_snapshot)
    parts = env.public_parts()
    return Catalog(
        env=EnvInfo(
            name=env.name,
            label=env.label,
            host=parts["host"],
            port=parts["port"],
            dbname=info["db"],
            user=info["usr"],
            server_version=info["version"],
            server_version_num=info["num"],
            server_instance=info["instance"] or "",
        ),
        objects=objects,
        kinds=tuple(k for k in options.kinds if k not in unreadable),
        unreadable=unreadable,
        unchecked=unchecked,
        notes=tuple(notes),
        dependencies=dependencies,
    )


def _dependency(row: Mapping[str, Any]) -> Dependency | None:
    """A dependency edge from a row of ``dependencies.sql``; None if not ours."""
    dependent = address_key(row["dependent_type"], list(row["dependent_names"]))
    referenced = address_key(row["referenced_type"], list(row["referenced_names"]))
    if dependent is None or referenced is None or dependent == referenced:
        return None
    return Dependency(dependent, referenced)

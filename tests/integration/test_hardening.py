"""Hardening: the plugin against real infrastructure around PostgreSQL.

* pgbouncer in transaction pooling mode between the plugin and the server;
* TLS-only servers (``sslmode=require`` works, ``sslmode=disable`` is refused);
* a busy database (a lock held by another session, DDL running meanwhile);
* the connection lost in the middle of the read;
* the plugin's own locks while it reads (only ``AccessShareLock``).

Every process and server started here is stopped by the fixture or ``with`` block
that started it; every wait is bounded.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from pytest_dbparity.ephemeral import ProviderError, ephemeral_server
from pytest_dbparity.ephemeral._binaries import find_binaries
from pytest_dbparity.kinds.function import Function
from tests.fix_db import PgServer
from tests.plugin.helpers import SCHEMA, BuildPair, lit, run

APP = "pytest-dbparity"
KNOWN_SNAPSHOT_BUG = re.compile(
    r"cache lookup failed for|could not open relation with OID|"
    r"could not find tuple for|relation .* does not exist|"
    # DDL committing to deparsed rows during every one of the read's attempts.
    r"DDL kept committing during the read"
)
DRIFT = "alter table public.stories disable row level security;"
RLS_FAILED = lit("FAILED *test_rls.py::test_rls[public.stories]*")
AS_ROOT = os.geteuid() == 0
AS_POSTGRES = ["runuser", "-u", "postgres", "--"] if AS_ROOT else []


# ----------------------------------------------------------------- helpers


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _dbname(dsn: str) -> str:
    return str(conninfo_to_dict(dsn)["dbname"])


def _all_output(result: pytest.RunResult) -> str:
    return result.stdout.str() + "\n" + result.stderr.str()


def _assert_drift_found(result: pytest.RunResult) -> None:
    out = _all_output(result)
    assert result.ret == pytest.ExitCode.TESTS_FAILED, out
    result.stdout.fnmatch_lines([RLS_FAILED])
    assert result.parseoutcomes()["failed"] == 1, out
    assert "Traceback" not in out


def _assert_clean(result: pytest.RunResult) -> None:
    out = _all_output(result)
    assert result.ret == pytest.ExitCode.OK, out
    outcomes = result.parseoutcomes()
    assert outcomes["passed"] >= 10, out
    assert "failed" not in outcomes, out


def _assert_one_line_error(result: pytest.RunResult, pattern: str) -> str:
    """Exit 4, exactly one ``ERROR: dbparity:`` line matching *pattern*; no trace."""
    out = _all_output(result)
    assert result.ret == pytest.ExitCode.USAGE_ERROR, out
    assert "Traceback" not in out, out
    errors = [ln for ln in result.stderr.lines if ln.startswith("ERROR: dbparity: ")]
    assert len(errors) == 1, out
    result.stderr.fnmatch_lines([pattern])
    return errors[0]


def _postgres_owned_tmpdir(prefix: str) -> Path:
    """A fresh directory the ``postgres`` OS user owns (when we are root)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    if AS_ROOT:
        shutil.chown(path, "postgres", "postgres")
    return path


def _give_to_postgres(path: Path, mode: int) -> None:
    path.chmod(mode)
    if AS_ROOT:
        shutil.chown(path, "postgres", "postgres")


@pytest.fixture
def pair(make_db: Callable[[str], str]) -> BuildPair:
    def build(drift_b: str = "", drift_a: str = "") -> tuple[str, str]:
        return make_db(SCHEMA + drift_a), make_db(SCHEMA + drift_b)

    return build


# ---------------------------------------------------------- 1. pgbouncer


class Bouncer:
    def __init__(self, port: int) -> None:
        self.port = port

    def dsn(self, dbname: str) -> str:
        return f"host=127.0.0.1 port={self.port} dbname={dbname} user=postgres"


@pytest.fixture
def bouncer(
    request: pytest.FixtureRequest, pg_server: PgServer, pair: BuildPair
) -> Iterator[tuple[Bouncer, dict[str, str]]]:
    """pgbouncer (transaction pooling) in front of four databases, with two server
    connections per pool (or ``request.param`` of them, parametrized indirectly).

    Yields the bouncer and ``{"a": ..., "b": ..., "clean_a": ..., "clean_b": ...}``
    (database names, each reachable through the bouncer under its own name).
    """
    # Debian installs it in /usr/sbin, which a non-root PATH may lack.
    binary = shutil.which("pgbouncer") or shutil.which("pgbouncer", path="/usr/sbin")
    if binary is None:
        pytest.skip("pgbouncer is not on PATH (Debian: apt-get install pgbouncer)")
    if AS_ROOT and shutil.which("runuser") is None:
        pytest.skip("running as root and runuser is missing: pgbouncer refuses root")
    a, b = pair(drift_b=DRIFT)
    clean_a, clean_b = pair()
    names = {
        "a": _dbname(a),
        "b": _dbname(b),
        "clean_a": _dbname(clean_a),
        "clean_b": _dbname(clean_b),
    }
    server = conninfo_to_dict(pg_server.admin_dsn)
    tmp = _postgres_owned_tmpdir("dbparity-bouncer-")
    port = _free_port()
    lines = ["[databases]"]
    for name in names.values():
        target = {
            k: server[k] for k in ("host", "port", "user", "password") if k in server
        }
        lines.append(f"{name} = {make_conninfo('', dbname=name, **target)}")
    user = str(server.get("user", "postgres"))
    lines += [
        "[pgbouncer]",
        "listen_addr = 127.0.0.1",
        f"listen_port = {port}",
        f"unix_socket_dir = {tmp}",
        "auth_type = trust",
        f"auth_file = {tmp / 'userlist.txt'}",
        "pool_mode = transaction",
        # Few server connections: sessions really do share them.
        f"default_pool_size = {getattr(request, 'param', 2)}",
        "max_client_conn = 50",
        f"logfile = {tmp / 'pgbouncer.log'}",
        f"pidfile = {tmp / 'pgbouncer.pid'}",
        "ignore_startup_parameters = extra_float_digits",
    ]
    ini = tmp / "pgbouncer.ini"
    ini.write_text("\n".join(lines) + "\n")
    users = tmp / "userlist.txt"
    users.write_text(f'"postgres" ""\n"{user}" ""\n')
    for f in (ini, users):
        _give_to_postgres(f, 0o600)
    proc = subprocess.Popen(
        [*AS_POSTGRES, binary, str(ini)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            if proc.poll() is not None:
                log = (tmp / "pgbouncer.log").read_text(errors="replace")[-2000:]
                pytest.fail(f"pgbouncer exited {proc.returncode}: {log}")
            try:
                with psycopg.connect(
                    Bouncer(port).dsn(names["clean_a"]), connect_timeout=2
                ) as conn:
                    conn.execute("select 1")
                break
            except psycopg.Error:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield Bouncer(port), names
    finally:
        _stop_bouncer(proc, tmp / "pgbouncer.pid")
        shutil.rmtree(tmp, ignore_errors=True)


def _stop_bouncer(proc: subprocess.Popen[str], pidfile: Path) -> None:
    pid = None
    with contextlib.suppress(OSError, ValueError):
        pid = int(pidfile.read_text().strip())
    # SIGTERM: pgbouncer's immediate shutdown. Sent to pgbouncer itself (runuser
    # forwards it too, but the pid file is the exact process).
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid or proc.pid, signal.SIGTERM)
    try:
        proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        if pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        proc.kill()
        proc.communicate(timeout=10)


def test_through_pgbouncer_transaction_pooling(
    pytester: pytest.Pytester, bouncer: tuple[Bouncer, dict[str, str]]
) -> None:
    pool, db = bouncer
    drift = run(
        pytester,
        "--env-a",
        pool.dsn(db["a"]),
        "--env-b",
        pool.dsn(db["b"]),
        "-rf",
    )
    _assert_drift_found(drift)
    # The header shows the bouncer's address: the read really went through it.
    drift.stdout.fnmatch_lines([f"dbparity: A: *127.0.0.1:{pool.port}/{db['a']}*"])
    clean = run(
        pytester,
        "--env-a",
        pool.dsn(db["clean_a"]),
        "--env-b",
        pool.dsn(db["clean_b"]),
    )
    _assert_clean(clean)


def test_batched_definitions_through_pgbouncer(
    bouncer: tuple[Bouncer, dict[str, str]],
    pg_server: PgServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Reading definitions in batches takes a second connection whose transactions
    # import the first one's snapshot; through a transaction pooler each lands on
    # whichever server connection is free, and still sees the same catalog.
    import pytest_dbparity.catalog.introspect as introspect
    from pytest_dbparity.catalog.introspect import ReadOptions, read_catalog
    from pytest_dbparity.config import DEFAULT_EXCLUDED_SCHEMAS
    from pytest_dbparity.core.objects import to_dict
    from pytest_dbparity.environments import Environment
    from pytest_dbparity.kinds.names import KINDS

    pool, db = bouncer
    direct_dsn = pg_server.dsn(db["a"])
    with psycopg.connect(direct_dsn, autocommit=True) as conn:
        conn.execute(
            "create view public.batch_view as select id from public.stories;"
            " create function public.batch_count() returns bigint language sql"
            " stable begin atomic select count(*) from public.stories; end;"
        )
    options = ReadOptions(kinds=KINDS, exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS)

    def read(dsn: str) -> Any:
        env = Environment(name="a", label="a", dsn=dsn, from_dsn=True)
        return read_catalog(env, options)

    with monkeypatch.context() as mp:
        mp.setattr(introspect, "_needs_batches", lambda cur, params: False)
        direct = read(direct_dsn)
    with monkeypatch.context() as mp:
        mp.setattr(introspect, "_needs_batches", lambda cur, params: True)
        pooled = read(pool.dsn(db["a"]))
    assert any("batches of" in note for note in pooled.notes), pooled.notes
    assert not any("batches of" in note for note in direct.notes)
    assert "FROM public.stories" in str(
        pooled.of("view")["public.batch_view"].definition
    )
    (count,) = [o for k, o in pooled.of("function").items() if "batch_count" in k]
    assert "count(*)" in str(count.body)
    for kind in KINDS:
        got = [to_dict(o) for o in pooled.of(kind).values()]
        want = [to_dict(o) for o in direct.of(kind).values()]
        assert got == want, kind


@pytest.mark.parametrize("bouncer", [1], indirect=True)
def test_batched_read_through_a_pool_of_one_stops_with_one_line(
    pytester: pytest.Pytester,
    bouncer: tuple[Bouncer, dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A batched read needs a second connection that imports the first one's
    snapshot; a transaction pooler with one server connection cannot give it one.
    The read stops with one line saying why and what to set (it used to end in an
    INTERNALERROR from a ROLLBACK that got two results)."""
    import pytest_dbparity.catalog.introspect as introspect
    from pytest_dbparity.catalog.introspect import ReadOptions, read_catalog
    from pytest_dbparity.config import DEFAULT_EXCLUDED_SCHEMAS
    from pytest_dbparity.environments import Environment
    from pytest_dbparity.errors import CatalogQueryError
    from pytest_dbparity.kinds.names import KINDS

    pool, db = bouncer
    # The second connection waits for the pool's one server connection until the
    # first transaction's idle timeout (the statement timeout) ends it: 10 s.
    options = ReadOptions(
        kinds=KINDS, exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS, statement_timeout=10
    )
    env = Environment(name="a", label="a", dsn=pool.dsn(db["a"]), from_dsn=True)
    monkeypatch.setattr(introspect, "_needs_batches", lambda cur, params: True)
    with pytest.raises(CatalogQueryError) as info:
        read_catalog(env, options)
    message = str(info.value)
    assert "\n" not in message
    assert "could not import the read's snapshot" in message
    assert "session mode" in message
    assert "max_locks_per_transaction" in message
    # The same through the plugin (in this process: the patch above holds): a
    # usage error, no INTERNALERROR.
    result = run(
        pytester,
        "--env-a",
        pool.dsn(db["a"]),
        "--env-b",
        pool.dsn(db["b"]),
        "--dbparity-statement-timeout",
        "10",
    )
    line = _assert_one_line_error(result, "ERROR: dbparity: reading *")
    assert "could not import the read's snapshot" in line, line


# ---------------------------------------------------------------- 2. TLS


@contextlib.contextmanager
def _tls_only_server() -> Iterator[Any]:
    """A throwaway local server that accepts TCP connections over TLS only."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not on PATH (Debian: apt-get install openssl)")
    if find_binaries() is None:
        pytest.skip("no local PostgreSQL server binaries (initdb, pg_ctl)")
    try:
        with ephemeral_server(provider="local") as server:
            data = server.data_dir
            assert data is not None
            crt, key = data / "hardening.crt", data / "hardening.key"
            subprocess.run(
                ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                 "-days", "1", "-subj", "/CN=localhost",
                 "-keyout", str(key), "-out", str(crt)],
                check=True, capture_output=True, timeout=60,
            )  # fmt: skip
            _give_to_postgres(crt, 0o644)
            _give_to_postgres(key, 0o600)
            hba = data / "pg_hba.conf"
            hba.write_text(
                "local all all trust\n"
                "hostssl all all 127.0.0.1/32 trust\n"
                "hostnossl all all 127.0.0.1/32 reject\n"
            )
            _give_to_postgres(hba, 0o600)
            with server.connect() as conn:
                conn.execute("alter system set ssl = on")
                for setting, path in (("ssl_cert_file", crt), ("ssl_key_file", key)):
                    conn.execute(
                        sql.SQL("alter system set {} = {}").format(
                            sql.Identifier(setting), sql.Literal(str(path))
                        )
                    )
                conn.execute("select pg_reload_conf()")
            # The reload is asynchronous: wait (bounded) until TLS is on and
            # plain TCP is refused.
            tls = make_conninfo(server.admin_dsn, sslmode="require")
            plain = make_conninfo(server.admin_dsn, sslmode="disable")
            deadline = time.monotonic() + 15
            while True:
                row = None
                try:
                    with psycopg.connect(tls, connect_timeout=3) as conn:
                        row = conn.execute(
                            "select ssl from pg_stat_ssl where pid = pg_backend_pid()"
                        ).fetchone()
                    with psycopg.connect(plain, connect_timeout=3):
                        refused = False
                except psycopg.OperationalError:
                    refused = True
                if row == (True,) and refused:
                    break
                if time.monotonic() > deadline:
                    log = (data.parent / "postgres.log").read_text(errors="replace")
                    pytest.fail(f"TLS did not come up; server log: {log[-2000:]}")
                time.sleep(0.2)
            yield server
    except ProviderError as exc:
        pytest.skip(f"no throwaway server: {exc}")


def test_tls_required_and_plain_refused(pytester: pytest.Pytester) -> None:
    with _tls_only_server() as server:
        for name, script in (
            ("tls_a", SCHEMA),
            ("tls_b", SCHEMA + DRIFT),
            ("tls_clean", SCHEMA),
        ):
            server.create_database(name)
            with server.connect(name) as conn:
                conn.execute(script.encode())

        def dsn(name: str, sslmode: str) -> str:
            return make_conninfo(server.dsn(name), sslmode=sslmode)

        drift = run(
            pytester,
            "--env-a", dsn("tls_a", "require"),
            "--env-b", dsn("tls_b", "require"),
            "-rf",
        )  # fmt: skip
        _assert_drift_found(drift)
        clean = run(
            pytester,
            "--env-a", dsn("tls_a", "require"),
            "--env-b", dsn("tls_clean", "require"),
        )  # fmt: skip
        _assert_clean(clean)
        port = conninfo_to_dict(server.admin_dsn)["port"]
        refused = run(
            pytester,
            "--env-a", dsn("tls_a", "disable"),
            "--env-b", dsn("tls_b", "require"),
        )  # fmt: skip
        line = _assert_one_line_error(
            refused, f"ERROR: dbparity: cannot connect to 127.0.0.1:{port}/tls_a*"
        )
        assert "pg_hba.conf" in line or "SSL" in line, line


# ------------------------------------------------------- 3. busy database


def _config(pytester: pytest.Pytester, **envs: str) -> None:
    lines = ["environments:"]
    for name, dsn in envs.items():
        lines += [f"  {name}:", f"    label: {name.title()} Env", f"    dsn: '{dsn}'"]
    pytester.makefile(".yaml", dbparity="\n".join(lines) + "\n")


def test_lock_held_elsewhere_times_out_with_one_line(
    pytester: pytest.Pytester, pair: BuildPair
) -> None:
    a, b = pair()
    _config(pytester, busy=a, calm=b)
    with psycopg.connect(a, connect_timeout=10) as holder:
        holder.execute("lock table public.stories in access exclusive mode")
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            future = pool.submit(
                run,
                pytester,
                "--env-a", "busy",
                "--env-b", "calm",
                "--dbparity-statement-timeout", "1",
            )  # fmt: skip
            try:
                result = future.result(timeout=30)
                # The run ended while the lock was still held: the statement
                # timeout ended it, not the lock's release.
                holding = holder.info.transaction_status
            finally:
                holder.rollback()  # whatever happened, let the run end
    assert holding == psycopg.pq.TransactionStatus.INTRANS
    line = _assert_one_line_error(result, "ERROR: dbparity: *busy*")
    assert "Busy Env" in line, line
    assert "1s" in line, line  # the timeout that was exceeded


def test_ddl_running_meanwhile_never_crashes(
    pytester: pytest.Pytester, pair: BuildPair
) -> None:
    a, b = pair()
    stop = threading.Event()

    def churn() -> int:
        """Create and drop tables (with the parts the catalog queries deparse)."""
        rounds = 0
        deadline = time.monotonic() + 5
        with psycopg.connect(a, autocommit=True, connect_timeout=10) as conn:
            while not stop.is_set() and time.monotonic() < deadline:
                conn.execute(
                    "create table public.churn (id int primary key,"
                    " v text default 'x' check (v <> ''),"
                    " r int references public.authors(id));"
                    " create index churn_v on public.churn (lower(v)) where id > 0;"
                    " create view public.churn_view as select id, v from public.churn;"
                    " alter table public.churn enable row level security;"
                    " create policy churn_p on public.churn using (id > 0);"
                    " create function public.churn_f(int) returns int"
                    "   language sql as 'select $1';"
                )
                conn.execute(
                    "drop view public.churn_view; drop table public.churn;"
                    " drop function public.churn_f(int);"
                )
                rounds += 1
        return rounds

    results: list[tuple[pytest.RunResult, Path]] = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(churn)
        try:
            while not future.done() and len(results) < 4:
                out_file = pytester.path / f"findings-{len(results)}.json"
                args = ("--env-a", a, "--env-b", b, "--dbparity-json", str(out_file))
                results.append((run(pytester, *args), out_file))
        finally:
            stop.set()
            rounds = future.result(timeout=30)
    assert rounds > 0
    assert results
    # Each round creates (and drops) all of these in one transaction: a read on
    # one snapshot sees all of them or none, and nothing else differs.
    together = {
        ("table", "public.churn"),
        ("view", "public.churn_view"),
        ("function", "public.churn_f"),
        ("index", "public.churn.churn_v"),
        ("policy", "public.churn.churn_p"),
        ("constraint", "public.churn.churn_pkey"),
        ("column", "public.churn.v"),
    }
    for result, out_file in results:
        out = _all_output(result)
        assert "Traceback" not in out, out
        if result.ret == pytest.ExitCode.USAGE_ERROR:
            # DDL faster than three fresh reads: a clear one-line stop, allowed
            # (the catalog functions look past the snapshot; see
            # test_objects_dropped_after_the_snapshot).
            line = _assert_one_line_error(result, "ERROR: dbparity: reading *")
            assert KNOWN_SNAPSHOT_BUG.search(line), line
            continue
        assert result.ret in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED), out
        assert "ERROR: dbparity" not in out, out
        findings = json.loads(out_file.read_text("utf-8"))["findings"]
        seen = {(f["kind"], f["object"]) for f in findings}
        assert all(key.startswith("public.churn") for _, key in seen), seen
        assert not seen or together <= seen, f"half a round read: {seen}"
        assert all(f["change"] == "missing_in_b" for f in findings), findings


# -------------------------------------------------- 4. connection lost


def test_connection_lost_during_the_read(
    pytester: pytest.Pytester, pair: BuildPair
) -> None:
    """Env A's backend is terminated while it reads: exit 4, one line.

    Deterministic rather than a race: another session holds a lock the read
    needs, so the plugin's backend is certainly mid-read (waiting on the lock)
    when it is terminated.
    """
    _, b = pair()
    try:
        with ephemeral_server() as server:
            a = server.create_database("lost_a")
            with server.connect("lost_a") as conn:
                conn.execute(SCHEMA.encode())
            killed: list[int] = []

            def kill_when_waiting() -> None:
                deadline = time.monotonic() + 20
                with server.connect() as admin:
                    while time.monotonic() < deadline and not killed:
                        rows = admin.execute(
                            "select pid from pg_stat_activity where"
                            " application_name = %s and datname = 'lost_a'"
                            " and wait_event_type = 'Lock'",
                            (APP,),
                        ).fetchall()
                        for (pid,) in rows:
                            admin.execute("select pg_terminate_backend(%s)", (pid,))
                            killed.append(pid)
                        time.sleep(0.05)

            with psycopg.connect(a, connect_timeout=10) as holder:
                holder.execute("lock table public.stories in access exclusive mode")
                with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
                    killer = pool.submit(kill_when_waiting)
                    runner = pool.submit(
                        run,
                        pytester,
                        "--env-a", a,
                        "--env-b", b,
                        "--dbparity-statement-timeout", "20",
                    )  # fmt: skip
                    try:
                        killer.result(timeout=30)
                    finally:
                        holder.rollback()
                    result = runner.result(timeout=60)
    except ProviderError as exc:
        pytest.skip(f"no throwaway server: {exc}")
    assert killed, "the plugin's backend was never seen waiting"
    line = _assert_one_line_error(result, "ERROR: dbparity: *lost_a*")
    assert "connection was lost" in line, line


# ------------------------------------------- 5. locks the plugin takes


def _wait_for_lock_wait(server: PgServer, dbname: str, timeout: float = 30) -> None:
    """Return once the plugin's read waits on a lock in *dbname* (seen in
    pg_stat_activity): then it holds its transaction and the locks it took."""
    deadline = time.monotonic() + timeout
    with server.connect() as conn:
        while time.monotonic() < deadline:
            waiting = conn.execute(
                "select 1 from pg_stat_activity where application_name = %s"
                " and datname = %s and wait_event_type = 'Lock'",
                (APP, dbname),
            ).fetchone()
            if waiting is not None:
                return
            time.sleep(0.02)  # a polling interval, not a synchronisation
    raise AssertionError(f"the plugin never waited on a lock in {dbname}")


def test_only_access_share_locks_and_no_temp_objects(
    pytester: pytest.Pytester, pg_server: PgServer, pair: BuildPair
) -> None:
    a, b = pair(drift_b=DRIFT)
    dbs = [_dbname(a), _dbname(b)]
    seen: set[tuple[str, str, bool]] = set()
    samples = 0
    stop = threading.Event()

    def temp_namespaces() -> set[str]:
        names: set[str] = set()
        for dsn in (a, b):
            with psycopg.connect(dsn, autocommit=True, connect_timeout=10) as conn:
                rows = conn.execute(
                    "select n.nspname from pg_namespace n where n.nspname like"
                    " 'pg\\_temp\\_%' and exists (select from pg_class c"
                    " where c.relnamespace = n.oid)"
                ).fetchall()
                names.update(f"{dsn}:{r[0]}" for r in rows)
        return names

    def poll() -> None:
        nonlocal samples
        deadline = time.monotonic() + 30
        with pg_server.connect() as conn:
            while not stop.is_set() and time.monotonic() < deadline:
                rows = conn.execute(
                    # A backend locks its database (RowExclusiveLock on the
                    # pg_database object) while it starts up, against a
                    # concurrent DROP DATABASE: the connection's, not the read's.
                    "select case when l.locktype = 'object'"
                    " and l.classid = 'pg_database'::regclass"
                    " and l.objid = s.datid then 'database startup'"
                    " else l.locktype end, l.mode, l.granted from pg_locks l"
                    " join pg_stat_activity s on s.pid = l.pid"
                    " where s.application_name = %s and s.datname = any(%s)",
                    (APP, dbs),
                ).fetchall()
                if rows:
                    samples += 1
                seen.update(rows)

    before = temp_namespaces()
    # Hold the read up for a moment on a table it must lock, so the poller sees
    # the plugin's transaction with its locks for certain; then let it go.
    with psycopg.connect(a, connect_timeout=10) as holder:
        holder.execute("lock table public.stories in access exclusive mode")
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            poller = pool.submit(poll)
            runner = pool.submit(
                run,
                pytester,
                "--env-a", a,
                "--env-b", b,
                "--dbparity-statement-timeout", "20",
                "-rf",
            )  # fmt: skip
            try:
                _wait_for_lock_wait(pg_server, _dbname(a))
                holder.rollback()
                result = runner.result(timeout=60)
            finally:
                holder.rollback()
                stop.set()
                poller.result(timeout=30)
    _assert_drift_found(result)
    assert samples > 0, "the plugin's locks were never seen"
    assert ("relation", "AccessShareLock", True) in seen, seen
    also_allowed = {
        ("virtualxid", "ExclusiveLock"),  # every transaction's own
        ("database startup", "RowExclusiveLock"),  # connection start-up
    }
    unexpected = {
        (locktype, mode)
        for locktype, mode, _ in seen
        if mode != "AccessShareLock" and (locktype, mode) not in also_allowed
    }
    assert not unexpected, f"locks beyond AccessShareLock: {unexpected}"
    assert temp_namespaces() == before


CHURN = """
create table public.churn (id int primary key, v text default 'x' check (v <> ''),
    r bigint references public.authors(id));
create index churn_v on public.churn (lower(v)) where id > 0;
create view public.churn_view as select id, v from public.churn;
create function public.churn_f(int) returns int language sql as 'select $1';
create function public.churn_t() returns trigger language plpgsql
    as 'begin return new; end';
create trigger churn_tr before insert on public.churn
    for each row execute function public.churn_t();
create sequence public.churn_seq;
create type public.churn_e as enum ('a', 'b');
grant select on public.churn to public;
"""


def test_object_replaced_while_read_is_never_half_read(
    pg_server: PgServer, pair: BuildPair
) -> None:
    """The read's snapshot gives a function's attributes, but the server deparses
    its text from the newest row: a function replaced while the read waits on a
    lock must not come out with the old attributes and the new text. Driven by
    the test: a lock holder stops the read after its snapshot is taken, a DDL
    session replaces the function, the lock goes; the read must start again and
    give the new function whole."""
    import pytest_dbparity.catalog.introspect as introspect
    from pytest_dbparity.config import DEFAULT_EXCLUDED_SCHEMAS
    from pytest_dbparity.environments import Environment
    from pytest_dbparity.kinds.function import Function
    from pytest_dbparity.kinds.names import KINDS

    a, _ = pair()
    env = Environment(name="a", label="a", dsn=a, from_dsn=True)
    options = introspect.ReadOptions(
        kinds=KINDS, exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS, statement_timeout=60
    )
    with psycopg.connect(a, connect_timeout=10) as holder:
        holder.execute("lock table public.stories in access exclusive mode")
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            future = pool.submit(introspect.read_catalog, env, options)
            try:
                _wait_for_lock_wait(pg_server, _dbname(a))
                with psycopg.connect(a, autocommit=True) as ddl:
                    ddl.execute(
                        "create or replace function public.check_missed_webhooks("
                        "hours_back integer) returns jsonb language sql volatile"
                        " security definer as $$ select '{\"v\": 2}'::jsonb $$"
                    )
                holder.rollback()
                catalog = future.result(timeout=60)
            finally:
                holder.rollback()
    (function,) = [
        f
        for f in catalog.of("function").values()
        if isinstance(f, Function) and f.name == "check_missed_webhooks"
    ]
    # All of it from the replacement: attributes, body and the CREATE text.
    assert function.volatility == "volatile"
    assert function.security_definer is True
    assert '"v": 2' in str(function.body)
    assert "SECURITY DEFINER" in str(function.definition)


def test_objects_dropped_after_the_snapshot(
    pytester: pytest.Pytester, pair: BuildPair
) -> None:
    """DDL that commits mid-read: deterministic version of the churn test.

    The read is held up on a lock (policies.sql needs ``public.stories``); while
    it waits, the ``churn`` objects its snapshot already sees are dropped.
    """
    a, b = pair(drift_a=CHURN)
    with psycopg.connect(a, connect_timeout=10) as holder:
        holder.execute("lock table public.stories in access exclusive mode")
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            runner = pool.submit(
                run,
                pytester,
                "--env-a", a,
                "--env-b", b,
                "--dbparity-statement-timeout", "20",
            )  # fmt: skip
            try:
                deadline = time.monotonic() + 20
                with psycopg.connect(a, autocommit=True) as watcher:
                    while time.monotonic() < deadline:
                        waiting = watcher.execute(
                            "select count(*) from pg_stat_activity where"
                            " application_name = %s and datname = current_database()"
                            " and wait_event_type = 'Lock'",
                            (APP,),
                        ).fetchone()
                        if waiting and waiting[0]:
                            break
                        time.sleep(0.05)
                    else:
                        pytest.fail("the plugin was never seen waiting on the lock")
                    watcher.execute("set lock_timeout = '5s'")
                    watcher.execute(
                        "drop view public.churn_view; drop table public.churn;"
                        " drop function public.churn_f(int);"
                        " drop function public.churn_t();"
                        " drop sequence public.churn_seq;"
                        " drop type public.churn_e;"
                    )
            finally:
                holder.rollback()
            result = runner.result(timeout=60)
    out = _all_output(result)
    assert "Traceback" not in out, out
    # The catalog functions look past the snapshot, so the first read fails on
    # the dropped objects; the read starts again on a fresh snapshot, where the
    # churn objects are gone: A and B are then equal.
    assert "ERROR: dbparity" not in out, out
    assert result.ret == pytest.ExitCode.OK, out


# ------------------------------------------- 8. too few lock slots


def _lock_heavy_sql(start: int, stop: int, *, views: bool) -> str:
    """Tables t<i>; with *views*, a view and a SQL-standard function on each (both
    deparsed under a lock on the table until the read's transaction ends)."""
    statements = []
    for i in range(start, stop):
        statements.append(f"create table t{i} (x int);")
        if views:
            statements.append(f"create view v{i} as select x from t{i};")
            statements.append(
                f"create function f{i}() returns bigint language sql stable"
                f" begin atomic select count(*) from t{i}; end;"
            )
    return " ".join(statements)


def _create_in_batches(dsn: str, *, views: bool, count: int = 1500) -> None:
    """*count* tables (and views, functions): 50 per transaction, within the locks."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        for start in range(0, count, 50):
            conn.execute(_lock_heavy_sql(start, start + 50, views=views).encode())


def test_too_few_lock_slots_for_one_transaction_reads_in_batches(
    make_db: Callable[[str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # 1,500 views and 1,500 BEGIN ATOMIC functions lock 4,500 relations in one
    # transaction, more than a server with 32 x 20 lock slots has: the read falls
    # back to deparsing them 200 at a time, each batch in a transaction of its
    # own on the same snapshot, and gets what a roomy server reads.
    import pytest_dbparity.catalog.introspect as introspect
    from pytest_dbparity.catalog.introspect import (
        DEPARSE_BATCH,
        ReadOptions,
        read_catalog,
    )
    from pytest_dbparity.config import DEFAULT_EXCLUDED_SCHEMAS
    from pytest_dbparity.core.objects import to_dict
    from pytest_dbparity.environments import Environment
    from pytest_dbparity.kinds.names import KINDS
    from tests.fix_db import _local_cluster

    assert DEPARSE_BATCH * 3 < 32 * 20  # a batch fits; the whole read does not
    options = ReadOptions(kinds=KINDS, exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS)
    roomy_dsn = make_db(_lock_heavy_sql(0, 1500, views=True))
    with monkeypatch.context() as mp:
        # In one transaction, as a server with a larger lock table reads it.
        mp.setattr(introspect, "_needs_batches", lambda cur, params: False)
        roomy = read_catalog(
            Environment(name="roomy", label="roomy", dsn=roomy_dsn, from_dsn=True),
            options,
        )
    settings = (
        "-c max_locks_per_transaction=32 -c max_connections=20"
        " -c max_worker_processes=0 -c max_wal_senders=0 -c autovacuum=off"
    )
    with _local_cluster(settings) as dsn:
        if dsn is None:
            pytest.skip("no local initdb/pg_ctl binaries")
        _create_in_batches(dsn, views=True)
        env = Environment(name="tight", label="tight", dsn=dsn, from_dsn=True)
        # Batched from the start: the lock table's size says one transaction
        # would not do.
        tight = read_catalog(env, options)
        with monkeypatch.context() as mp:
            # Batched after the first try ran out of lock slots (an estimate
            # that was wrong, or a lock table others had filled).
            mp.setattr(introspect, "_needs_batches", lambda cur, params: False)
            retried = read_catalog(env, options)
    assert not any("batches" in note for note in roomy.notes)
    assert len(tight.of("view")) == len(tight.of("function")) == 1500
    for kind in ("view", "function", "table", "privilege"):
        want = {k: to_dict(o) for k, o in roomy.of(kind).items()}
        for catalog in (tight, retried):
            got = {k: to_dict(o) for k, o in catalog.of(kind).items()}
            assert got == want, kind
            assert list(got) == list(want), f"{kind}: order differs"
    assert any("batches of 200" in note for note in retried.notes), retried.notes
    body = next(
        o for k, o in tight.of("function").items() if k.startswith("public.f7(")
    )
    assert isinstance(body, Function)
    assert "count(*)" in str(body.body)
    assert any("batches of 200" in note for note in tight.notes), tight.notes


def test_too_few_lock_slots_names_the_setting_to_raise() -> None:
    # pg_get_viewdef locks every view and the tables it reads until the read's
    # transaction ends; a server whose lock table cannot hold even one batch of
    # them fails. The error must say which setting to raise, not "connection lost".
    from pytest_dbparity.catalog.introspect import ReadOptions, read_catalog
    from pytest_dbparity.config import DEFAULT_EXCLUDED_SCHEMAS
    from pytest_dbparity.environments import Environment
    from pytest_dbparity.errors import DbParityError
    from pytest_dbparity.kinds.names import KINDS
    from tests.fix_db import _local_cluster

    tight = (
        "-c max_locks_per_transaction=10 -c max_connections=5 -c max_worker_processes=0"
        " -c max_wal_senders=0 -c autovacuum=off"
    )
    with _local_cluster(tight) as dsn:
        if dsn is None:
            pytest.skip("no local initdb/pg_ctl binaries")
        _create_in_batches(dsn, views=True)
        env = Environment(name="tight", label="tight", dsn=dsn, from_dsn=True)
        options = ReadOptions(kinds=KINDS, exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS)
        with pytest.raises(DbParityError) as caught:
            read_catalog(env, options)
    message = str(caught.value)
    assert "reading view objects (views.sql)" in message, message
    assert "out of shared memory" in message
    assert "raise max_locks_per_transaction" in message
    assert "connection was lost" not in message
    # The same catalog reads when the views are left out.
    with _local_cluster(tight) as dsn:
        assert dsn is not None
        _create_in_batches(dsn, views=False)
        env = Environment(name="tight", label="tight", dsn=dsn, from_dsn=True)
        catalog = read_catalog(env, options)
        assert len(catalog.of("table")) == 1500

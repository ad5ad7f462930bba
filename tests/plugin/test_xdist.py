"""pytest-xdist: the controller reads each catalog once; workers never connect.

Each environment is reached through its own small TCP proxy that counts the
connections it accepts, so "read once" is measured on the wire, not assumed.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from tests.plugin.helpers import QUIET, XDIST_VARIABLES, output
from tests.plugin.helpers import SCHEMA as BASE_SCHEMA

#: The shared schema, with one index more (the items of every kind under xdist).
SCHEMA = BASE_SCHEMA + "create index stories_title on public.stories (title);\n"

DRIFT = """
alter table public.stories disable row level security;
drop function public.check_missed_webhooks(integer);
create function public.check_missed_webhooks() returns jsonb
    language sql stable as $$ select '{}'::jsonb $$;
alter table public.stories add constraint stories_owner_fk
    foreign key (owner_id) references public.authors(id);
alter table public.authors alter column name set not null;
comment on table public.authors is 'people who write';
drop index public.stories_title;
create table public.extra (id int);
"""

CONFIG = """
environments:
  prod: {label: Production, dsn_env: XDIST_PROD_URL}
  nonprod: {label: Non-prod, dsn_env: XDIST_NONPROD_URL}
"""

MODES = pytest.mark.parametrize("mode", [[], ["-n", "2"]], ids=["serial", "xdist"])


class CountingProxy:
    """A loopback TCP proxy to one server that counts the connections it accepts.

    Bounded: it listens on 127.0.0.1 only and refuses connections beyond
    ``limit``. ``stop()`` closes every socket and joins every thread.
    """

    def __init__(self, target: tuple[str, int], limit: int = 32) -> None:
        self.target = target
        self.limit = limit
        self.accepted = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.port = int(self._listener.getsockname()[1])
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept, daemon=True)
        self._acceptor.start()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.accepted += 1
                over = self.accepted > self.limit
            if over:
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=10)
            except OSError:
                client.close()
                continue
            client.settimeout(None)
            upstream.settimeout(None)
            with self._lock:
                self._sockets += [client, upstream]
                for src, dst in ((client, upstream), (upstream, client)):
                    pump = threading.Thread(
                        target=self._pump, args=(src, dst), daemon=True
                    )
                    self._threads.append(pump)
                    pump.start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                dst.shutdown(socket.SHUT_WR)

    def stop(self) -> None:
        self._stopping.set()
        self._acceptor.join(5)
        self._listener.close()
        with self._lock:
            sockets, threads = list(self._sockets), list(self._threads)
        for s in sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()
        for t in threads:
            t.join(5)


@pytest.fixture
def proxy_to() -> Iterator[Callable[[str], tuple[str, CountingProxy]]]:
    """``proxy_to(dsn) -> (dsn through a new proxy, proxy)``; stopped at teardown."""
    proxies: list[CountingProxy] = []

    def start(dsn: str) -> tuple[str, CountingProxy]:
        parts = conninfo_to_dict(dsn)
        host = str(parts.get("host") or "")
        if host not in ("127.0.0.1", "localhost"):
            pytest.skip(f"the proxy forwards to loopback TCP only, not {host!r}")
        proxy = CountingProxy(("127.0.0.1", int(parts.get("port") or 5432)))
        proxies.append(proxy)
        through = make_conninfo(
            dsn, host="127.0.0.1", port=str(proxy.port), sslmode="disable"
        )
        return through, proxy

    yield start
    for proxy in proxies:
        proxy.stop()


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    with pytest.MonkeyPatch.context() as mp:
        for name in XDIST_VARIABLES:
            mp.delenv(name, raising=False)
        return pytester.runpytest_subprocess(*QUIET, *args, timeout=300)


@pytest.fixture
def pair(pytester: pytest.Pytester, make_db: Callable[[str], str]) -> tuple[str, str]:
    """DSNs of A (SCHEMA) and B (SCHEMA with DRIFT)."""
    pytester.makefile(".yaml", dbparity=CONFIG)
    return make_db(SCHEMA), make_db(SCHEMA + DRIFT)


@MODES
def test_each_catalog_is_read_once(
    pytester: pytest.Pytester,
    pair: tuple[str, str],
    proxy_to: Callable[[str], tuple[str, CountingProxy]],
    monkeypatch: pytest.MonkeyPatch,
    mode: list[str],
) -> None:
    dsn_a, proxy_a = proxy_to(pair[0])
    dsn_b, proxy_b = proxy_to(pair[1])
    # The proxies work: a direct check, then the counters start from zero.
    with psycopg.connect(dsn_a, connect_timeout=5) as conn:
        assert conn.execute("select 1").fetchone() == (1,)
    assert proxy_a.accepted == 1
    proxy_a.accepted = 0
    monkeypatch.setenv("XDIST_PROD_URL", dsn_a)
    monkeypatch.setenv("XDIST_NONPROD_URL", dsn_b)

    result = run(pytester, *mode, "--env-a", "prod", "--env-b", "nonprod")
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output(result)
    outcomes = result.parseoutcomes()
    assert outcomes["failed"] >= 5
    assert outcomes["passed"] >= 10
    note = "dbparity: one item per object under xdist: *"
    if mode:
        result.stdout.fnmatch_lines(["*2 workers*"])
        result.stdout.fnmatch_lines([note])
    else:
        result.stdout.no_fnmatch_line(note)
    assert (proxy_a.accepted, proxy_b.accepted) == (1, 1)


def _findings(path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(path.read_text("utf-8"))
    doc["findings"] = sorted(
        doc["findings"], key=lambda f: json.dumps(f, sort_keys=True)
    )
    return doc


def _results(result: pytest.RunResult) -> set[str]:
    """``PASSED id`` / ``FAILED id`` lines of a ``-rA`` summary, without paths."""
    lines = set()
    for line in result.stdout.lines:
        word, _, rest = line.partition(" ")
        if word in ("PASSED", "FAILED", "XFAIL", "XPASS", "ERROR") and "::" in rest:
            lines.add(f"{word} {rest.split(' - ')[0].split('::', 1)[1]}")
    return lines


def _collected(result: pytest.RunResult) -> set[str]:
    return {line.split("::", 1)[1] for line in result.stdout.lines if "::" in line}


def test_serial_and_xdist_agree(
    pytester: pytest.Pytester,
    pair: tuple[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDIST_PROD_URL", pair[0])
    monkeypatch.setenv("XDIST_NONPROD_URL", pair[1])
    envs = ("--env-a", "prod", "--env-b", "nonprod")
    runs = {}
    for name, mode in (("serial", []), ("xdist", ["-n", "2"])):
        out = pytester.path / f"{name}.json"
        result = run(pytester, *mode, *envs, "-rA", "--dbparity-json", str(out))
        assert result.ret == pytest.ExitCode.TESTS_FAILED, output(result)
        collected = run(pytester, *mode, *envs, "--collect-only", "-q")
        assert collected.ret == pytest.ExitCode.OK, output(collected)
        runs[name] = (
            result.parseoutcomes(),
            _results(result),
            _findings(out),
            _collected(collected),
        )
    serial, xdist = runs["serial"], runs["xdist"]
    assert serial[0] == xdist[0]
    assert serial[1] == xdist[1]
    assert serial[2] == xdist[2]
    assert serial[3] == xdist[3]
    # The comparison is not vacuous.
    assert serial[0]["failed"] >= 5
    assert {f["object"] for f in serial[2]["findings"]} >= {
        "public.stories",
        "public.extra",
        "public.stories.stories_owner_fk",
    }
    assert any(r.startswith("FAILED test_rls[public.stories]") for r in serial[1])
    assert len(serial[3]) == sum(
        serial[0].get(k, 0) for k in ("passed", "failed", "skipped")
    )

"""Throwaway clusters made with the local PostgreSQL server binaries
(``_binaries.py`` finds them).

The cluster lives in a fresh temporary directory, listens on 127.0.0.1 and a Unix
socket in that directory only, and trusts every connection there (``initdb
--auth=trust``). A root process runs the binaries as another OS user (see
``_binaries.resolve_user``) through ``runuser`` (or ``su``), and hands it the
temporary directory.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from psycopg.conninfo import make_conninfo

from pytest_dbparity.ephemeral import _cleanup
from pytest_dbparity.ephemeral._binaries import Binaries, OsUser
from pytest_dbparity.ephemeral.errors import ProviderError

#: Where ``runuser`` and ``su`` live when PATH does not name them.
_SYSTEM_PATH = "/usr/sbin:/sbin:/usr/bin:/bin"
#: Characters a directory may hold to be spelled in pg_ctl's ``-o`` (a shell word).
_PLAIN_PATH = re.compile(r"[A-Za-z0-9/_.+-]+")
#: sun_path holds 108 bytes; the socket is ``<dir>/.s.PGSQL.<port>``.
_MAX_SOCKET_DIR = 90
_TAIL_LINES = 15

Log = Callable[[str], None]


# ------------------------------------------------------------------ processes


def _child_env() -> dict[str, str]:
    # PG* variables of the caller (PGDATA, PGPORT, ...) must not steer the tools.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["LC_ALL"] = "C"  # English messages, which start() reads
    return env


def alive(pid: int) -> bool:
    """Whether process *pid* exists and is not a zombie."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    try:
        status = Path(f"/proc/{pid}/stat").read_text("ascii", errors="replace")
    except OSError:
        return True  # no /proc here: kill(0) said it exists
    fields = status.rsplit(")", 1)[-1].split()
    return not (fields and fields[0] in ("Z", "X"))


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _halt(proc: subprocess.Popen[str]) -> None:
    """Stop a child tool (never waits long; may run inside a signal handler)."""
    for send in (proc.terminate, proc.kill):
        if proc.poll() is not None:
            return
        with contextlib.suppress(OSError):
            send()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=3)


def _tail(text: str, lines: int = _TAIL_LINES) -> str:
    kept = [line for line in text.splitlines() if line.strip()][-lines:]
    return "\n".join(f"    {line}" for line in kept) or "    (no output)"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _usable_base(base: Path, user: OsUser | None) -> bool:
    text = str(base)
    if not _PLAIN_PATH.fullmatch(text) or len(text) > _MAX_SOCKET_DIR - 30:
        return False
    if user is None:
        return True
    # The user must be able to reach the directory: every ancestor searchable.
    for d in (base, *base.parents):
        try:
            st = d.stat()
        except OSError:
            return False
        if not st.st_mode & stat.S_IXOTH and st.st_uid != user.uid:
            return False
    return True


def _make_root(user: OsUser | None) -> Path:
    base = Path(tempfile.gettempdir())
    if not _usable_base(base, user):
        base = Path("/tmp")
    root = Path(tempfile.mkdtemp(prefix="dbparity-pg-", dir=base))
    if user is not None:
        os.chown(root, user.uid, user.gid)
    return root


# ------------------------------------------------------------------ the binaries


def _runs_as(binaries: Binaries, user: OsUser) -> bool:
    """Whether *user* can run the binaries where they are (``pg_ctl --version``)."""
    try:
        proc = subprocess.run(
            user.wrap([str(binaries.bindir / "pg_ctl"), "--version"]),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            errors="replace",
            env=_child_env(),
            cwd="/",
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return proc.returncode == 0 and "(PostgreSQL)" in proc.stdout


@contextlib.contextmanager
def runnable_binaries(
    binaries: Binaries, user: OsUser | None, log: Log | None = None
) -> Iterator[Binaries]:
    """*binaries* as *user* can run them, for the ``with`` block.

    When *user* (a root process's stand-in) cannot run them where they are and
    they are a relocatable installation (a wheel's), the installation is copied,
    layout kept, to a temporary folder everyone may read, removed at the end
    (also on SIGTERM and at exit). Otherwise they are used where they are.
    """
    if user is None or not binaries.tree or binaries.base is None:
        yield binaries
        return
    if _runs_as(binaries, user):
        yield binaries
        return
    base = Path(tempfile.gettempdir())
    if not _usable_base(base, user):
        base = Path("/tmp")
    copy = Path(tempfile.mkdtemp(prefix="dbparity-pgbin-", dir=base))
    token = _cleanup.register(lambda: shutil.rmtree(copy, ignore_errors=True))
    try:
        if log is not None:
            log(
                f"the OS user {user.name!r} cannot reach {binaries.where()}: "
                f"copying the server to {copy}"
            )
        for part in binaries.tree:
            shutil.copytree(binaries.base / part, copy / part, symlinks=True)
        for path in (copy, *copy.rglob("*")):
            if not path.is_symlink():  # readable, and runnable where it was
                mode = path.stat().st_mode
                path.chmod(mode | 0o044 | (0o011 if mode & 0o100 else 0))
        bindir = copy / binaries.bindir.relative_to(binaries.base)
        yield dataclasses.replace(binaries, bindir=bindir, base=copy)
    finally:
        shutil.rmtree(copy, ignore_errors=True)
        _cleanup.unregister(token)


# ------------------------------------------------------------------ the cluster


class LocalCluster:
    """One throwaway cluster: ``start()`` it, ``destroy()`` it (idempotent)."""

    def __init__(
        self,
        binaries: Binaries,
        *,
        user: OsUser | None,
        log: Log | None = None,
        superuser: str = "postgres",
    ) -> None:
        self.binaries = binaries
        self.user = user
        #: The bootstrap superuser (``initdb -U``).
        self.superuser = superuser
        self.root: Path | None = None
        self.port: int | None = None
        self._log = log
        self._child: subprocess.Popen[str] | None = None
        self._destroyed = False

    @property
    def data_dir(self) -> Path | None:
        return None if self.root is None else self.root / "data"

    @property
    def admin_dsn(self) -> str:
        assert self.port is not None, "the cluster is not started"
        return make_conninfo(
            "",
            host="127.0.0.1",
            port=self.port,
            user=self.superuser,
            dbname="postgres",
        )

    def postmaster_pid(self) -> int | None:
        """The postmaster's pid from ``postmaster.pid``, when the file is there."""
        if self.data_dir is None:
            return None
        try:
            first = (self.data_dir / "postmaster.pid").read_text("ascii").split()
        except (OSError, UnicodeDecodeError):
            return None
        return int(first[0]) if first and first[0].isdigit() else None

    def _say(self, message: str) -> None:
        if self._log is not None:
            self._log(message)

    def _tool(self, name: str) -> str:
        return str(self.binaries.bindir / name)

    def _call(self, args: Sequence[str], timeout: float) -> tuple[int | None, str]:
        """Run a tool (as the OS user); its exit code (None: timed out) and output."""
        cmd = self.user.wrap(args) if self.user is not None else list(args)
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            env=_child_env(),
            cwd=self.root if self.root is not None and self.root.is_dir() else "/",
        )
        self._child = proc
        try:
            out, _ = proc.communicate(timeout=timeout)
        except BaseException as exc:
            _halt(proc)
            with contextlib.suppress(Exception):
                proc.communicate(timeout=3)
            if isinstance(exc, subprocess.TimeoutExpired):
                return None, str(exc.output or "")
            raise
        finally:
            if self._child is proc:
                self._child = None
        return proc.returncode, out

    def start(self) -> None:
        """initdb a cluster in a new temporary directory and start it."""
        self.root = _make_root(self.user)
        data = self.data_dir
        assert data is not None
        as_user = f" as OS user {self.user.name!r}" if self.user else ""
        self._say(
            f"initdb PostgreSQL {self.binaries.version} from {self.binaries.bindir}"
            f"{as_user} in {self.root}"
        )
        code, out = self._call(
            [
                self._tool("initdb"),
                "-D",
                str(data),
                "-U",
                self.superuser,
                "--auth=trust",
                "--no-sync",
                "-E",
                "UTF8",
                "--no-locale",
            ],
            timeout=120,
        )
        if code != 0:
            what = "did not finish within 120 s" if code is None else f"exit {code}"
            raise ProviderError(
                f"initdb failed ({what}) for a throwaway PostgreSQL server in "
                f"{self.root}; its output ends with:\n{_tail(out)}"
            )
        for attempt in range(3):
            if self._start_once(attempt):
                return

    def _start_once(self, attempt: int) -> bool:
        """One ``pg_ctl start``; False when the port was taken meanwhile."""
        assert self.root is not None
        assert self.data_dir is not None
        log_file = self.root / "postgres.log"
        with contextlib.suppress(OSError):
            log_file.unlink()
        self.port = _free_port()
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root}"
            " -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        )
        code, out = self._call(
            [
                self._tool("pg_ctl"),
                "-D",
                str(self.data_dir),
                "-l",
                str(log_file),
                "-w",
                "-t",
                "60",
                "-o",
                options,
                "start",
            ],
            timeout=90,
        )
        if code == 0:
            self._say(
                f"PostgreSQL {self.binaries.version} is up on 127.0.0.1:{self.port}"
            )
            return True
        try:
            server_log = log_file.read_text("utf-8", errors="replace")
        except OSError:
            server_log = ""
        taken = "could not bind" in server_log or "already in use" in server_log
        if taken and attempt < 2 and self.postmaster_pid() is None:
            self._say(f"port {self.port} was taken meanwhile; trying another one")
            return False
        what = "did not finish within 90 s" if code is None else f"exit {code}"
        raise ProviderError(
            f"pg_ctl could not start the throwaway PostgreSQL server ({what}) on "
            f"127.0.0.1:{self.port}; pg_ctl said:\n{_tail(out, 5)}\n"
            f"  and the server log ends with:\n{_tail(server_log)}"
        )

    def destroy(self) -> None:
        """Stop the server (immediate shutdown) and remove its files. Idempotent."""
        if self._destroyed:
            return
        if self._child is not None:
            _halt(self._child)
        root, data = self.root, self.data_dir
        if root is not None and data is not None:
            pid = self.postmaster_pid()
            if pid is not None or (data / "postmaster.pid").exists():
                self._say(f"stopping the throwaway server on 127.0.0.1:{self.port}")
                self._call(
                    [
                        self._tool("pg_ctl"),
                        "-D",
                        str(data),
                        "-m",
                        "immediate",
                        "-w",
                        "-t",
                        "20",
                        "stop",
                    ],
                    timeout=30,
                )
            if pid is not None and not _wait_gone(pid, 5):
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
                _wait_gone(pid, 5)
            shutil.rmtree(root, ignore_errors=True)
        self._destroyed = True

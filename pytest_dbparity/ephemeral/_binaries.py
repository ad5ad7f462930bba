"""Finding the local PostgreSQL server binaries, and the OS user to run them as.

``initdb`` and ``pg_ctl`` are looked for in ``$DBPARITY_PG_BINDIR`` when it is set
(directories separated by ``os.pathsep``; nothing else is searched then), otherwise
next to the ``initdb`` on ``PATH``, in ``pg_config --bindir`` and under
``/usr/lib/postgresql/*/bin`` and ``/usr/pgsql-*/bin`` (newest first).

``initdb`` refuses to run as root. A root process therefore runs the binaries as
the OS user named by ``$DBPARITY_EPHEMERAL_USER``, or else ``postgres``.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import re
import shlex
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pytest_dbparity.ephemeral.errors import ProviderError

BINDIR_ENV = "DBPARITY_PG_BINDIR"
USER_ENV = "DBPARITY_EPHEMERAL_USER"
#: Where distributions install the server binaries (Debian/Ubuntu, PGDG RPMs).
SEARCH_GLOBS = ("/usr/lib/postgresql/*/bin", "/usr/pgsql-*/bin")
TOOLS = ("initdb", "pg_ctl", "postgres")
#: Where ``runuser`` and ``su`` live when PATH does not name them.
_SYSTEM_PATH = "/usr/sbin:/sbin:/usr/bin:/bin"


@dataclass(frozen=True, slots=True)
class Binaries:
    """A directory holding ``initdb``, ``pg_ctl`` and ``postgres`` of one version."""

    bindir: Path
    version: str  # as the tools print it, e.g. "15.8"

    @property
    def major(self) -> int:
        return int(self.version.split(".")[0])


@dataclass(frozen=True, slots=True)
class OsUser:
    """The non-root OS user a root process runs the binaries as."""

    name: str
    uid: int
    gid: int
    wrapper: tuple[str, ...]  # ("runuser", ...) or ("su", ...): see wrap()

    def wrap(self, args: Sequence[str]) -> list[str]:
        if Path(self.wrapper[0]).name == "su":
            return [*self.wrapper, "-s", "/bin/sh", "-c", shlex.join(args), self.name]
        return [*self.wrapper, "-u", self.name, "--", *args]


# ------------------------------------------------------------------ finding


def search_dirs() -> list[Path]:
    """The directories searched for the binaries, in order (see the docstring)."""
    configured = os.environ.get(BINDIR_ENV)
    if configured is not None:
        return [Path(p) for p in configured.split(os.pathsep) if p]
    dirs: list[Path] = []
    if initdb := shutil.which("initdb"):
        dirs.append(Path(initdb).resolve().parent)
    if pg_config := shutil.which("pg_config"):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(
                [pg_config, "--bindir"],
                capture_output=True,
                text=True,
                check=True,
                timeout=10,
                stdin=subprocess.DEVNULL,
            )
            if out.stdout.strip():
                dirs.append(Path(out.stdout.strip()))
    for pattern in SEARCH_GLOBS:
        matches = [Path(p) for p in glob.glob(pattern)]
        matches.sort(key=_dir_version, reverse=True)
        dirs.extend(matches)
    unique: list[Path] = []
    seen: set[Path] = set()
    for d in dirs:
        key = d.resolve() if d.exists() else d
        if key not in seen:
            seen.add(key)
            unique.append(d)
    return unique


def _dir_version(bindir: Path) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", bindir.parent.name))


def _version_of(bindir: Path) -> str | None:
    try:
        out = subprocess.run(
            [str(bindir / "pg_ctl"), "--version"],
            capture_output=True,
            text=True,
            timeout=10,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"\(PostgreSQL\)\s+(\d+(?:\.\d+)?)", out.stdout)
    return found.group(1) if found else None


def find_binaries(major: int | None = None) -> Binaries | None:
    """The server binaries to use: of *major* when found, else the first found."""
    fallback: Binaries | None = None
    for bindir in search_dirs():
        tools = [bindir / t for t in TOOLS]
        if not all(t.is_file() and os.access(t, os.X_OK) for t in tools):
            continue
        version = _version_of(bindir)
        if version is None:
            continue
        found = Binaries(bindir=bindir, version=version)
        if major is None or found.major == major:
            return found
        fallback = fallback or found
    return fallback


def resolve_user() -> OsUser | None:
    """The user to run the binaries as: None when this process is not root."""
    if os.geteuid() != 0:
        return None
    requested = os.environ.get(USER_ENV, "").strip()
    name = requested or "postgres"
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        if requested:
            raise ProviderError(
                f"{USER_ENV} names the OS user {requested!r}, which does not exist; "
                "set it to an existing non-root user (initdb refuses to run as root)"
            ) from None
        raise ProviderError(
            "this process runs as root and initdb refuses to run as root, but there "
            "is no OS user 'postgres' to run the local PostgreSQL binaries as: run "
            f"as a non-root user, set {USER_ENV} to a non-root OS user, or install "
            "Docker so that a testcontainers server is used"
        ) from None
    if entry.pw_uid == 0:
        raise ProviderError(
            f"{USER_ENV} names {name!r}, a root account; initdb refuses to run as "
            "root: name a non-root OS user"
        )
    search = os.pathsep.join(filter(None, [os.environ.get("PATH"), _SYSTEM_PATH]))
    for tool in ("runuser", "su"):
        if found := shutil.which(tool, path=search):
            return OsUser(name, entry.pw_uid, entry.pw_gid, (found,))
    raise ProviderError(
        f"this process runs as root and neither runuser nor su was found to run "
        f"initdb as {name!r}: run as a non-root user or install Docker"
    )

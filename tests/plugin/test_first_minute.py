"""What a new user sees first: the summary's order, node ids that can be rerun as
printed, the ``dbparity`` command."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import pytest

from pytest_dbparity import __version__
from tests.plugin.helpers import DRIFT, SCHEMA, lit, run


@pytest.fixture
def drifted(make_db: Callable[[str], str]) -> tuple[str, str]:
    """A pair with a critical difference (rls) and two high ones."""
    return make_db(SCHEMA), make_db(SCHEMA + DRIFT)


def test_summary_lists_differences_most_severe_first_before_the_failures(
    pytester: pytest.Pytester, drifted: tuple[str, str]
) -> None:
    a, b = drifted
    result = run(pytester, "--env-a", a, "--env-b", b)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    lines = result.stdout.lines
    start = lines.index(next(ln for ln in lines if "dbparity summary" in ln))
    failures = lines.index(next(ln for ln in lines if " FAILURES " in ln))
    assert start < failures
    assert lines[start + 1 : start + 5] == [
        "3 difference(s) fail the run (1 critical, 2 high), most severe first:",
        "  rls public.stories: enabled: true -> false [critical]",
        "  constraint public.stories.stories_owner_fk: missing in A [high]",
        "  function public.check_missed_webhooks: arguments: "
        "hours_back integer -> '' [high]",
    ]


@pytest.mark.parametrize("folder", ["rootdir", "subfolder"])
def test_printed_node_ids_rerun_as_printed(
    pytester: pytest.Pytester,
    drifted: tuple[str, str],
    monkeypatch: pytest.MonkeyPatch,
    folder: str,
) -> None:
    """The shipped tests live outside the user's rootdir: pytest prints their
    ids relative to the working folder, where no such file is. Given back as
    printed, they select that one item."""
    a, b = drifted
    pytester.makeini("[pytest]\n")
    if folder == "subfolder":
        monkeypatch.chdir(pytester.mkdir("sub"))
    result = run(pytester, "--env-a", a, "--env-b", b, "-rf")
    (printed,) = [
        ln.split()[1]
        for ln in result.stdout.lines
        if ln.startswith("FAILED ") and "test_rls[public.stories]" in ln
    ]
    prefix = "../" if folder == "subfolder" else ""
    assert printed == f"{prefix}test_rls.py::test_rls[public.stories]"
    again = run(pytester, "--env-a", a, "--env-b", b, "-rf", printed)
    outcomes = again.parseoutcomes()
    assert outcomes["failed"] == 1, again.stdout.str()
    assert "passed" not in outcomes
    again.stdout.fnmatch_lines([lit(f"FAILED {printed} - *")])


def test_a_path_that_exists_is_left_alone(
    pytester: pytest.Pytester, drifted: tuple[str, str]
) -> None:
    """A test file of the user's own named like a shipped one is the user's."""
    a, b = drifted
    pytester.makepyfile(test_rls="def test_own(): pass")
    result = run(pytester, "--env-a", a, "--env-b", b, "-v", "test_rls.py::test_own")
    result.stdout.fnmatch_lines(["test_rls.py::test_own PASSED*"])


def _dbparity(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest_dbparity.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_version() -> None:
    done = _dbparity("--version")
    assert done.returncode == 0
    assert done.stdout.startswith(f"pytest-dbparity {__version__} (pytest ")


def test_help_says_what_the_command_does() -> None:
    done = _dbparity("--help")
    assert done.returncode == 0
    text = " ".join(done.stdout.split())
    assert "compares two PostgreSQL databases" in text
    assert "pytest --env-a prod --env-b nonprod" in text
    assert "demo start a throwaway PostgreSQL server" in text
    assert "--version" in text
    demo = " ".join(_dbparity("demo", "--help").stdout.split())
    assert "Arguments after -- go to pytest" in demo

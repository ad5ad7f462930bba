"""End-to-end: outputs that cannot be written, and snapshot files that cannot be
read, serially and under xdist (issue 16).

An output that cannot be written is a usage error: one line naming the path,
exit code 4 (never 1, the code of drift), and the test outcomes still summarised.
This machine may run as root, whom permission bits do not stop: the unwritable
locations here are paths under a regular file.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.plugin.helpers import (
    DRIFT,
    PAIR,
    RLS_FILE,
    SCHEMA,
    MakePair,
    lit,
    output,
    run,
)

OPTIONS = (
    "--dbparity-json",
    "--dbparity-report",
    "--dbparity-fix-sql",
    "--dbparity-save-catalog",
)

#: A conftest that turns ``blocked`` into a regular file when the session starts
#: (after the options were checked, before the catalogs are read): the outputs
#: under it can then only fail when they are written.
BLOCK_AT_START = """
from pathlib import Path

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session):
    path = Path({path!r})
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text("")
"""


def _clean(result: pytest.RunResult) -> None:
    text = output(result)
    assert "Traceback" not in text, text
    assert "INTERNALERROR" not in text, text


@pytest.mark.parametrize("option", OPTIONS)
def test_unwritable_output_stops_before_reading(
    pytester: pytest.Pytester, make_db: Callable[[str], str], option: str
) -> None:
    dsn = make_db(SCHEMA)
    (pytester.path / "afile").write_text("")
    target = pytester.path / "afile" / "out.txt"
    same = ["--env-a", dsn, "--env-b", dsn, "--dbparity-allow-same-target"]
    result = run(pytester, *same, option, str(target))
    assert result.ret == pytest.ExitCode.USAGE_ERROR, output(result)
    assert result.stderr.lines[0] == (
        f"ERROR: dbparity: cannot write {option} {target}: "
        f"{pytester.path / 'afile'} is not a folder"
    )
    _clean(result)


def test_unwritable_snapshot_folder_stops_an_update(
    pytester: pytest.Pytester, make_db: Callable[[str], str]
) -> None:
    dsn = make_db(SCHEMA)
    (pytester.path / "afile").write_text("")
    result = run(
        pytester,
        "--env-a",
        dsn,
        "--dbparity-snapshot-dir",
        "afile/snapshots",
        "--snapshot-update",
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR, output(result)
    assert result.stderr.lines[0] == (
        f"ERROR: dbparity: cannot write snapshots in "
        f"{pytester.path / 'afile' / 'snapshots'}: "
        f"{pytester.path / 'afile'} is not a folder"
    )
    _clean(result)


def test_outputs_failing_at_write_time_exit_4_after_the_summary(
    make_pair: MakePair,
) -> None:
    """A fully approved run whose outputs cannot be written does not look like
    drift (exit 1) nor a crash (exit 3)."""
    pair = make_pair(DRIFT)
    approved = pair.approve().parseoutcomes()
    blocked = pair.path("out")
    pair.pytester.makeconftest(BLOCK_AT_START.format(path=str(blocked)))
    targets = {
        "--dbparity-json": blocked / "findings.json",
        "--dbparity-report": blocked / "report.md",
        "--dbparity-fix-sql": blocked / "fix.sql",
        "--dbparity-save-catalog": blocked / "catalog.json",
    }
    args = [a for option, path in targets.items() for a in (option, str(path))]
    result = pair.run(*args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR, output(result)
    outcomes = result.parseoutcomes()
    assert outcomes["passed"] == approved["passed"], outcomes
    assert "failed" not in outcomes
    errors = [ln for ln in result.stdout.lines if ln.startswith("ERROR: dbparity")]
    assert len(errors) == len(targets), errors
    for option, path in targets.items():
        result.stdout.fnmatch_lines(
            [lit(f"ERROR: dbparity: cannot write {option} {path}: [Errno ") + "*"]
        )
    _clean(result)
    assert not blocked.is_dir()


def test_snapshot_that_cannot_be_written_is_named(make_pair: MakePair) -> None:
    pair = make_pair(DRIFT)
    # The folder of the RLS approvals is a regular file once the run starts.
    blocked = pair.path(f"{PAIR}/test_rls")
    pair.pytester.makeconftest(BLOCK_AT_START.format(path=str(blocked)))
    result = pair.run("--snapshot-update")
    assert result.ret == pytest.ExitCode.USAGE_ERROR, output(result)
    assert "passed" in result.parseoutcomes()
    result.stdout.fnmatch_lines(
        [lit(f"ERROR: dbparity: cannot write snapshot file {RLS_FILE}: [Errno ") + "*"]
    )
    _clean(result)
    # The other approvals were written.
    assert pair.path(f"{PAIR}/test_constraints").is_dir()


def test_snapshot_that_is_not_utf8_is_corrupt(make_pair: MakePair) -> None:
    pair = make_pair(DRIFT)
    pair.approve()
    pair.path(RLS_FILE).write_bytes(b"format: dbparity-snapshot/1\nkind: r\xe9gle\n")
    result = pair.run()
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output(result)
    assert result.parseoutcomes()["failed"] == 1
    result.stdout.fnmatch_lines(
        [
            lit(
                f"*The snapshot file {RLS_FILE} is corrupt (not UTF-8); fix it, "
                "delete it, or rerun with --snapshot-update to rewrite it."
            )
        ]
    )
    assert "no snapshot" not in output(result)
    _clean(result)
    pair.approve()
    pair.path(RLS_FILE).read_text("utf-8")
    assert pair.run().ret == pytest.ExitCode.OK

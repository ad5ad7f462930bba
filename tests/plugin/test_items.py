"""End-to-end: ``--dbparity-items differences`` (one item per differing object plus
one per kind for the objects in parity), serially and under xdist."""

from __future__ import annotations

import pytest

from tests.plugin.helpers import (
    DRIFT,
    FK_FILE,
    FUNCTION_FILE,
    RLS_FILE,
    MakePair,
    execute,
    failed_ids,
    lit,
    output,
)

DIFFERENCES = ("--dbparity-items", "differences")


def _item_ids(result: pytest.RunResult) -> set[str]:
    """``module::test[id]`` of every item a ``-v`` run printed with an outcome
    (serial: ``path::test[id] PASSED``; xdist: ``[gw0] ... PASSED path::test[id]``)."""
    ids: set[str] = set()
    for line in result.stdout.lines:
        words = line.split()
        if not any(w in words for w in ("PASSED", "FAILED", "SKIPPED")):
            continue
        ids.update(w.split("/")[-1] for w in words if "::" in w)
    return ids


def test_differences_mode_fails_the_same_objects_with_fewer_items(
    make_pair: MakePair,
) -> None:
    pair = make_pair(DRIFT)
    full, full_findings = pair.findings("-rf", "-v")
    coarse, coarse_findings = pair.findings("-rf", "-v", *DIFFERENCES)
    assert coarse.ret == full.ret == pytest.ExitCode.TESTS_FAILED, output(coarse)
    # The same objects fail, with the same findings in the JSON file.
    assert failed_ids(coarse) == failed_ids(full)
    assert len(failed_ids(coarse)) == 3
    assert coarse_findings == full_findings
    ids = _item_ids(coarse)
    # Objects in parity have no item of their own; each kind has one for them.
    assert "test_columns.py::test_column[in-parity]" in ids
    assert "test_rls.py::test_rls[public.authors]" not in ids
    assert "test_rls.py::test_rls[public.authors]" in _item_ids(full)
    assert "test_rls.py::test_rls[in-parity]" in ids
    assert coarse.parseoutcomes()["passed"] < full.parseoutcomes()["passed"]
    coarse.stdout.fnmatch_lines(["dbparity: items: one per differing object*"])
    # The summary counts what the in-parity items stand for: every object that
    # passed alone in the full run (each difference of DRIFT fails).
    line = next(ln for ln in coarse.stdout.lines if "in-parity item(s)" in ln)
    counts = [int(part.split()[-1]) for part in line.split(": ", 1)[1].split(", ")]
    assert int(line.split()[0]) == sum(counts) == full.parseoutcomes()["passed"]
    assert len(counts) == len([i for i in ids if i.endswith("[in-parity]")])


def test_differences_mode_shares_approvals_and_reports_stale_ones(
    make_pair: MakePair,
) -> None:
    pair = make_pair(DRIFT)
    pair.approve()  # approved one item per object ...
    approved = pair.files()
    assert set(approved) == {RLS_FILE, FK_FILE, FUNCTION_FILE}
    result = pair.run(*DIFFERENCES)  # ... holds in differences mode
    assert result.ret == pytest.ExitCode.OK, output(result)
    assert pair.files() == approved

    # The RLS difference is resolved: its approval is stale.
    execute(pair.dsn_b, "alter table public.stories enable row level security;")
    result = pair.run(*DIFFERENCES)
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output(result)
    assert "failed" not in result.parseoutcomes()
    result.stdout.fnmatch_lines([lit(f"Unused test_rls[public.stories] ({RLS_FILE})")])
    result = pair.approve(*DIFFERENCES)
    assert set(pair.files()) == {FK_FILE, FUNCTION_FILE}
    assert pair.run(*DIFFERENCES).ret == pytest.ExitCode.OK


def test_differences_mode_from_the_ini_file(
    make_pair: MakePair, mode: list[str]
) -> None:
    pair = make_pair(DRIFT)
    pair.pytester.makeini("[pytest]\ndbparity_items = differences\n")
    result = pair.run("-v")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert "test_tables.py::test_table[in-parity]" in _item_ids(result)
    # Under xdist the header says that it does not pay off, and why.
    note = "dbparity: xdist does not pay off here: the controller reads *"
    if mode:
        result.stdout.fnmatch_lines([note])
    else:
        result.stdout.no_fnmatch_line(note)


def test_k_selects_objects_in_parity_by_name(make_pair: MakePair) -> None:
    """In differences mode ``-k`` selects the item standing for a kind's objects
    in parity when the name is in one of their keys, as in object mode."""
    pair = make_pair(DRIFT)
    result = pair.run("-v", "-k", "authors", *DIFFERENCES)
    assert result.ret == pytest.ExitCode.OK, output(result)
    ids = _item_ids(result)
    assert "test_tables.py::test_table[in-parity]" in ids
    assert "test_rls.py::test_rls[in-parity]" in ids
    assert "test_columns.py::test_column[in-parity]" in ids
    # Kinds without an object named so are deselected; so is every difference
    # (none of them is about authors).
    every = _item_ids(pair.run("-v", *DIFFERENCES))
    assert ids < {i for i in every if i.endswith("[in-parity]")}
    assert not failed_ids(result)
    full = pair.run("-v", "-k", "authors")
    assert "test_rls.py::test_rls[public.authors]" in _item_ids(full)


def test_auto_mode_keeps_one_item_per_object_on_a_small_catalog(
    make_pair: MakePair,
) -> None:
    pair = make_pair(DRIFT)
    result = pair.run("-v")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert "test_rls.py::test_rls[public.authors]" in _item_ids(result)
    result.stdout.fnmatch_lines(
        ["dbparity: items: one per object (--dbparity-items auto: * objects, up to *)"]
    )


def test_unknown_items_mode_is_a_usage_error(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest(
        "--env-a", "host=a", "--env-b", "host=b", "--dbparity-items", "tables"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["ERROR: dbparity: --dbparity-items: 'tables'; use auto, object or differences"]
    )


PHASE_PROBE = """
import pytest

@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter):
    phases = terminalreporter.stats.get("", [])
    terminalreporter.write_line(f"phase-reports: {len(phases)}")
"""


def test_parity_items_leave_no_phase_reports_to_scan(
    make_pair: MakePair,
) -> None:
    """pytest's summary scans its list of passed setup/teardown reports once per
    failure (and, with -rA, per pass); parity items keep theirs out of it, so a
    catalog with thousands of differences does not make the summary quadratic."""
    pair = make_pair(DRIFT)
    pair.pytester.makeconftest(PHASE_PROBE)
    result = pair.run("-rA")
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output(result)
    outcomes = result.parseoutcomes()
    assert outcomes["failed"] == 3
    assert outcomes["passed"] > 10
    result.stdout.fnmatch_lines(["phase-reports: 0"])
    # The summaries that scan that list still print every item.
    assert len(failed_ids(result)) == 3
    passes = [ln for ln in result.stdout.lines if ln.startswith("PASSED ")]
    assert len(passes) == outcomes["passed"]

"""End-to-end: the lean protocol of parity items whose object is in parity.

Such an item sends pytest's passed reports without running its phases; every
outcome, JUnit test case and JSON finding must be what pytest's own protocol
gives (``--dbparity-full-protocol``), and the lean path must step aside whenever
running the phases could make a difference.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from tests.plugin.helpers import DRIFT, MakePair, output

#: A plugin (``-p setupprobe``) that writes the node ids of the items whose
#: ``parity`` fixture was set up, one file per process (xdist workers). A plugin,
#: not a conftest file: a conftest's hooks apply only to tests in its folder.
PROBE = """
import json, os
from pathlib import Path

SET_UP = []
SEEN = []

def pytest_fixture_setup(fixturedef, request):
    if fixturedef.argname == "parity":
        SET_UP.append(request.node.nodeid)

def pytest_runtest_logstart(nodeid, location):
    SEEN.append(["start", nodeid, list(location)])

def pytest_runtest_logreport(report):
    SEEN.append([
        report.when, report.nodeid, list(report.location), report.outcome,
        sorted(report.keywords), report.longrepr is None, report.user_properties,
    ])

def pytest_runtest_logfinish(nodeid, location):
    SEEN.append(["finish", nodeid, list(location)])

def pytest_sessionfinish(session):
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    Path(f"setup-{worker}.json").write_text(json.dumps(SET_UP))
    if worker == "main":
        Path("seen.json").write_text(json.dumps(SEEN))
"""


def _probe(pytester: pytest.Pytester, text: str = PROBE, conftest: str = "") -> None:
    """Install the probe plugin through the rootdir's conftest (``pytest_plugins``:
    pytest puts the conftest's folder on ``sys.path`` first, in xdist workers
    too), with more *conftest* text."""
    pytester.makepyfile(setupprobe=text)
    pytester.makeconftest('pytest_plugins = ["setupprobe"]\n' + conftest)


def _set_up(root: Path) -> set[str]:
    ids: set[str] = set()
    for path in root.glob("setup-*.json"):
        ids.update(json.loads(path.read_text("utf-8")))
        path.unlink()
    return ids


def _cases(path: Path) -> dict[tuple[str, str], tuple[dict[str, str], list[Any]]]:
    """Every JUnit test case without its time: attributes, children and text."""
    cases = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        attrs = {k: v for k, v in case.attrib.items() if k != "time"}
        children = [(c.tag, dict(c.attrib), c.text) for c in case]
        cases[(attrs["classname"], attrs["name"])] = (attrs, children)
    return cases


def _outcomes(result: pytest.RunResult) -> dict[str, str]:
    """node id -> outcome word, from a ``-v`` run (serial or xdist lines)."""
    words = ("PASSED", "FAILED", "SKIPPED", "XFAIL", "ERROR")
    found = {}
    for line in result.stdout.lines:
        parts = line.split()
        outcome = next((w for w in words if w in parts), None)
        node = next((w for w in parts if "::" in w), None)
        if outcome and node:
            found[node] = outcome
    return found


@pytest.mark.parametrize(
    "threshold",
    [(), ("--dbparity-fail-on", "critical")],
    ids=["default", "below-threshold"],
)
def test_lean_items_report_what_the_full_protocol_reports(
    make_pair: MakePair, threshold: tuple[str, ...]
) -> None:
    pair = make_pair(DRIFT)
    _probe(pair.pytester)
    root = pair.pytester.path
    lean, lean_findings = pair.findings("-v", "--junitxml", "lean.xml", *threshold)
    lean_set_up = _set_up(root)
    lean_seen = (root / "seen.json").read_text("utf-8")
    full, full_findings = pair.findings(
        "-v", "--junitxml", "full.xml", "--dbparity-full-protocol", *threshold
    )
    full_set_up = _set_up(root)
    full_seen = (root / "seen.json").read_text("utf-8")

    assert lean.ret == full.ret == pytest.ExitCode.TESTS_FAILED, output(lean)
    assert lean.parseoutcomes() == full.parseoutcomes()
    assert _outcomes(lean) == _outcomes(full)
    assert lean_findings == full_findings
    # The hooks the run's process saw (the only process, or the xdist controller,
    # which gets the workers' reports): the same calls, locations, outcomes and
    # keywords, in the same order (serial).
    seen, expected = json.loads(lean_seen), json.loads(full_seen)
    if pair.mode:
        seen, expected = sorted(seen), sorted(expected)
    assert seen == expected
    assert len(expected) > 3 * len(full_set_up)
    lean_cases, full_cases = _cases(root / "lean.xml"), _cases(root / "full.xml")
    assert len(lean_cases) == sum(full.parseoutcomes().values())
    assert lean_cases == full_cases

    # The full protocol sets up `parity` for every item; the lean one skips the
    # objects in parity, except where an item must run (the first of its kind in
    # a process, the last of its module) ...
    outcomes = _outcomes(lean)
    assert full_set_up == set(outcomes)
    skipped = full_set_up - lean_set_up
    assert skipped
    assert skipped <= {n for n, o in outcomes.items() if o == "PASSED"}
    if not pair.mode:  # one process: exactly the passed items inside a module
        modules: dict[str, list[str]] = {}
        for node in outcomes:  # in the order they ran
            modules.setdefault(node.split("::")[0], []).append(node)
        inside = {n for nodes in modules.values() for n in nodes[1:-1]}
        assert skipped == {n for n in inside if outcomes[n] == "PASSED"}
        assert "test_columns.py::test_column[public.stories.id]" in skipped
    # Under `critical`, the objects that differ below it (the foreign key, the
    # function) pass, and take the lean path too where an object in parity
    # would; their outcomes, JSON and JUnit are the full protocol's (above).
    below = {
        (f["kind"], f["object"]) for f in full_findings if f["severity"] != "critical"
    }
    lean_below = {
        n
        for n in skipped
        for kind, key in below
        if n.startswith(f"test_{kind}") and n.endswith(f"[{key}]")
    }
    assert bool(lean_below) == bool(threshold) or pair.mode


def test_a_plugin_with_a_phase_hook_sees_every_item(
    make_pair: MakePair,
) -> None:
    pair = make_pair(DRIFT)
    _probe(
        pair.pytester,
        PROBE.replace('argname == "parity"', 'argname == "nothing"')
        + """
def pytest_runtest_call(item):
    SET_UP.append(item.nodeid)
""",
    )
    result = pair.run()
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output(result)
    outcomes = result.parseoutcomes()
    result.stdout.fnmatch_lines(
        [
            "dbparity: every item runs pytest's full protocol (phase hooks of "
            "setupprobe: pytest_runtest_call)*"
        ]
    )
    called = _set_up(pair.pytester.path)
    assert len(called) == outcomes["passed"] + outcomes["failed"]


def test_a_conftest_beside_the_project_tests_leaves_the_lean_path_on(
    make_pair: MakePair,
) -> None:
    """A conftest file applies to the tests in its folder, never to the shipped
    parity tests: its phase hooks do not slow them down."""
    pair = make_pair(DRIFT)
    _probe(pair.pytester)
    _probe(
        pair.pytester, conftest="def pytest_runtest_call(item):\n    raise OSError\n"
    )
    result = pair.run()
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output(result)
    assert "full protocol" not in result.stdout.str()
    assert len(_set_up(pair.pytester.path)) < sum(result.parseoutcomes().values())


def test_a_mark_added_to_an_item_in_parity_is_honoured(
    make_pair: MakePair,
) -> None:
    pair = make_pair(DRIFT)
    pair.pytester.makeconftest(
        """
import pytest

def pytest_collection_modifyitems(items):  # a session-wide hook
    for item in items:
        if item.name == "test_column[public.stories.id]":
            item.add_marker(pytest.mark.skip(reason="skipped by the team"))
        if item.name == "test_column[public.stories.owner_id]":
            item.add_marker(pytest.mark.xfail(reason="expected", strict=True))
"""
    )
    result = pair.run("-v", "-rfs")
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output(result)
    outcomes = _outcomes(result)
    title = next(n for n in outcomes if n.endswith("[public.stories.id]"))
    name = next(n for n in outcomes if n.endswith("[public.stories.owner_id]"))
    assert outcomes[title] == "SKIPPED"
    # An object in parity passes, so a strict xfail fails: the phases ran.
    assert outcomes[name] == "FAILED"
    result.stdout.fnmatch_lines(["*XPASS(strict)*expected*", "*skipped by the team*"])


def test_setup_show_sets_up_every_item(make_pair: MakePair) -> None:
    """``--setup-show`` (like ``--pdb`` and ``--trace``) asks to see the phases:
    every item runs them."""
    pair = make_pair(DRIFT)
    _probe(pair.pytester)
    result = pair.run("--setup-show")
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output(result)
    assert len(_set_up(pair.pytester.path)) == sum(result.parseoutcomes().values())

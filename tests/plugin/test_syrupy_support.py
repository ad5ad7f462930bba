"""Which syrupy the plugin drives (5.5.2 through 7.x), and the one clear error
on any other instead of approvals that silently never get written.

The approval cycle itself runs on whichever syrupy is installed in
``test_snapshots.py``; ``.ci/run`` runs it on the lowest and the newest.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from pytest_dbparity.snapshot import compat
from tests.plugin.helpers import RLS_FILE, MakePair, output, run

# ------------------------------------------------------------------ the range


@pytest.mark.parametrize(
    "version", ["5.5.2", "5.5.3", "6.0.0", "6.1.1", "7.0.0", "7.0.3", "7.9.1rc1"]
)
def test_supported_versions(version: str) -> None:
    assert compat.version_problem(version) is None


@pytest.mark.parametrize(
    "version", ["4.9.1", "5.4.0", "5.5.1", "8.0.0", "8.0.0a1", "10.1"]
)
def test_unsupported_versions_name_themselves_and_the_range(version: str) -> None:
    message = compat.version_problem(version)
    assert message == (
        f"syrupy {version} is not supported; pytest-dbparity drives syrupy "
        "5.5.2 through 7.x (pip install 'syrupy>=5.5.2,<8')"
    )


def test_an_unreadable_version_is_unsupported() -> None:
    message = compat.version_problem("banana")
    assert message is not None
    assert message.startswith("syrupy 'banana' has a version this plugin cannot read")


def test_the_installed_syrupy_is_supported() -> None:
    """The syrupy this suite runs on (the newest in CI's main environment, the
    lowest in its second one) is in the range and has every feature used."""
    assert compat.missing_feature() is None
    assert compat.problem(plugin_loaded=True) is None


def test_the_range_is_the_dependency_range() -> None:
    """What the check admits is what pip admits (pyproject.toml)."""
    text = (Path(__file__).parents[2] / "pyproject.toml").read_text("utf-8")
    (line,) = re.findall(r'^\s*"(syrupy[^"]*)",', text, re.MULTILINE)
    requirement = Requirement(line)
    assert requirement.specifier == SpecifierSet(compat.SUPPORTED)
    for version in ("5.5.1", "5.5.2", "6.1.1", "7.0.3", "7.99", "8.0.0"):
        admitted = requirement.specifier.contains(version, prereleases=True)
        assert admitted == (compat.version_problem(version) is None), version


# --------------------------------------------------------- the error at start


def _stopped_with(result: pytest.RunResult, message: str) -> None:
    assert result.ret == pytest.ExitCode.USAGE_ERROR, output(result)
    errors = [ln for ln in result.stderr.lines if ln.startswith("ERROR:")]
    assert errors == [f"ERROR: dbparity: {message}"], output(result)
    assert "Traceback" not in output(result)


def test_an_unsupported_syrupy_stops_the_run(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(compat, "installed_version", lambda: "8.0.0")
    result = run(pytester, "--env-a", "postgresql://nowhere/prod")
    _stopped_with(
        result,
        "syrupy 8.0.0 is not supported; pytest-dbparity drives syrupy 5.5.2 "
        "through 7.x (pip install 'syrupy>=5.5.2,<8')",
    )


def test_an_inert_plugin_does_not_check(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --env-a the plugin stays out of the project's own test runs."""
    monkeypatch.setattr(compat, "installed_version", lambda: "8.0.0")
    pytester.makepyfile("def test_own(): pass")
    run(pytester).assert_outcomes(passed=1)


def test_a_missing_feature_is_named(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        compat,
        "FEATURES",
        (("syrupy.session", "SnapshotSession", ("add_worker_report", "gone")),),
    )
    result = run(pytester, "--env-a", "postgresql://nowhere/prod")
    version = compat.installed_version()
    _stopped_with(
        result,
        f"syrupy {version} has no syrupy.session.SnapshotSession.gone; "
        "pytest-dbparity drives syrupy 5.5.2 through 7.x "
        "(pip install 'syrupy>=5.5.2,<8')",
    )


def test_syrupy_plugin_switched_off(pytester: pytest.Pytester) -> None:
    result = run(pytester, "-p", "no:syrupy", "--env-a", "postgresql://nowhere/prod")
    _stopped_with(
        result,
        f"syrupy {compat.installed_version()} is installed but its pytest plugin "
        "is not loaded (-p no:syrupy?); the approvals are syrupy snapshots",
    )


# ------------------------------------------- an error inside syrupy's assertion


@pytest.fixture
def mode() -> list[str]:
    """Serial only here (the broken match is patched in by a conftest)."""
    return []


BROKEN_MATCH = """
import re
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from pytest_dbparity.snapshot.extension import DbParitySnapshotExtension


def _broken(self, **kwargs):
    raise RuntimeError("cannot compare")


def pytest_configure(config):
    patch = pytest.MonkeyPatch()
    patch.setattr(DbParitySnapshotExtension, "matches", _broken)
    config.add_cleanup(patch.undo)
"""


def test_an_error_inside_syrupy_is_named_not_taken_for_a_mismatch(
    make_pair: MakePair,
) -> None:
    """syrupy catches every error in its assertion and reports a mismatch (so a
    write that fails under --snapshot-update looked like "not approved" again):
    the failure names the error instead."""
    from tests.plugin.helpers import DRIFT

    pair = make_pair(DRIFT)
    pair.approve()
    pair.pytester.makeconftest(BROKEN_MATCH)
    result = pair.run("-rf")
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output(result)
    result.stdout.fnmatch_lines(
        [
            "syrupy could not check or write the approval at "
            + RLS_FILE.replace("[", "[[]")
            + ": RuntimeError: cannot compare"
        ]
    )
    assert "Not approved" not in output(result)

"""Fixtures of the project's own test suite."""

import pytest
from hypothesis import settings

from tests.fix_db import (  # noqa: F401  (fixtures and hooks, used by name)
    make_db,
    pg14_server,
    pg16_server,
    pg17_server,
    pg18_server,
    pg_server,
    pytest_collection_modifyitems,
    roles,
)

# Property tests check results, never time: on a shared 2-core CI machine one
# example of a pure function took 556 ms (hypothesis' default deadline is 200 ms
# and calls the test flaky). Examples are not fewer; only the deadline goes.
settings.register_profile("dbparity", deadline=None)
settings.load_profile("dbparity")


@pytest.fixture(autouse=True)
def _not_on_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make inner pytest runs (pytester) print the same on a CI machine as here.

    pytest prints the whole failure message in its short summary when ``CI`` or
    ``BUILD_NUMBER`` is set, only its first line otherwise; the end-to-end tests
    count lines of that output, so the outer CI must not leak into inner runs.
    """
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("BUILD_NUMBER", raising=False)

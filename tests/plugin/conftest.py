"""Fixtures shared by the end-to-end modules: the named pair of test_snapshots."""

from tests.plugin.test_snapshots import (  # noqa: F401  (fixtures, used by name)
    make_pair,
    mode,
)

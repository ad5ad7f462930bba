"""Fixtures shared by the end-to-end modules: the named pair of test_snapshots."""

# Inner pytest runs (pytester, in process) drop the modules they imported when
# they end; the kind models must outlive them, or a later run in the same test
# builds objects of new classes while pickle finds the old ones (xdist hand-over).
import pytest_dbparity.kinds.registry  # noqa: F401
from tests.plugin.test_snapshots import (  # noqa: F401  (fixtures, used by name)
    make_pair,
    mode,
)

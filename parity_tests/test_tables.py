"""Tables: presence, type, persistence, partitioning, owner and comment."""

import pytest


@pytest.mark.dbparity("table")
def test_table(parity):
    parity.check()

"""Tables: presence, type, persistence, partitioning, replica identity, storage
parameters, owner and comment."""

import pytest


@pytest.mark.dbparity("table")
def test_table(parity):
    parity.check()

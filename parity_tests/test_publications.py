"""Publications: all tables, member tables (column lists, row filters), schemas,
published operations, partition root, owner and comment."""

import pytest


@pytest.mark.dbparity("publication")
def test_publication(parity):
    parity.check()

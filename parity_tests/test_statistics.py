"""Extended statistics: table, definition, statistics target, owner and comment."""

import pytest


@pytest.mark.dbparity("statistics")
def test_statistics(parity):
    parity.check()

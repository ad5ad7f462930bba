"""Table contents: reference data (configured tables) and the platform's
configuration tables, row by row."""

import pytest


@pytest.mark.dbparity("data")
def test_data(parity):
    parity.check()

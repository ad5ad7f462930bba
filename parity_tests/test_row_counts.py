"""Data volume: row counts (planner estimates unless configured exact)."""

import pytest


@pytest.mark.dbparity("row_count")
def test_row_count(parity):
    parity.check()

"""Indexes (those constraints own are checked as constraints)."""

import pytest


@pytest.mark.dbparity("index")
def test_index(parity):
    parity.check()

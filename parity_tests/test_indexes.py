"""Indexes (those constraints own are checked as constraints), comment included."""

import pytest


@pytest.mark.dbparity("index")
def test_index(parity):
    parity.check()

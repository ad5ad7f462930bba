"""Sequences: type, start, increment, bounds, cache, cycle, owner column, owner and
comment."""

import pytest


@pytest.mark.dbparity("sequence")
def test_sequence(parity):
    parity.check()

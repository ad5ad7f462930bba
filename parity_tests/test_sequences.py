"""Sequences: type, start, increment, bounds, cache, cycle and owner column."""

import pytest


@pytest.mark.dbparity("sequence")
def test_sequence(parity):
    parity.check()

"""Aggregates: arguments, state, final, combine, serial and moving-aggregate
functions, initial conditions, sort operator, parallel, owner and comment."""

import pytest


@pytest.mark.dbparity("aggregate")
def test_aggregate(parity):
    parity.check()

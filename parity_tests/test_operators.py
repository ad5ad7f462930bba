"""Operators users created: function, result, commutator, negator, estimators,
HASHES, MERGES, owner and comment."""

import pytest


@pytest.mark.dbparity("operator")
def test_operator(parity):
    parity.check()

"""Casts users created: function, context and comment."""

import pytest


@pytest.mark.dbparity("cast")
def test_cast(parity):
    parity.check()

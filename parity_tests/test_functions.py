"""Functions and procedures: arguments, result, attributes, settings and body."""

import pytest


@pytest.mark.dbparity("function")
def test_function(parity):
    parity.check()

"""Functions and procedures: arguments, result, attributes, settings, body, planner
estimates and support function."""

import pytest


@pytest.mark.dbparity("function")
def test_function(parity):
    parity.check()

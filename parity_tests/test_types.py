"""Types: enum labels, domains, composite and range types, owner and comment."""

import pytest


@pytest.mark.dbparity("type")
def test_type(parity):
    parity.check()

"""Types: enum labels, domains, composite and range types."""

import pytest


@pytest.mark.dbparity("type")
def test_type(parity):
    parity.check()

"""Foreign servers: wrapper, type, version, options, owner and comment."""

import pytest


@pytest.mark.dbparity("foreign_server")
def test_foreign_server(parity):
    parity.check()

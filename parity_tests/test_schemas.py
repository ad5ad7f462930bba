"""Schemas: presence, owner and comment."""

import pytest


@pytest.mark.dbparity("schema")
def test_schema(parity):
    parity.check()

"""Columns: type, nullability, default, identity, generated, collation, comment."""

import pytest


@pytest.mark.dbparity("column")
def test_column(parity):
    parity.check()

"""Columns: type, nullability, default, identity, generated, collation, comment,
storage, compression and statistics target."""

import pytest


@pytest.mark.dbparity("column")
def test_column(parity):
    parity.check()

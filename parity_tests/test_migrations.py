"""Migration history: versions, names and statements."""

import pytest


@pytest.mark.dbparity("migration")
def test_migration(parity):
    parity.check()

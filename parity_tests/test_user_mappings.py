"""User mappings: options (every value hidden)."""

import pytest


@pytest.mark.dbparity("user_mapping")
def test_user_mapping(parity):
    parity.check()

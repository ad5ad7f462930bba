"""Collations: provider, locale, ICU rules, deterministic, owner and comment."""

import pytest


@pytest.mark.dbparity("collation")
def test_collation(parity):
    parity.check()

"""Views and materialized views: definition."""

import pytest


@pytest.mark.dbparity("view")
def test_view(parity):
    parity.check()

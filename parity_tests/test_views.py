"""Views and materialized views: definition, options (security_invoker,
security_barrier, check_option), owner and comment."""

import pytest


@pytest.mark.dbparity("view")
def test_view(parity):
    parity.check()

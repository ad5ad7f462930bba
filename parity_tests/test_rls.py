"""Row level security: enabled and forced, per table."""

import pytest


@pytest.mark.dbparity("rls")
def test_rls(parity):
    parity.check()

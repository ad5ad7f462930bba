"""Settings of the database and of roles (ALTER DATABASE / ALTER ROLE ... SET)."""

import pytest


@pytest.mark.dbparity("setting")
def test_setting(parity):
    parity.check()

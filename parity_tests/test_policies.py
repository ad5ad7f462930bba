"""Row level security policies: command, mode, roles, USING and WITH CHECK."""

import pytest


@pytest.mark.dbparity("policy")
def test_policy(parity):
    parity.check()

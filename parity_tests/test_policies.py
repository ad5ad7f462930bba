"""Row level security policies: command, mode, roles, USING, WITH CHECK, comment."""

import pytest


@pytest.mark.dbparity("policy")
def test_policy(parity):
    parity.check()

"""Roles objects refer to: attributes, memberships and comment."""

import pytest


@pytest.mark.dbparity("role")
def test_role(parity):
    parity.check()

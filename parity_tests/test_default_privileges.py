"""Default privileges: what new objects of a role grant, per schema and type."""

import pytest


@pytest.mark.dbparity("default_privilege")
def test_default_privilege(parity):
    parity.check()

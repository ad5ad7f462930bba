"""Rules of tables and views: definition, enabled state and comment."""

import pytest


@pytest.mark.dbparity("rule")
def test_rule(parity):
    parity.check()

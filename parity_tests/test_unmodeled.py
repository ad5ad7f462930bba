"""Objects of kinds the plugin does not model (operator classes and families,
text search parsers and templates, subscriptions...): present on both sides or
not; large objects counted; security labels."""

import pytest


@pytest.mark.dbparity("unmodeled")
def test_unmodeled(parity):
    parity.check()

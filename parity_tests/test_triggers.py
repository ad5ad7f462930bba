"""Triggers: definition and enabled state."""

import pytest


@pytest.mark.dbparity("trigger")
def test_trigger(parity):
    parity.check()

"""Triggers: definition, enabled state and comment."""

import pytest


@pytest.mark.dbparity("trigger")
def test_trigger(parity):
    parity.check()

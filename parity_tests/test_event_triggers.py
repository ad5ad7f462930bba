"""Event triggers: event, function, tags, enabled state, owner and comment."""

import pytest


@pytest.mark.dbparity("event_trigger")
def test_event_trigger(parity):
    parity.check()

"""Text search dictionaries: template, options, owner and comment."""

import pytest


@pytest.mark.dbparity("ts_dictionary")
def test_ts_dictionary(parity):
    parity.check()

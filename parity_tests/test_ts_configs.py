"""Text search configurations: parser, mapping of each token type, owner, comment."""

import pytest


@pytest.mark.dbparity("ts_config")
def test_ts_config(parity):
    parity.check()

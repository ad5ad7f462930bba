"""Extensions: presence, version and schema."""

import pytest


@pytest.mark.dbparity("extension")
def test_extension(parity):
    parity.check()

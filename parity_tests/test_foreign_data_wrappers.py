"""Foreign data wrappers: handler, validator, options, owner and comment."""

import pytest


@pytest.mark.dbparity("foreign_data_wrapper")
def test_foreign_data_wrapper(parity):
    parity.check()

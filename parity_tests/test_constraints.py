"""Constraints: primary keys, unique, check, exclusion and foreign keys, and their
comments."""

import pytest


@pytest.mark.dbparity("constraint")
def test_constraint(parity):
    parity.check()

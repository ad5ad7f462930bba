"""Privileges on schemas, tables, columns, sequences and functions."""

import pytest


@pytest.mark.dbparity("privilege")
def test_privilege(parity):
    parity.check()

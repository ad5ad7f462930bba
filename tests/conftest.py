"""Fixtures of the project's own test suite."""

from tests.fix_db import (  # noqa: F401  (fixtures and hooks, used by name)
    make_db,
    pg_server,
    pytest_collection_modifyitems,
    roles,
)

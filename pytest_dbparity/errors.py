"""Exceptions raised by pytest-dbparity.

Every message is one line that names the environment by its label, never by its DSN,
and says what to do about it.
"""

from __future__ import annotations


class DbParityError(Exception):
    """Base class of every error pytest-dbparity raises on purpose."""

    __module__ = "pytest_dbparity"


class ConfigError(DbParityError):
    """The configuration (options, ini or ``dbparity.yaml``) is wrong."""

    __module__ = "pytest_dbparity"


class EnvironmentReadError(DbParityError):
    """An environment could not be read: connection, timeout or permission."""

    __module__ = "pytest_dbparity"


class ConnectError(EnvironmentReadError):
    """Connecting to an environment failed."""

    __module__ = "pytest_dbparity"


class CatalogQueryError(EnvironmentReadError):
    """A catalog query failed on an environment."""

    __module__ = "pytest_dbparity"

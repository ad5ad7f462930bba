"""Errors of the throwaway servers and of applying migrations to them."""

from __future__ import annotations

from pathlib import Path

from pytest_dbparity.errors import DbParityError


class ProviderError(DbParityError):
    """No throwaway PostgreSQL server could be started (or it failed to start)."""

    __module__ = "pytest_dbparity"


class MigrationError(DbParityError):
    """A migration (or the prelude, or the seed) failed on the throwaway server.

    The message reads ``<file>, line <n>: <server message>``; the parts are kept as
    attributes too.
    """

    __module__ = "pytest_dbparity"

    def __init__(
        self,
        message: str,
        *,
        path: Path | None = None,
        line: int | None = None,
        server_message: str | None = None,
        sqlstate: str | None = None,
    ) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.server_message = server_message
        self.sqlstate = sqlstate

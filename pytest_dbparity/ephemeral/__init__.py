"""Throwaway PostgreSQL servers, and migrations applied to them.

* :func:`ephemeral_server` — a throwaway server as a context manager
  (testcontainers when Docker answers, else the local server binaries);
* :func:`apply_migrations` — a folder of (Supabase CLI) migrations, applied in
  version order and recorded in the history table;
* :func:`load_prelude` — SQL recreating a platform's provisions (``"supabase"``);
* :func:`build_database` — a database built from a migrations folder on a
  throwaway server, as the prelude's platform builds it (:func:`server_roles`
  names the superuser to start the server with).
"""

from __future__ import annotations

from pytest_dbparity.ephemeral._containers import docker_available
from pytest_dbparity.ephemeral.build import BuiltDatabase, build_database
from pytest_dbparity.ephemeral.errors import MigrationError, ProviderError
from pytest_dbparity.ephemeral.migrations import (
    DEFAULT_HISTORY_TABLE,
    AppliedMigration,
    MigrationFile,
    apply_migrations,
    migration_files,
)
from pytest_dbparity.ephemeral.prelude import (
    PRELUDES,
    ServerRoles,
    load_prelude,
    server_roles,
)
from pytest_dbparity.ephemeral.server import (
    PROVIDER_ENV,
    PROVIDERS,
    EphemeralServer,
    ephemeral_server,
)

__all__ = [
    "DEFAULT_HISTORY_TABLE",
    "PRELUDES",
    "PROVIDERS",
    "PROVIDER_ENV",
    "AppliedMigration",
    "BuiltDatabase",
    "EphemeralServer",
    "MigrationError",
    "MigrationFile",
    "ProviderError",
    "ServerRoles",
    "apply_migrations",
    "build_database",
    "docker_available",
    "ephemeral_server",
    "load_prelude",
    "migration_files",
    "server_roles",
]

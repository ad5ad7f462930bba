"""A read-only connection to one environment, and the session settings every
catalog transaction pins (search_path, timeouts); secrets scrubbed from errors."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg

from pytest_dbparity.core.reading import ReadOptions as ReadOptions
from pytest_dbparity.environments import Environment
from pytest_dbparity.errors import ConnectError

APPLICATION_NAME = "pytest-dbparity"


def scrub(text: str, secrets: Sequence[str]) -> str:
    """Remove every secret from *text*."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "********")
    return text


def _reason(exc: BaseException, secrets: Sequence[str]) -> str:
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    return scrub("; ".join(lines) or type(exc).__name__, secrets)


@contextmanager
def connect(
    env: Environment, *, connect_timeout: float
) -> Iterator[psycopg.Connection[Any]]:
    """A read-only connection: every statement runs in a read-only transaction."""
    secrets = [p for p in [env.password] if p]
    try:
        conn = psycopg.connect(
            env.dsn,
            application_name=APPLICATION_NAME,
            connect_timeout=max(1, round(connect_timeout)),
            prepare_threshold=None,
            autocommit=False,
        )
    except psycopg.Error as exc:
        raise ConnectError(
            f"cannot connect to {env.describe()}: {_reason(exc, secrets)} "
            "(check the DSN, that the server is up and reachable, and the credentials)"
        ) from None
    try:
        conn.read_only = True
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        yield conn
    finally:
        conn.close()


def _pin_session(cur: psycopg.Cursor[Any], statement_timeout: float) -> None:
    # set_config(..., true) is SET LOCAL: it lasts for this transaction only, which
    # is also what a transaction pooler expects. JIT off: the catalog queries'
    # cost estimates (pg_attribute, pg_class, ACLs of tens of thousands of
    # objects) pass jit_above_cost on large catalogs, and compiling them takes
    # longer than running them (at 10,000 tables it doubled the catalog read).
    ms = str(max(1, round(statement_timeout * 1000)))
    cur.execute(
        "select set_config('search_path', 'pg_catalog', true),"
        " set_config('statement_timeout', %s, true),"
        " set_config('lock_timeout', %s, true),"
        " set_config('idle_in_transaction_session_timeout', %s, true),"
        " set_config('jit', 'off', true)",
        (ms, ms, ms),
    )

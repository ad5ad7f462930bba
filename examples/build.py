"""Build the icraft example pair: two databases whose catalogs drifted apart.

The pair is modelled on a real Supabase application whose production and
non-production projects diverged (row level security, foreign keys, function
signatures, extension versions and schemas, migration history, data volumes).
Each database gets ``icraft/platform.sql`` (what Supabase provides: roles,
``auth``, ``extensions``, the migration-history table), ``icraft/common.sql`` (the
shared application schema) and then its own drift, ``icraft/prod.sql`` or
``icraft/nonprod.sql``.

Usage::

    python examples/build.py [--server DSN] [--prefix NAME]

The server DSN must name a superuser connection to an existing database (the
default is ``$DBPARITY_EXAMPLE_SERVER`` or
``postgresql://postgres@127.0.0.1:5432/postgres``). Both databases are dropped
first (``WITH (FORCE)``, so open connections are closed) and created anew. The
script prints the two ``export`` lines the example's ``dbparity.yaml`` reads.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

HERE = Path(__file__).resolve().parent
SQL_DIR = HERE / "icraft"
DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_PREFIX = "dbparity_example"
SIDES: tuple[str, ...] = ("prod", "nonprod")
ENV_VARS: dict[str, str] = {
    "prod": "EXAMPLE_PROD_URL",
    "nonprod": "EXAMPLE_NONPROD_URL",
}


def database_dsn(server_dsn: str, dbname: str) -> str:
    """*server_dsn* pointed at the database *dbname* (URL or keyword form kept)."""
    if "://" in server_dsn:
        parts = urlsplit(server_dsn)
        return urlunsplit(parts._replace(path="/" + dbname))
    return make_conninfo(server_dsn, dbname=dbname)


def sql_files(side: str) -> list[Path]:
    """The scripts that build *side*, in the order they run."""
    if side not in SIDES:
        raise ValueError(f"unknown side {side!r}; expected one of {', '.join(SIDES)}")
    return [SQL_DIR / "platform.sql", SQL_DIR / "common.sql", SQL_DIR / f"{side}.sql"]


def _recreate(server_dsn: str, dbname: str) -> None:
    with psycopg.connect(server_dsn, autocommit=True) as conn:
        name = sql.Identifier(dbname)
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(name))
        conn.execute(sql.SQL("create database {}").format(name))


def _run_scripts(dsn: str, files: list[Path]) -> None:
    with psycopg.connect(dsn) as conn:
        for path in files:
            text = path.read_text("utf-8")
            try:
                # No parameters: the text is sent as is, several statements at once.
                conn.execute(text.encode("utf-8"))
            except psycopg.Error as exc:
                raise RuntimeError(
                    f"{path.name} failed in {dsn_dbname(dsn)}: {exc}"
                ) from exc
        conn.commit()


def dsn_dbname(dsn: str) -> str:
    """The database name a DSN names, for messages (never the password)."""
    return str(conninfo_to_dict(dsn).get("dbname") or "?")


def build(server_dsn: str, prefix: str = DEFAULT_PREFIX) -> dict[str, str]:
    """(Re)create ``<prefix>_prod`` and ``<prefix>_nonprod`` on *server_dsn*.

    Returns the DSN of each side: ``{"prod": ..., "nonprod": ...}``.
    """
    out: dict[str, str] = {}
    for side in SIDES:
        dbname = f"{prefix}_{side}"
        _recreate(server_dsn, dbname)
        dsn = database_dsn(server_dsn, dbname)
        _run_scripts(dsn, sql_files(side))
        out[side] = dsn
    return out


def server_from(value: str | None) -> str:
    """The server DSN: *value*, else ``$DBPARITY_EXAMPLE_SERVER``, else the default."""
    return value or os.environ.get("DBPARITY_EXAMPLE_SERVER") or DEFAULT_SERVER


def export_lines(dsns: dict[str, str]) -> list[str]:
    """Shell ``export`` lines for the environment variables dbparity.yaml reads."""
    return [f"export {ENV_VARS[side]}={shlex.quote(dsns[side])}" for side in SIDES]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(
            "(Re)create the icraft example databases <prefix>_prod and "
            "<prefix>_nonprod and print the export lines for dbparity.yaml."
        )
    )
    parser.add_argument(
        "--server",
        default=None,
        help=(
            "DSN of a superuser connection to the server "
            f"(default: $DBPARITY_EXAMPLE_SERVER, else {DEFAULT_SERVER})"
        ),
    )
    parser.add_argument(
        "--prefix",
        default=DEFAULT_PREFIX,
        help="database name prefix (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    try:
        dsns = build(server_from(args.server), args.prefix)
    except (psycopg.Error, RuntimeError) as exc:
        print(f"build.py: {exc}", file=sys.stderr)
        return 1
    for line in export_lines(dsns):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

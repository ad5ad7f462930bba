"""Reading the migration history: a table named in the settings, not a catalog."""

from __future__ import annotations

from importlib import resources
from typing import Any

import psycopg
from psycopg import sql

from pytest_dbparity.core.identifiers import split_qualified
from pytest_dbparity.core.reading import ReadOptions, Unreadable, table_columns


def read_migrations(
    cur: psycopg.Cursor[Any], options: ReadOptions
) -> tuple[list[dict[str, Any]], str | None]:
    """Rows of the migration-history table (dict rows), and a note if there is
    none; raises ``Unreadable`` when the role may not read it."""
    table = options.migrations_table
    if not table:
        return [], None
    schema, name = split_qualified(table)
    columns, readable = table_columns(cur, schema, name)
    if not columns:
        return [], f"no migration-history table {table}"
    if not readable:
        raise Unreadable(f"the role may not read the migration-history table {table}")
    if "version" not in columns:
        return [], f"migration-history table {table} has no 'version' column"
    text = resources.files(__package__).joinpath("migrations.sql").read_text("utf-8")
    query = sql.SQL(text).format(
        table=sql.Identifier(schema, name),
        name=sql.SQL("name::text") if "name" in columns else sql.SQL("null::text"),
        statements_hash=(
            sql.SQL("md5(array_to_string(statements, E'\\n'))")
            if "statements" in columns
            else sql.SQL("null::text")
        ),
    )
    cur.execute(query)
    return cur.fetchall(), None

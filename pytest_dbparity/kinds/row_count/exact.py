"""Exact row counts, for the tables the settings name (``count(*)``)."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql

from pytest_dbparity.core.identifiers import split_qualified
from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.core.reading import ReadOptions, table_columns


def exact_counts(
    cur: psycopg.Cursor[Any],
    options: ReadOptions,
    counts: dict[str, CatalogObject],
) -> list[str]:
    """Replace estimates by ``count(*)`` for the configured tables; notes on
    tables that are missing or unreadable."""
    from pytest_dbparity.kinds.row_count import RowCount

    notes = []
    for qualified in options.exact_counts:
        schema, name = split_qualified(qualified)
        probe = RowCount(schema=schema, table=name, rows=None)
        if probe.key not in counts:
            notes.append(f"exact row count: no table {qualified}")
            continue
        if not table_columns(cur, schema, name)[1]:
            notes.append(f"exact row count: the role may not read {qualified}")
            continue
        cur.execute(
            sql.SQL("select count(*) as n from {}").format(sql.Identifier(schema, name))
        )
        row = cur.fetchone()
        assert row is not None
        counts[probe.key] = RowCount(
            schema=schema, table=name, rows=row["n"], exact=True
        )
    return notes

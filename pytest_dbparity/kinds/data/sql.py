"""The SQL the data kind runs on tables: fingerprints, per-range fingerprints
and the rows of some ranges. Identifiers are quoted by psycopg; every value a
query hashes or returns is text made under pinned output settings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg import sql

#: Output settings that change the text of values (and so their hashes):
#: pinned for the transaction (``SET LOCAL``), so the fingerprint of a table
#: never depends on a role's or database's defaults.
PINNED: tuple[tuple[str, str], ...] = (
    ("TimeZone", "UTC"),
    ("DateStyle", "ISO, YMD"),
    ("IntervalStyle", "postgres"),
    ("extra_float_digits", "1"),
    ("bytea_output", "hex"),
    ("lc_monetary", "C"),
)


def pin_output(cur: psycopg.Cursor[Any]) -> None:
    """Pin the output settings for the rest of the transaction."""
    cur.execute(
        "select " + ", ".join("set_config(%s, %s, true)" for _ in PINNED),
        [v for pair in PINNED for v in pair],
    )


def _row(names: Sequence[str]) -> sql.Composable:
    """``row(c1, c2, ...)::text``: one unambiguous text per row (quoted fields,
    empty for null)."""
    cols = sql.SQL(", ").join(sql.Identifier(n) for n in names)
    return sql.SQL("row({})::text").format(cols)


def _hash64(text: sql.Composable) -> sql.Composable:
    return sql.SQL("('x' || substr(md5({}), 1, 16))::bit(64)::bigint").format(text)


def key_hash(key: Sequence[str], names: Sequence[str]) -> sql.Composable:
    """The 32-bit hash that places a row in a range: of its key, or of the whole
    row when there is none."""
    text = _row(key or names)
    return sql.SQL("('x' || substr(md5({}), 1, 8))::bit(32)::bigint").format(text)


def fingerprint_query(schema: str, table: str, names: Sequence[str]) -> sql.Composed:
    """Rows and the sum of the rows' 64-bit hashes (as text): order-independent."""
    return sql.SQL(
        "select count(*) as n, coalesce(sum({h}), 0)::text as s from {t}"
    ).format(h=_hash64(_row(names)), t=sql.Identifier(schema, table))


def ranges_query(
    schema: str, table: str, names: Sequence[str], key: Sequence[str]
) -> sql.Composed:
    """Per range of width ``%(part)s`` within the ranges ``%(ranges)s`` of width
    ``%(width)s``: the range, its rows and the sum of their hashes."""
    return sql.SQL(
        "select kh / %(part)s as r, count(*) as n, sum(h)::text as s from ("
        "select {kh} as kh, {h} as h from {t}) x "
        "where kh / %(width)s = any(%(ranges)s) group by 1"
    ).format(
        kh=key_hash(key, names),
        h=_hash64(_row(names)),
        t=sql.Identifier(schema, table),
    )


def rows_query(
    schema: str,
    table: str,
    names: Sequence[str],
    key: Sequence[str],
    sensitive: Sequence[str],
) -> sql.Composed:
    """The rows in the ranges ``%(ranges)s`` of width ``%(width)s``: the key's
    text (the row's, with no key), the key columns, then every compared column
    as text (a sensitive one as its hash: compared, never shown)."""
    values = [
        sql.SQL("md5({}::text)").format(sql.Identifier(n))
        if n in sensitive
        else sql.SQL("{}::text").format(sql.Identifier(n))
        for n in names
    ]
    keys = [sql.SQL("{}::text").format(sql.Identifier(k)) for k in key]
    return sql.SQL(
        "select {kt}, {cols} from {t} where {kh} / %(width)s = any(%(ranges)s)"
    ).format(
        kt=_row(key or names),
        cols=sql.SQL(", ").join(keys + values),
        t=sql.Identifier(schema, table),
        kh=key_hash(key, names),
    )

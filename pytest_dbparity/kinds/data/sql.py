"""The SQL the data kind runs on tables: fingerprints, per-range fingerprints
and the rows of some ranges. Identifiers are quoted by psycopg; every value a
query returns is text made under pinned output settings.

The row hash is the md5 of the row's binary send format (``record_send``) for
the column types whose send format is the same on every server, major and
platform (``BINARY_SAFE``: fixed built-in type OIDs, network byte order,
independent of DateStyle, TimeZone, IntervalStyle and extra_float_digits; text
is sent in the client encoding, pinned to UTF8); every other column enters the
row as its text under the pinned output settings. md5 itself is the same
everywhere; PostgreSQL's own hash functions (``hashtext``,
``hash_record_extended``) are not used: their results depend on the platform's
byte order.

Key ranges (``key_*`` queries) select rows by comparisons on the key, so that
an index on it serves every round: only for keys whose order is the same on
every server (see ``ordered_key_query``).
"""

from __future__ import annotations

import re
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
    # Text's binary send format is in the client encoding.
    ("client_encoding", "UTF8"),
)

#: Types (``format_type`` without type modifiers or ``[]``) whose binary send
#: format is portable: built-in (fixed OIDs, which record_send and array_send
#: include), network byte order, no session setting involved, and equal values
#: give equal bytes exactly when their texts are equal. Floats are not here (a
#: NaN's bits can differ where its text does not); nor are user types (their
#: OIDs differ between databases), which hash as text.
BINARY_SAFE = frozenset(
    {
        "smallint",
        "integer",
        "bigint",
        "numeric",
        "boolean",
        "date",
        "timestamp without time zone",
        "timestamp with time zone",
        "time without time zone",
        "interval",
        "uuid",
        "bytea",
        "text",
        "character varying",
        "character",
        "json",
        "jsonb",
    }
)

_TYPMOD = re.compile(r"\(\d+(?:,\d+)?\)")


def binary_safe(type_name: str) -> bool:
    """Whether a column of this ``format_type`` enters the row hash in binary."""
    base = _TYPMOD.sub("", type_name)
    while base.endswith("[]"):
        base = base[:-2]
    return base.strip() in BINARY_SAFE


#: Set with them, for speed only: a row hash is calls of functions, which JIT
#: compilation does not make faster, and compiling costs a tenth of a second
#: or more per query and side on the large tables that trigger it.
PLANNING: tuple[tuple[str, str], ...] = (("jit", "off"),)


def pin_output(cur: psycopg.Cursor[Any]) -> None:
    """Pin the output settings for the rest of the transaction."""
    settings = PINNED + PLANNING
    cur.execute(
        "select " + ", ".join("set_config(%s, %s, true)" for _ in settings),
        [v for pair in settings for v in pair],
    )


def _row(names: Sequence[str]) -> sql.Composable:
    """``row(c1, c2, ...)::text``: one unambiguous text per row (quoted fields,
    empty for null)."""
    cols = sql.SQL(", ").join(sql.Identifier(n) for n in names)
    return sql.SQL("row({})::text").format(cols)


def row_hash(
    names: Sequence[str], types: Sequence[str], *, fast: bool = False
) -> sql.Composable:
    """The row's 64-bit hash: md5 of its binary send format, each column in
    binary when its type's format is portable, else as text.

    *fast*: ``hashtextextended`` of that format (hex) instead of md5, about
    twice as fast; its result depends on the server's byte order, so it is
    used only between two live sides that ``HASH_PROBE`` found to agree, never
    for a fingerprint that is kept or compared with another server's."""
    cols = sql.SQL(", ").join(
        sql.Identifier(n)
        if binary_safe(t)
        else sql.SQL("{}::text").format(sql.Identifier(n))
        for n, t in zip(names, types, strict=True)
    )
    if fast:
        return sql.SQL(
            "hashtextextended(encode(record_send(row({})), 'hex'), 0)"
        ).format(cols)
    return sql.SQL(
        "('x' || substr(md5(record_send(row({}))), 1, 16))::bit(64)::bigint"
    ).format(cols)


#: ``hashtextextended`` of texts of every length from 0 to 80 (so every tail
#: length and both of its word-wise paths), each with its own seed: two
#: servers that give the same array hash alike (same byte order and
#: algorithm), so the fast row hash may compare their rows.
HASH_PROBE = (
    "select array_agg(hashtextextended(substr(repeat(md5(n::text), 3), 1, n), n)"
    " order by n)::text from generate_series(0, 80) as n"
)


def key_hash(key: Sequence[str], names: Sequence[str]) -> sql.Composable:
    """The 32-bit hash that places a row in a range: of its key, or of the whole
    row when there is none."""
    text = _row(key or names)
    return sql.SQL("('x' || substr(md5({}), 1, 8))::bit(32)::bigint").format(text)


def fingerprint_query(
    schema: str, table: str, names: Sequence[str], types: Sequence[str]
) -> sql.Composed:
    """Rows and the sum of the rows' 64-bit hashes (as text): order-independent."""
    return sql.SQL(
        "select count(*) as n, coalesce(sum({h}), 0)::text as s from {t}"
    ).format(h=row_hash(names, types), t=sql.Identifier(schema, table))


def ranges_query(
    schema: str,
    table: str,
    names: Sequence[str],
    types: Sequence[str],
    key: Sequence[str],
    *,
    fast: bool = False,
) -> sql.Composed:
    """Per range of width ``%(part)s`` within the ranges ``%(ranges)s`` of width
    ``%(width)s``: the range, its rows and the sum of their hashes."""
    return sql.SQL(
        "select kh / %(part)s as r, count(*) as n, sum(h)::text as s from ("
        "select {kh} as kh, {h} as h from {t}) x "
        "where kh / %(width)s = any(%(ranges)s) group by 1"
    ).format(
        kh=key_hash(key, names),
        h=row_hash(names, types, fast=fast),
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
    values = _values(names, sensitive)
    keys = [sql.SQL("{}::text").format(sql.Identifier(k)) for k in key]
    return sql.SQL(
        "select {kt}, {cols} from {t} where {kh} / %(width)s = any(%(ranges)s)"
    ).format(
        kt=_row(key or names),
        cols=sql.SQL(", ").join(keys + values),
        t=sql.Identifier(schema, table),
        kh=key_hash(key, names),
    )


def _values(names: Sequence[str], sensitive: Sequence[str]) -> list[sql.Composable]:
    """Every compared column as text (a sensitive one as its hash)."""
    return [
        sql.SQL("md5({}::text)").format(sql.Identifier(n))
        if n in sensitive
        else sql.SQL("{}::text").format(sql.Identifier(n))
        for n in names
    ]


def ordered_key_query() -> sql.Composed:
    """Whether the key ``%(key)s`` of the table ``%(table)s`` (quoted) can
    serve key ranges: NOT NULL built-in base types ordered alike on every
    server (no collation, or the built-in "C"/"POSIX": OIDs 950 and 951, not a
    user's collation of that name), and a valid unique btree index on
    exactly these columns in this order (every range is an index range scan).
    With the server's encoding where a key column is text (its byte order
    under "C" is the encoding's)."""
    return sql.SQL(
        "select coalesce((select bool_and(a.attnotnull and t.typtype = 'b'"
        " and t.oid < 16384 and (a.attcollation = 0"
        " or a.attcollation in (950, 951)))"
        " from unnest(%(key)s::text[]) as k(name)"
        " left join pg_attribute a on a.attrelid = c.oid and a.attname = k.name"
        " and not a.attisdropped"
        " left join pg_type t on t.oid = a.atttypid), false)"
        " and exists (select from pg_index i"
        " join pg_class ic on ic.oid = i.indexrelid"
        " join pg_am am on am.oid = ic.relam and am.amname = 'btree'"
        " where i.indrelid = c.oid and i.indisunique and i.indisvalid"
        " and i.indpred is null and i.indnkeyatts = cardinality(%(key)s::text[])"
        " and array(select a.attname::text"
        " from unnest(i.indkey::int2[]) with ordinality as u(attnum, o)"
        " join pg_attribute a on a.attrelid = c.oid and a.attnum = u.attnum"
        " where u.o <= i.indnkeyatts order by u.o) = %(key)s::text[])"
        " as ok, case when exists (select from pg_attribute a"
        " where a.attrelid = c.oid and a.attname = any(%(key)s::text[])"
        " and a.attcollation <> 0) then pg_encoding_to_char(d.encoding) end"
        " as encoding"
        " from pg_class c, pg_database d"
        " where c.oid = to_regclass(%(table)s) and d.datname = current_database()"
    ).format()


def _key_row(key: Sequence[str]) -> sql.Composable:
    return sql.SQL("({})").format(sql.SQL(", ").join(sql.Identifier(k) for k in key))


def _bound_row(side: str, key: Sequence[str], types: Sequence[str]) -> sql.Composable:
    return sql.SQL("({})").format(
        sql.SQL(", ").join(
            sql.SQL("r.{}::{}").format(sql.Identifier(f"{side}{j}"), sql.SQL(t))
            for j, t in enumerate(types)
        )
    )


def _ranges_from(
    key: Sequence[str], types: Sequence[str], lo: bool, hi: bool, step: bool = False
) -> tuple[sql.Composable, sql.Composable]:
    """``unnest(...) as r(i, [step,] lo0.., hi0..)`` of the ranges' parameters
    and the condition that a row lies in ``r``'s range: ``lo <= key < hi``
    (a missing bound: unbounded), in the key's own order (its index serves)."""
    cols = ["i"] + (["step"] if step else [])
    arrays: list[sql.Composable] = [sql.SQL("%(i)s::int[]")]
    if step:
        arrays.append(sql.SQL("%(step)s::bigint[]"))
    conds: list[sql.Composable] = []
    for side, present, op in (("lo", lo, ">="), ("hi", hi, "<")):
        if not present:
            continue
        for j in range(len(key)):
            cols.append(f"{side}{j}")
            arrays.append(sql.SQL("%({})s::text[]").format(sql.SQL(f"{side}{j}")))
        conds.append(
            sql.SQL("{} {} {}").format(
                _key_row(key), sql.SQL(op), _bound_row(side, key, types)
            )
        )
    source = sql.SQL("unnest({}) as r({})").format(
        sql.SQL(", ").join(arrays), sql.SQL(", ").join(sql.Identifier(c) for c in cols)
    )
    where = sql.SQL(" and ").join(conds) if conds else sql.SQL("true")
    return source, where


def _key_texts(key: Sequence[str]) -> tuple[sql.Composable, sql.Composable]:
    """The key's columns as text named ``k0, k1, ...`` (for an inner select),
    and those names read from its alias ``y`` (for the outer one)."""
    keys = sql.SQL(", ").join(
        sql.SQL("{}::text as {}").format(sql.Identifier(k), sql.Identifier(f"k{j}"))
        for j, k in enumerate(key)
    )
    cols = sql.SQL(", ").join(
        sql.SQL("y.{}").format(sql.Identifier(f"k{j}")) for j in range(len(key))
    )
    return keys, cols


def key_cuts_query(
    schema: str,
    table: str,
    key: Sequence[str],
    key_types: Sequence[str],
    *,
    lo: bool,
    hi: bool,
) -> sql.Composed:
    """Where to cut each range ``r`` into parts of ``r.step`` rows: the keys
    (columns as text) of rank ``step + 1``, ``2 * step + 1``, ... in key
    order, with their rank. Reads the key only (its index, in order)."""
    source, where = _ranges_from(key, key_types, lo, hi, step=True)
    keys, cols = _key_texts(key)
    return sql.SQL(
        "select r.i, x.* from {source} cross join lateral ("
        "select y.rn, {cols} from (select {keys}, row_number() over (order by"
        " {order}) as rn from {t} where {where}) y"
        " where y.rn > 1 and mod(y.rn - 1, r.step) = 0) x"
    ).format(
        source=source,
        cols=cols,
        keys=keys,
        order=sql.SQL(", ").join(sql.Identifier(k) for k in key),
        t=sql.Identifier(schema, table),
        where=where,
    )


def key_ranges_query(
    schema: str,
    table: str,
    names: Sequence[str],
    types: Sequence[str],
    key: Sequence[str],
    key_types: Sequence[str],
    *,
    lo: bool,
    hi: bool,
    fast: bool = False,
) -> sql.Composed:
    """Per key range ``r``: its rows and the sum of their hashes."""
    source, where = _ranges_from(key, key_types, lo, hi)
    return sql.SQL(
        "select r.i, x.n, x.s from {source} cross join lateral ("
        "select count(*) as n, coalesce(sum({h}), 0)::text as s from {t}"
        " where {where}) x"
    ).format(
        source=source,
        h=row_hash(names, types, fast=fast),
        t=sql.Identifier(schema, table),
        where=where,
    )


def key_rows_query(
    schema: str,
    table: str,
    names: Sequence[str],
    key: Sequence[str],
    key_types: Sequence[str],
    sensitive: Sequence[str],
    *,
    lo: bool,
    hi: bool,
) -> sql.Composed:
    """The rows of the key ranges: the range's index, the key columns, then
    every compared column as text (as ``rows_query``)."""
    source, where = _ranges_from(key, key_types, lo, hi)
    keys = [sql.SQL("{}::text").format(sql.Identifier(k)) for k in key]
    cols = [
        sql.SQL("{} as {}").format(v, sql.Identifier(f"c{j}"))
        for j, v in enumerate(keys + _values(names, sensitive))
    ]
    return sql.SQL(
        "select r.i, x.* from {source} cross join lateral ("
        "select {cols} from {t} where {where}) x"
    ).format(
        source=source,
        cols=sql.SQL(", ").join(cols),
        t=sql.Identifier(schema, table),
        where=where,
    )


def _scalar_bounds(
    key: Sequence[str], key_types: Sequence[str], lo: bool, hi: bool
) -> sql.Composable:
    """``lo <= key < hi`` with the bounds as parameters ``%(lo0)s``, ... (as
    text, cast to the key's types); a missing bound: unbounded."""
    conds: list[sql.Composable] = []
    for side, present, op in (("lo", lo, ">="), ("hi", hi, "<")):
        if present:
            bound = sql.SQL("({})").format(
                sql.SQL(", ").join(
                    sql.SQL("%({})s::{}").format(sql.SQL(f"{side}{j}"), sql.SQL(t))
                    for j, t in enumerate(key_types)
                )
            )
            conds.append(sql.SQL("{} {} {}").format(_key_row(key), sql.SQL(op), bound))
    return sql.SQL(" and ").join(conds) if conds else sql.SQL("true")


def key_buckets_query(
    schema: str,
    table: str,
    names: Sequence[str],
    types: Sequence[str],
    key: str,
    key_type: str,
    *,
    lo: bool,
    hi: bool,
    fast: bool = False,
) -> sql.Composed:
    """Per part of one range cut at ``%(cuts)s`` (a one-column key, the cuts in
    its order): the part's index (``width_bucket``: 0 before the first cut),
    rows and sum of hashes. One scan of the range, which the server may share
    between parallel workers, instead of one index scan per part."""
    return sql.SQL(
        "select width_bucket({k}, %(cuts)s::text[]::{ty}[]) as g, count(*) as n,"
        " coalesce(sum({h}), 0)::text as s from {t} where {where} group by 1"
    ).format(
        k=sql.Identifier(key),
        ty=sql.SQL(key_type),
        h=row_hash(names, types, fast=fast),
        t=sql.Identifier(schema, table),
        where=_scalar_bounds([key], [key_type], lo, hi),
    )


def key_sample_cuts_query(
    schema: str,
    table: str,
    key: Sequence[str],
    key_types: Sequence[str],
    *,
    lo: bool,
    hi: bool,
) -> sql.Composed:
    """Where to cut one large range, from a sample of the table's pages
    (``%(percent)s``, repeatable): every ``%(every)s``-th sampled key inside
    the range, in key order (columns as text). Reads a few pages, not the
    range."""
    keys, cols = _key_texts(key)
    return sql.SQL(
        "select {cols} from (select {keys}, row_number() over (order by {order})"
        " as rn from {t} tablesample system (%(percent)s) repeatable (0)"
        " where {where}) y where mod(y.rn, %(every)s) = 0 order by y.rn"
    ).format(
        cols=cols,
        keys=keys,
        order=sql.SQL(", ").join(sql.Identifier(k) for k in key),
        t=sql.Identifier(schema, table),
        where=_scalar_bounds(key, key_types, lo, hi),
    )

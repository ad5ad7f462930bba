"""Small SQL helpers: composing statements with psycopg's ``sql`` module, and the
names an expression mentions. What only one kind needs is in its ``fix.py``.

Identifiers always go through ``sql.Identifier`` and values through
``sql.Literal``; text the catalog already holds as SQL (definitions, expressions,
type names) is inserted as it is, through ``sql.SQL``, and never used as a format
template.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from pglast import parser
from psycopg import sql

Sql = sql.Composable


def ident(*names: str) -> sql.Identifier:
    """A (dotted) identifier, each part quoted."""
    return sql.Identifier(*names)


def raw(text: str) -> sql.SQL:
    """Catalog text that is already SQL (a definition, an expression, a type)."""
    return sql.SQL(text)


def lit(value: str) -> sql.SQL:
    """A string literal."""
    return sql.SQL(sql.Literal(value).as_string(None).strip())


def num(value: int) -> sql.SQL:
    """An integer literal."""
    return sql.SQL(str(int(value)))


def join(parts: Iterable[Sql], separator: str = ", ") -> sql.Composed:
    return sql.SQL(separator).join(list(parts))


def compose(template: str, *args: Sql, **kwargs: Sql) -> str:
    """*template* (this module's caller's own text) with its fields filled."""
    return sql.SQL(template).format(*args, **kwargs).as_string(None)


def without_semicolon(text: str) -> str:
    """*text* without trailing whitespace and semicolons."""
    out = text.rstrip()
    while out.endswith(";"):
        out = out[:-1].rstrip()
    return out


# ------------------------------------------------------------------ SQL words

_WORD = re.compile(r"[A-Za-z_\x80-\uffff][A-Za-z0-9_$\x80-\uffff]*")


@lru_cache(maxsize=4096)
def referenced_names(expression: str) -> frozenset[str]:
    """Identifiers an expression mentions (an over-approximation: function and
    type names count too). Unquoted words fold to lower case."""
    try:
        tokens = parser.scan(expression)
    except Exception:  # pglast raises its own errors for text it cannot scan
        return frozenset(w.lower() for w in _WORD.findall(expression))
    out: set[str] = set()
    for t in tokens:
        word = expression[t.start : t.end + 1]
        if word.startswith('"') and word.endswith('"') and len(word) >= 2:
            out.add(word[1:-1].replace('""', '"'))
        elif _WORD.fullmatch(word):
            out.add(word.lower())
    return frozenset(out)

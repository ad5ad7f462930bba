"""PostgreSQL identifiers: quoting, and the one parser of dotted names.

Keys are dotted paths of quoted identifiers (``public."a.b"``), built here from raw
names, so they never depend on how a server version quotes identifiers.
"""

from __future__ import annotations

import functools
import re

from pglast import keywords

_BARE_IDENT = re.compile(r"[^\W\d][\w$]*")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_SAFE_IDENT = re.compile(r"[a-z_][a-z0-9_]*")
_QUOTED_KEYWORDS = frozenset(
    keywords.RESERVED_KEYWORDS
    | keywords.COL_NAME_KEYWORDS
    | keywords.TYPE_FUNC_NAME_KEYWORDS
)


@functools.lru_cache(maxsize=1 << 16)  # names repeat in every key of a schema
def quote_ident(name: str) -> str:
    """Quote *name* exactly as PostgreSQL's ``quote_ident`` does.

    Keys are dotted paths; quoting the parts that need it keeps ``public."a.b"``
    apart from the column ``b`` of table ``public.a``, and matches what the server
    prints for ``regclass`` and ``format('%I')`` in the catalog queries.
    """
    if _SAFE_IDENT.fullmatch(name) and name not in _QUOTED_KEYWORDS:
        return name
    return '"' + name.replace('"', '""') + '"'


def qualify(*parts: str) -> str:
    """Join identifier parts into a dotted key, quoting where needed."""
    return ".".join(quote_ident(p) for p in parts)


def split_name(text: str) -> list[str]:
    """The raw parts of a dotted name (``"My Schema".t`` -> ``["My Schema", "t"]``).

    Quoted parts keep their case (``""`` inside is one quote); unquoted parts fold
    to lower case the way PostgreSQL folds them (ASCII letters only). Raises
    ValueError on anything that is not a dotted list of identifiers.
    """
    parts: list[str] = []
    i, n = 0, len(text)
    while True:
        if i < n and text[i] == '"':
            j, buf = i + 1, []
            while j < n:
                if text[j] == '"':
                    if j + 1 < n and text[j + 1] == '"':
                        buf.append('"')
                        j += 2
                        continue
                    break
                buf.append(text[j])
                j += 1
            if j >= n or not buf:
                raise ValueError(f"unterminated or empty quoted name in {text!r}")
            parts.append("".join(buf))
            i = j + 1
        else:
            j = text.find(".", i)
            j = n if j == -1 else j
            word = text[i:j]
            if not _BARE_IDENT.fullmatch(word):
                raise ValueError(f"not a schema-qualified name: {text!r}")
            parts.append(word.translate(_ASCII_LOWER))
            i = j
        if i >= n:
            return parts
        if text[i] != ".":
            raise ValueError(f"not a schema-qualified name: {text!r}")
        i += 1


def bare_head(text: str) -> str | None:
    """The first part of the dotted name *text* when it is unquoted, folded as
    ``split_name`` folds it, without parsing the rest (None when it is quoted).
    Not a check: ``split_name`` may still refuse *text*."""
    if text.startswith('"'):
        return None
    return text.split(".", 1)[0].translate(_ASCII_LOWER)


def split_qualified(text: str, *, default_schema: str = "public") -> tuple[str, str]:
    """``schema.table`` (parts may be double-quoted) to its two raw names; a bare
    name is in *default_schema*. Raises ValueError on anything else."""
    parts = split_name(text)
    if len(parts) == 1:
        return (default_schema, parts[0])
    if len(parts) == 2:
        return (parts[0], parts[1])
    raise ValueError(f"expected schema.table, got {text!r}")

"""SQL text normalisation for comparing function bodies.

PostgreSQL's own scanner (through pglast) splits a body into tokens. Comments and
whitespace are not tokens, and unquoted words fold to lower case, so two bodies
with the same tokens differ only in formatting. PL/pgSQL uses the same scanner, so
this holds for its bodies too. A body the scanner rejects (another language, say)
falls back to whitespace folding.
"""

from __future__ import annotations

from functools import lru_cache

from pglast import parser

_COMMENTS = frozenset({"SQL_COMMENT", "C_COMMENT"})
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_LITERALS = frozenset({"SCONST", "USCONST", "BCONST", "XCONST"})


def _join_continued(literal: str) -> str:
    """``'a'<newline>  'b'`` is one literal, continued: drop the layout between.

    Splits the literal into its quoted segments, walking it so that a doubled
    quote (``''``, an escaped quote) is never taken for the end of a segment.
    """
    segments: list[str] = []
    i, n = 0, len(literal)
    while i < n:
        if literal[i] != "'":  # layout between segments
            i += 1
            continue
        j = i + 1
        while j < n:
            if literal[j] == "'":
                if j + 1 < n and literal[j + 1] == "'":
                    j += 2
                    continue
                break
            j += 1
        segments.append(literal[i : j + 1])
        i = j + 1
    return "\n".join(segments)


@lru_cache(maxsize=4096)
def sql_tokens(text: str) -> tuple[str, ...]:
    """The tokens of *text* without comments; whitespace-split words on failure."""
    try:
        tokens = parser.scan(text)
    except Exception:  # pglast raises its own errors for text it cannot scan
        return tuple(text.split())
    out: list[str] = []
    for t in tokens:
        if t.name in _COMMENTS:
            continue
        word = text[t.start : t.end + 1]
        # Unquoted words fold to lower case in PostgreSQL (ASCII letters only, as
        # the server does in multibyte encodings); literals and quoted identifiers
        # (also U&"...") keep theirs.
        if t.name not in _LITERALS and not word.startswith(('"', 'U&"', 'u&"')):
            word = word.translate(_ASCII_LOWER)
        elif word.startswith("'"):
            word = _join_continued(word)
        out.append(word)
    return tuple(out)


def same_sql(a: str, b: str) -> bool:
    """True when *a* and *b* differ only in whitespace, comments or letter case of
    unquoted words (which PostgreSQL folds)."""
    return a == b or sql_tokens(a) == sql_tokens(b)

"""SQL text normalisation for comparing function bodies and, across PostgreSQL
majors, deparsed definitions and expressions.

PostgreSQL's own scanner (through pglast) splits a body into tokens. Comments and
whitespace are not tokens, and unquoted words fold to lower case, so two bodies
with the same tokens differ only in formatting. PL/pgSQL uses the same scanner, so
this holds for its bodies too. A body the scanner rejects (another language, say)
falls back to whitespace folding.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

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


# ------------------------------------------------------------ across majors

#: How a deparsed text is made a statement pglast parses: as it is (a view's
#: query, CREATE RULE / TRIGGER), an expression (defaults, checks, policies,
#: predicates), a table constraint (``CHECK (...)``, ``EXCLUDE ...``), or an
#: index's ``USING ...`` part.
_WRAPPERS = ("{}", "SELECT {}", "ALTER TABLE t ADD {}", "CREATE INDEX i ON t {}")
_POSITIONS = frozenset({"location", "stmt_location", "stmt_len"})
#: The parts of a SELECT whose column references name its own FROM list.
_OWN_CLAUSES = (
    "targetList",
    "whereClause",
    "groupClause",
    "havingClause",
    "sortClause",
    "distinctClause",
    "windowClause",
)


def _without_positions(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            k: _without_positions(v) for k, v in node.items() if k not in _POSITIONS
        }
    if isinstance(node, list):
        return [_without_positions(v) for v in node]
    return node


def _unqualify(node: Any, name: str) -> None:
    """Drop the qualifier *name* from column references ``name.column`` in
    *node*, not descending into subqueries (they have FROM lists of their own)."""
    if isinstance(node, list):
        for v in node:
            _unqualify(v, name)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key == "SelectStmt":
            continue
        if key == "ColumnRef" and isinstance(value, dict):
            fields = value.get("fields", [])
            if len(fields) == 2 and fields[0] == {"String": {"sval": name}}:
                value["fields"] = fields[1:]
            continue
        _unqualify(value, name)


def _single_relation_columns(node: Any) -> None:
    """PostgreSQL 16 and newer print ``SELECT id FROM t`` where 15 printed
    ``SELECT t.id FROM t``: in a SELECT over one relation, a column qualified by
    that relation's name is the same column unqualified."""
    if isinstance(node, list):
        for v in node:
            _single_relation_columns(v)
        return
    if not isinstance(node, dict):
        return
    select = node.get("SelectStmt")
    if isinstance(select, dict):
        frm = select.get("fromClause", [])
        if len(frm) == 1 and isinstance(frm[0], dict) and "RangeVar" in frm[0]:
            rv = frm[0]["RangeVar"]
            alias = rv.get("alias", {}).get("aliasname") if rv.get("alias") else None
            name = alias or rv.get("relname")
            if name:
                for clause in _OWN_CLAUSES:
                    _unqualify(select.get(clause), name)
    for value in node.values():
        _single_relation_columns(value)


@lru_cache(maxsize=4096)
def expression_tree(text: str) -> str | None:
    """The parse tree of deparsed SQL *text*, positions and the deparse-style
    differences between majors removed, as canonical JSON; None when pglast
    parses it in none of the ways it is tried (``_WRAPPERS``)."""
    for wrapper in _WRAPPERS:
        try:
            tree = json.loads(parser.parse_sql_json(wrapper.format(text)))
        except Exception:  # pglast raises its own errors for text it cannot parse
            continue
        tree = _without_positions(tree.get("stmts", []))
        _single_relation_columns(tree)
        return json.dumps(tree, sort_keys=True)
    return None


def same_expression(a: str, b: str) -> bool:
    """True when deparsed SQL *a* and *b* mean the same: equal tokens, or equal
    parse trees once the deparse-style differences between PostgreSQL majors
    are removed (see ``expression_tree``). For values read from servers of two
    majors; on one major the server's text is compared as it is."""
    if same_sql(a, b):
        return True
    tree = expression_tree(a)
    return tree is not None and tree == expression_tree(b)

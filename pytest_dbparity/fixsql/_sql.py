"""Small SQL helpers: composing statements with psycopg's ``sql`` module, and the
few facts about catalog text the script needs (privilege lists, versions, type
changes, view column names).

Identifiers always go through ``sql.Identifier`` and values through
``sql.Literal``; text the catalog already holds as SQL (definitions, expressions,
type names) is inserted as it is, through ``sql.SQL``, and never used as a format
template.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from pglast import parse_sql, parser
from psycopg import sql

from pytest_dbparity.core.identifiers import quote_ident

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


def render(template: str, *args: Sql, **kwargs: Sql) -> str:
    """*template* (this module's caller's own text) with its fields filled."""
    return sql.SQL(template).format(*args, **kwargs).as_string(None)


def without_semicolon(text: str) -> str:
    """*text* without trailing whitespace and semicolons."""
    out = text.rstrip()
    while out.endswith(";"):
        out = out[:-1].rstrip()
    return out


# ------------------------------------------------------------------ privileges

_PRIVILEGE = re.compile(r"[A-Z]+(?: [A-Z]+)*")


def parse_privileges(text: str | None) -> dict[str, bool]:
    """``"INSERT, SELECT*"`` to ``{"INSERT": False, "SELECT": True}`` (True: WITH
    GRANT OPTION). Anything that is not a privilege keyword is left out."""
    out: dict[str, bool] = {}
    for part in (text or "").split(","):
        word = part.strip()
        option = word.endswith("*")
        word = word.rstrip("*").strip()
        if _PRIVILEGE.fullmatch(word):
            out[word] = option
    return out


# -------------------------------------------------------------------- versions


def version_key(version: str) -> tuple[int, ...] | None:
    """``"1.10"`` to ``(1, 10)``; None for versions that are not dotted numbers."""
    if not re.fullmatch(r"\d+(?:\.\d+)*", version):
        return None
    return tuple(int(p) for p in version.split("."))


def is_downgrade(source: str, target: str) -> bool:
    """True when moving from *target* to *source* lowers the version."""
    s, t = version_key(source), version_key(target)
    return s is not None and t is not None and s < t


# ---------------------------------------------------------------- type changes

_INTEGERS = {"smallint": 0, "integer": 1, "bigint": 2}
_VARCHAR = re.compile(r"character varying(?:\((\d+)\))?")
_NUMERIC = re.compile(r"numeric(?:\((\d+),(\d+)\))?")


def keeps_data(old: str, new: str) -> bool:
    """Whether converting a column from *old* to *new* keeps every value.

    Only well-known widenings count; any other change may fail or lose data.
    """
    if old == new or new == "text":
        return True
    if old in _INTEGERS and new in _INTEGERS:
        return _INTEGERS[new] >= _INTEGERS[old]
    if old in _INTEGERS and new == "numeric":
        return True
    if old in ("smallint", "integer", "real") and new == "double precision":
        return True
    if old == "jsonb" and new == "json":
        return True
    v_old, v_new = _VARCHAR.fullmatch(old), _VARCHAR.fullmatch(new)
    if v_old and v_new:
        return v_new.group(1) is None or (
            v_old.group(1) is not None and int(v_new.group(1)) >= int(v_old.group(1))
        )
    n_old, n_new = _NUMERIC.fullmatch(old), _NUMERIC.fullmatch(new)
    if n_old and n_new:
        if n_new.group(1) is None:
            return True
        if n_old.group(1) is None:
            return False
        p_old, s_old = int(n_old.group(1)), int(n_old.group(2))
        p_new, s_new = int(n_new.group(1)), int(n_new.group(2))
        return s_new >= s_old and p_new - s_new >= p_old - s_old
    return False


def requalify(type_name: str, old_schema: str, new_schema: str) -> str | None:
    """*type_name* (as ``format_type`` prints it) moved from one schema to another,
    or None when it is not in *old_schema*."""
    prefix = quote_ident(old_schema) + "."
    if not type_name.startswith(prefix):
        return None
    return quote_ident(new_schema) + "." + type_name[len(prefix) :]


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


def _figure_name(node: Any) -> str | None:
    """The column name PostgreSQL gives an unaliased select-list expression, for
    the common cases (a column, a function call, a cast); None when unsure."""
    kind = type(node).__name__
    if kind == "ColumnRef":
        last = node.fields[-1]
        return str(last.sval) if type(last).__name__ == "String" else None
    if kind == "FuncCall":
        return str(node.funcname[-1].sval)
    if kind == "TypeCast":
        inner = _figure_name(node.arg)
        if inner is not None:
            return inner
        names = node.typeName.names
        return str(names[-1].sval) if names else None
    return None


def view_column_names(definition: str) -> tuple[str, ...] | None:
    """Output column names of a view's query; None when they cannot be told."""
    try:
        statements = parse_sql(definition)
    except Exception:  # pglast raises its own errors for text it cannot parse
        return None
    if len(statements) != 1:
        return None
    stmt: Any = statements[0].stmt
    while getattr(stmt, "larg", None) is not None:
        stmt = stmt.larg
    targets = getattr(stmt, "targetList", None)
    if type(stmt).__name__ != "SelectStmt" or not targets:
        return None
    names: list[str] = []
    for target in targets:
        name = target.name if target.name is not None else _figure_name(target.val)
        if name is None:
            return None
        names.append(str(name))
    return tuple(names)


def reloption(option: str) -> Sql | None:
    """``security_invoker=true`` as SQL for a ``WITH (...)`` list; None if odd."""
    name, sep, value = option.partition("=")
    if not sep or not re.fullmatch(r"[a-z_][a-z0-9_.]*", name):
        return None
    if re.fullmatch(r"[A-Za-z0-9_.]+", value):
        return raw(f"{name}={value}")
    return sql.SQL("{}={}").format(raw(name), lit(value))

"""Views and materialized views in the fix script: the catalog's own query
(``pg_get_viewdef``) as CREATE OR REPLACE VIEW, or DROP and CREATE when that
cannot change it."""

from __future__ import annotations

import re
from typing import Any

from pglast import parse_sql
from psycopg import sql

from pytest_dbparity.fixsql._kinds import ColumnName, KindFix
from pytest_dbparity.fixsql._phases import create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Item, Plan, narrow
from pytest_dbparity.fixsql._skeleton import reconcile
from pytest_dbparity.fixsql._sql import (
    Sql,
    compose,
    ident,
    join,
    lit,
    raw,
    referenced_names,
    without_semicolon,
)
from pytest_dbparity.kinds.view import SPEC, View

DROP, CREATE = drop_phase(SPEC), create_phase(SPEC)


def relation(obj: View) -> tuple[str, str]:
    return (obj.schema, obj.name)


def uses_column(obj: View, col: ColumnName) -> bool:
    """Whether the view's query mentions the column's schema, table and name."""
    return set(col) <= referenced_names(obj.definition)


def needs_recreate(item: Item) -> bool:
    """A view that CREATE OR REPLACE cannot change: materialized (or becoming
    so), or whose columns are not the old ones plus some at the end."""
    src, tgt = narrow(item.src, View), narrow(item.tgt, View)
    assert src is not None
    assert tgt is not None
    if "materialized" in item.attributes:
        return True
    if "definition" not in item.attributes:
        return False
    if src.materialized or tgt.materialized:
        return True
    new, old = view_column_names(src.definition), view_column_names(tgt.definition)
    return new is None or old is None or new[: len(old)] != old


def decide(plan: Plan) -> None:
    """Views to drop and create anew."""
    for item in plan.of("view"):
        if item.src is not None and item.tgt is not None and needs_recreate(item):
            plan.reset.add(("view", item.tgt.key))


def _view_keyword(v: View) -> str:
    return "MATERIALIZED VIEW" if v.materialized else "VIEW"


def _create_view(v: View, *, replace: bool = False) -> str:
    options: list[Sql] = [o for o in map(reloption, v.options) if o is not None]
    with_options: Sql = (
        sql.SQL(" WITH ({})").format(join(options)) if options else sql.SQL("")
    )
    head = "CREATE OR REPLACE" if replace else "CREATE"
    return compose(
        f"{head} {_view_keyword(v)} {{}}{{}} AS\n{{}}",
        ident(v.schema, v.name),
        with_options,
        raw(without_semicolon(v.definition)),
    )


def _drop(plan: Plan, item: Item, old: View) -> None:
    plan.add(
        DROP,
        item.key,
        _drop_view(old),
        (*item.findings, *plan.orphans(old)),
        destructive="drops the view; fails while other views or functions use it",
    )


def _create(plan: Plan, item: Item, src: View, old: View | None) -> None:
    if old is not None:
        plan.add(
            DROP,
            item.key,
            _drop_view(old),
            (*item.findings, *plan.orphans(old)),
            notes=[
                "dropped to be created again below: CREATE OR REPLACE VIEW "
                "cannot change a materialized view, nor a view's columns "
                "other than by adding some at the end (fails while other "
                "views or functions use it)",
                *plan.recreate_note(item),
            ],
        )
    name, kind = ident(src.schema, src.name), _view_keyword(src)
    found = plan.cause(item)
    plan.add(CREATE, item.key, _create_view(src), found)
    plan.set_owner(kind, name, src.owner, item.key, found)
    if src.comment is not None:
        plan.set_comment(kind, name, src.comment, item.key, found)


#: View options compared one by one: ``ALTER VIEW ... SET (...)``/``RESET``.
OPTIONS = ("security_invoker", "security_barrier", "check_option")


def _option_statement(v: View, option: str) -> str:
    """``ALTER VIEW v SET (option=value)``, or ``RESET (option)`` for its default."""
    value = getattr(v, option)
    name = ident(v.schema, v.name)
    if value is None or value is False:
        return compose(f"ALTER VIEW {{}} RESET ({option})", name)
    text = "true" if value is True else str(value)
    setting = reloption(f"{option}={text}")
    assert setting is not None  # our own option names, catalog values
    return compose("ALTER VIEW {} SET ({})", name, setting)


def _change(plan: Plan, item: Item, src: View, tgt: View) -> None:
    name, kind = ident(src.schema, src.name), _view_keyword(src)
    if found := item.about("definition"):
        # CREATE OR REPLACE VIEW sets the options it names and resets the others.
        plan.add(
            CREATE,
            item.key,
            _create_view(src, replace=True),
            (*found, *item.about(*OPTIONS)),
            notes=[
                "fails if a column's type changes: then drop the view and "
                "create it instead"
            ],
        )
    else:
        for option in OPTIONS:
            if found := item.about(option):
                plan.add(CREATE, item.key, _option_statement(src, option), found)
    if found := item.about("owner"):
        plan.set_owner(kind, name, src.owner, item.key, found)
    if found := item.about("comment"):
        plan.set_comment(kind, name, src.comment, item.key, found)


def plan_views(plan: Plan) -> None:
    reconcile(plan, View, drop=_drop, create=_create, change=_change)


def _drop_view(v: View) -> str:
    return compose(f"DROP {_view_keyword(v)} {{}}", ident(v.schema, v.name))


# ----------------------------------------------------------------- view columns


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


FIX = KindFix(
    plan=plan_views,
    decide=decide,
    is_relation=True,
    relation=relation,
    uses_column=uses_column,
    calls=("definition",),
)

"""Planners for functions, procedures and views: their definitions are the
catalog's own SQL (``pg_get_functiondef``, ``pg_get_viewdef``), used as they are."""

from __future__ import annotations

from psycopg import sql

from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._phases import create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Item, Plan, narrow
from pytest_dbparity.fixsql._sql import (
    Sql,
    ident,
    join,
    raw,
    reloption,
    render,
    without_semicolon,
)
from pytest_dbparity.kinds.function import Function
from pytest_dbparity.kinds.registry import SPECS
from pytest_dbparity.kinds.view import View

DROP_FUNCTION = drop_phase(SPECS["function"])
DROP_VIEW = drop_phase(SPECS["view"])
FUNCTION = create_phase(SPECS["function"])
VIEW = create_phase(SPECS["view"])

# -------------------------------------------------------------------- functions


def signature(f: Function) -> sql.Composed:
    """``schema.name(identity arguments)``."""
    return sql.SQL("{}({})").format(ident(f.schema, f.name), raw(f.identity_arguments))


def routine_keyword(f: Function) -> str:
    return "PROCEDURE" if f.function_type == "procedure" else "FUNCTION"


def _drop_function(f: Function) -> str:
    return render(f"DROP {routine_keyword(f)} {{}}", signature(f))


def plan_functions(plan: Plan) -> None:
    for item in plan.of("function"):
        src, tgt = narrow(item.src, Function), narrow(plan.target(item), Function)
        raw_tgt = narrow(item.tgt, Function)
        if src is None:
            if raw_tgt is None or not item.findings or plan.taken_by_parent(item):
                continue
            plan.add(
                DROP_FUNCTION,
                item.key,
                _drop_function(raw_tgt),
                (*item.findings, *plan.orphans(raw_tgt)),
                destructive=f"drops the {routine_keyword(raw_tgt).lower()}; fails "
                "while views, triggers, policies, defaults or other functions "
                "use it",
            )
            continue
        if tgt is None:
            if raw_tgt is None and not item.findings:
                continue
            if raw_tgt is None:
                blocked = plan.missing_parent(src)
                if blocked:
                    plan.not_reconciled(item, blocked)
                    continue
            else:  # its signature changes: drop the old one, create the new one
                plan.add(
                    DROP_FUNCTION,
                    item.key,
                    _drop_function(raw_tgt),
                    (*item.findings, *plan.orphans(raw_tgt)),
                    notes=[
                        "dropped to be created again below: CREATE OR REPLACE "
                        "cannot change arguments, result type or kind "
                        "(fails while views, triggers or policies use it)",
                        *plan.recreate_note(item),
                    ],
                )
            found = plan.cause(item)
            _create(plan, item, src, found)
            kind = routine_keyword(src)
            plan.set_owner(kind, signature(src), src.owner, item.key, found)
            if src.comment is not None:
                plan.set_comment(kind, signature(src), src.comment, item.key, found)
            continue
        if not item.findings:
            continue
        replaced = item.attributes - {"owner", "comment"}
        if replaced:
            _create(plan, item, src, item.about(*sorted(replaced)))
        kind = routine_keyword(src)
        if found := item.about("owner"):
            plan.set_owner(kind, signature(src), src.owner, item.key, found)
        if found := item.about("comment"):
            plan.set_comment(kind, signature(src), src.comment, item.key, found)


def _create(plan: Plan, item: Item, f: Function, findings: tuple[Finding, ...]) -> None:
    if not f.definition:
        plan.not_reconciled(item, "the catalog holds no definition of the function")
        return
    plan.add(FUNCTION, item.key, f.definition.rstrip(), findings)


# ------------------------------------------------------------------------ views


def _view_keyword(v: View) -> str:
    return "MATERIALIZED VIEW" if v.materialized else "VIEW"


def _create_view(v: View, *, replace: bool = False) -> str:
    options: list[Sql] = [o for o in map(reloption, v.options) if o is not None]
    with_options: Sql = (
        sql.SQL(" WITH ({})").format(join(options)) if options else sql.SQL("")
    )
    head = "CREATE OR REPLACE" if replace else "CREATE"
    return render(
        f"{head} {_view_keyword(v)} {{}}{{}} AS\n{{}}",
        ident(v.schema, v.name),
        with_options,
        raw(without_semicolon(v.definition)),
    )


def plan_views(plan: Plan) -> None:
    for item in plan.of("view"):
        src, tgt = narrow(item.src, View), narrow(plan.target(item), View)
        raw_tgt = narrow(item.tgt, View)
        if src is None:
            if raw_tgt is None or not item.findings or plan.taken_by_parent(item):
                continue
            plan.add(
                DROP_VIEW,
                item.key,
                _drop_view(raw_tgt),
                (*item.findings, *plan.orphans(raw_tgt)),
                destructive="drops the view; fails while other views or functions "
                "use it",
            )
            continue
        name = ident(src.schema, src.name)
        kind = _view_keyword(src)
        if tgt is None:
            if raw_tgt is None and not item.findings:
                continue
            if raw_tgt is None:
                blocked = plan.missing_parent(src)
                if blocked:
                    plan.not_reconciled(item, blocked)
                    continue
            else:
                plan.add(
                    DROP_VIEW,
                    item.key,
                    _drop_view(raw_tgt),
                    (*item.findings, *plan.orphans(raw_tgt)),
                    notes=[
                        "dropped to be created again below: CREATE OR REPLACE VIEW "
                        "cannot change a materialized view, nor a view's columns "
                        "other than by adding some at the end (fails while other "
                        "views or functions use it)",
                        *plan.recreate_note(item),
                    ],
                )
            found = plan.cause(item)
            plan.add(VIEW, item.key, _create_view(src), found)
            plan.set_owner(kind, name, src.owner, item.key, found)
            if src.comment is not None:
                plan.set_comment(kind, name, src.comment, item.key, found)
            continue
        if not item.findings:
            continue
        if found := item.about("definition"):
            plan.add(
                VIEW,
                item.key,
                _create_view(src, replace=True),
                found,
                notes=[
                    "fails if a column's type changes: then drop the view and "
                    "create it instead"
                ],
            )
        if found := item.about("owner"):
            plan.set_owner(kind, name, src.owner, item.key, found)
        if found := item.about("comment"):
            plan.set_comment(kind, name, src.comment, item.key, found)


def _drop_view(v: View) -> str:
    return render(f"DROP {_view_keyword(v)} {{}}", ident(v.schema, v.name))

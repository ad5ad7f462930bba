"""Casts in the fix script: CREATE CAST, DROP CAST, and DROP and CREATE when its
function or context changes (no statement changes a cast)."""

from __future__ import annotations

from psycopg import sql

from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._kinds import KindFix
from pytest_dbparity.fixsql._phases import create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Item, Plan
from pytest_dbparity.fixsql._skeleton import drop_then_create, reconcile
from pytest_dbparity.fixsql._sql import compose, raw
from pytest_dbparity.kinds.cast import METHODS, SPEC, Cast

DROP, CREATE = drop_phase(SPEC), create_phase(SPEC)

_CONTEXTS = {"implicit": " AS IMPLICIT", "assignment": " AS ASSIGNMENT", "explicit": ""}


def _name(c: Cast) -> sql.Composed:
    """``(source AS target)``: the types as the catalog prints them."""
    return sql.SQL("({} AS {})").format(raw(c.source), raw(c.target))


def _drop_statement(c: Cast) -> str:
    return compose("DROP CAST {}", _name(c))


def _create_statement(c: Cast) -> str | None:
    context = _CONTEXTS.get(c.context)
    if context is None:
        return None
    how = {"WITHOUT FUNCTION": "WITHOUT FUNCTION", "INOUT": "WITH INOUT"}
    method = how[c.function] if c.function in METHODS else f"WITH FUNCTION {c.function}"
    return compose(f"CREATE CAST {{}} {{}}{context}", _name(c), raw(method))


def _define(plan: Plan, item: Item, src: Cast, found: tuple[Finding, ...]) -> None:
    statement = _create_statement(src)
    if statement is None:
        plan.not_reconciled(item, f"unknown cast context {src.context!r}")
        return
    plan.add(CREATE, item.key, statement, found)
    if src.comment is not None:
        plan.set_comment("CAST", _name(src), src.comment, item.key, found)


_drop, _create = drop_then_create(
    DROP,
    _drop_statement,
    _define,
    why="drops the cast; queries that use it convert otherwise or fail",
)


def _change(plan: Plan, item: Item, src: Cast, tgt: Cast) -> None:
    if item.attributes - {"comment"}:
        plan.add(
            DROP,
            item.key,
            _drop_statement(tgt),
            item.findings,
            notes=[
                "dropped to be created again below: no statement changes a "
                "cast's function or context",
                *plan.recreate_note(item),
            ],
        )
        _define(plan, item, src, item.findings)
        return
    if found := item.about("comment"):
        plan.set_comment("CAST", _name(src), src.comment, item.key, found)


def plan_casts(plan: Plan) -> None:
    reconcile(plan, Cast, drop=_drop, create=_create, change=_change)


FIX = KindFix(plan=plan_casts, calls=("function",))

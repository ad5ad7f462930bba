"""Functions and procedures in the fix script: the catalog's own definition
(``pg_get_functiondef``) as CREATE OR REPLACE; DROP first when the signature
changes."""

from __future__ import annotations

from psycopg import sql

from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._kinds import KindFix
from pytest_dbparity.fixsql._phases import create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Item, Plan, narrow
from pytest_dbparity.fixsql._skeleton import reconcile
from pytest_dbparity.fixsql._sql import compose, ident, raw
from pytest_dbparity.kinds.function import SPEC, Function

DROP, CREATE = drop_phase(SPEC), create_phase(SPEC)

#: Function attributes that only a new CREATE (after a DROP) can change.
SIGNATURE = frozenset({"arguments", "result", "function_type"})


def needs_recreate(item: Item) -> bool:
    """A function whose arguments, result type or kind change: CREATE OR
    REPLACE cannot, so the old one is dropped first."""
    src, tgt = narrow(item.src, Function), narrow(item.tgt, Function)
    assert src is not None
    assert tgt is not None
    if not item.findings:
        return False
    changed = src.identity_arguments != tgt.identity_arguments
    return changed or bool(item.attributes & SIGNATURE)


def decide(plan: Plan) -> None:
    """Functions to drop and create anew: their signature changes."""
    for item in plan.of("function"):
        if item.src is not None and item.tgt is not None and needs_recreate(item):
            plan.reset.add(("function", item.tgt.key))


def signature(f: Function) -> sql.Composed:
    """``schema.name(identity arguments)``."""
    return sql.SQL("{}({})").format(ident(f.schema, f.name), raw(f.identity_arguments))


def routine_keyword(f: Function) -> str:
    return "PROCEDURE" if f.function_type == "procedure" else "FUNCTION"


def _drop_function(f: Function) -> str:
    return compose(f"DROP {routine_keyword(f)} {{}}", signature(f))


def _drop(plan: Plan, item: Item, old: Function) -> None:
    plan.add(
        DROP,
        item.key,
        _drop_function(old),
        (*item.findings, *plan.orphans(old)),
        destructive=f"drops the {routine_keyword(old).lower()}; fails "
        "while views, triggers, policies, defaults or other functions "
        "use it",
    )


def _create(plan: Plan, item: Item, src: Function, old: Function | None) -> None:
    if old is not None:  # its signature changes: drop the old one, create the new
        plan.add(
            DROP,
            item.key,
            _drop_function(old),
            (*item.findings, *plan.orphans(old)),
            notes=[
                "dropped to be created again below: CREATE OR REPLACE "
                "cannot change arguments, result type or kind "
                "(fails while views, triggers or policies use it)",
                *plan.recreate_note(item),
            ],
        )
    found = plan.cause(item)
    _define(plan, item, src, found)
    kind = routine_keyword(src)
    plan.set_owner(kind, signature(src), src.owner, item.key, found)
    if src.comment is not None:
        plan.set_comment(kind, signature(src), src.comment, item.key, found)


#: Attributes ``ALTER FUNCTION`` changes alone (the definition repeats them).
ESTIMATES = ("cost", "rows")


def _estimate(f: Function, attribute: str) -> str:
    """``ALTER FUNCTION f(...) COST n`` or ``ROWS n`` (None: the default)."""
    value = getattr(f, attribute)
    if value is None:
        value = (
            1000
            if attribute == "rows"
            else 1
            if f.language in ("c", "internal")
            else 100
        )
    return compose(
        f"ALTER FUNCTION {{}} {attribute.upper()} {{}}", signature(f), raw(f"{value:g}")
    )


def _change(plan: Plan, item: Item, src: Function, tgt: Function) -> None:
    replaced = item.attributes - {"owner", "comment"}
    if replaced - set(ESTIMATES):  # CREATE OR REPLACE: every attribute, estimates too
        _define(plan, item, src, item.about(*sorted(replaced)))
    else:
        for attribute in ESTIMATES:
            if found := item.about(attribute):
                plan.add(CREATE, item.key, _estimate(src, attribute), found)
    kind = routine_keyword(src)
    if found := item.about("owner"):
        plan.set_owner(kind, signature(src), src.owner, item.key, found)
    if found := item.about("comment"):
        plan.set_comment(kind, signature(src), src.comment, item.key, found)


def plan_functions(plan: Plan) -> None:
    reconcile(plan, Function, drop=_drop, create=_create, change=_change)


def _define(plan: Plan, item: Item, f: Function, findings: tuple[Finding, ...]) -> None:
    if not f.definition:
        plan.not_reconciled(item, "the catalog holds no definition of the function")
        return
    plan.add(CREATE, item.key, f.definition.rstrip(), findings)


FIX = KindFix(plan=plan_functions, decide=decide)

"""Triggers in the fix script: the catalog's own CREATE TRIGGER, DROP, and
ENABLE/DISABLE."""

from __future__ import annotations

from collections.abc import Mapping

from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._kinds import ColumnName, KindFix
from pytest_dbparity.fixsql._phases import create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Item, Plan, narrow
from pytest_dbparity.fixsql._sql import ident, referenced_names, render
from pytest_dbparity.kinds.trigger import SPEC, Trigger

DROP, CREATE = drop_phase(SPEC), create_phase(SPEC)


def uses_column(obj: Trigger, col: ColumnName) -> bool:
    """A trigger of the column's table whose definition mentions it."""
    schema, table, name = col
    return (obj.schema, obj.table) == (schema, table) and name in referenced_names(
        obj.definition
    )


_ENABLE: Mapping[str, str] = {
    "origin": "ENABLE TRIGGER",
    "disabled": "DISABLE TRIGGER",
    "replica": "ENABLE REPLICA TRIGGER",
    "always": "ENABLE ALWAYS TRIGGER",
}


def _set_enabled(
    plan: Plan, item: Item, t: Trigger, findings: tuple[Finding, ...]
) -> None:
    action = _ENABLE.get(t.enabled)
    if action is None:
        return
    statement = render(
        f"ALTER TABLE {{}} {action} {{}}", ident(t.schema, t.table), ident(t.name)
    )
    plan.add(CREATE, item.key, statement, findings)


def plan_triggers(plan: Plan) -> None:
    for item in plan.of("trigger"):
        src, tgt = narrow(item.src, Trigger), narrow(plan.target(item), Trigger)
        raw_tgt = narrow(item.tgt, Trigger)
        if src is None:
            if raw_tgt is None or not item.findings or plan.taken_by_parent(item):
                continue
            plan.add(
                DROP,
                item.key,
                _drop_trigger(raw_tgt),
                item.findings,
            )
            continue
        if tgt is None:
            if raw_tgt is None and not item.findings:
                continue
            blocked = plan.missing_parent(src) if raw_tgt is None else None
            if blocked:
                plan.not_reconciled(item, blocked)
                continue
            found = plan.cause(item)
            notes = plan.restore_note(item)
            if raw_tgt is not None and plan.reset_itself(raw_tgt):
                plan.add(DROP, item.key, _drop_trigger(raw_tgt), found)
            plan.add(CREATE, item.key, src.definition, found, notes=notes)
            if src.enabled != "origin":
                _set_enabled(plan, item, src, found)
            continue
        if not item.findings:
            continue
        if "definition" in item.attributes:
            plan.add(DROP, item.key, _drop_trigger(tgt), item.findings)
            plan.add(CREATE, item.key, src.definition, item.findings)
            if src.enabled != "origin":
                _set_enabled(plan, item, src, item.findings)
        elif found := item.about("enabled"):
            _set_enabled(plan, item, src, found)


def _drop_trigger(t: Trigger) -> str:
    return render("DROP TRIGGER {} ON {}", ident(t.name), ident(t.schema, t.table))


FIX = KindFix(plan=plan_triggers, uses_column=uses_column)

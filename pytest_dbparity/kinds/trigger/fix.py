"""Triggers in the fix script: the catalog's own CREATE TRIGGER, DROP, and
ENABLE/DISABLE."""

from __future__ import annotations

from collections.abc import Mapping

from psycopg import sql

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._kinds import ColumnName, KindFix
from pytest_dbparity.fixsql._phases import create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Item, Plan, narrow
from pytest_dbparity.fixsql._skeleton import reconcile
from pytest_dbparity.fixsql._sql import compose, ident, referenced_names
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
    statement = compose(
        f"ALTER TABLE {{}} {action} {{}}", ident(t.schema, t.table), ident(t.name)
    )
    plan.add(CREATE, item.key, statement, findings)


def _drop(plan: Plan, item: Item, old: Trigger) -> None:
    plan.add(DROP, item.key, _drop_trigger(old), item.findings)


def _create(plan: Plan, item: Item, src: Trigger, old: Trigger | None) -> None:
    found = plan.cause(item)
    notes = plan.restore_note(item)
    if old is not None and plan.reset_itself(old):
        plan.add(DROP, item.key, _drop_trigger(old), found)
    plan.add(CREATE, item.key, src.definition, found, notes=notes)
    if src.enabled != "origin":
        _set_enabled(plan, item, src, found)
    if src.comment is not None:
        _comment(plan, item, src, found)


def _comment(
    plan: Plan, item: Item, src: Trigger, findings: tuple[Finding, ...]
) -> None:
    name = sql.SQL("{} ON {}").format(ident(src.name), ident(src.schema, src.table))
    plan.set_comment("TRIGGER", name, src.comment, item.key, findings)


def _change(plan: Plan, item: Item, src: Trigger, tgt: Trigger) -> None:
    if "definition" in item.attributes:
        plan.add(DROP, item.key, _drop_trigger(tgt), item.findings)
        plan.add(CREATE, item.key, src.definition, item.findings)
        if src.enabled != "origin":
            _set_enabled(plan, item, src, item.findings)
        if src.comment is not None or item.about("comment"):
            _comment(plan, item, src, item.findings)  # dropped with it
        return
    if found := item.about("enabled"):
        _set_enabled(plan, item, src, found)
    if found := item.about("comment"):
        _comment(plan, item, src, found)


def plan_triggers(plan: Plan) -> None:
    reconcile(plan, Trigger, drop=_drop, create=_create, change=_change)
    _membership(plan)


def _membership(plan: Plan) -> None:
    """A trigger that is the parent's clone on one side and the table's own on
    the other, on a table the script attaches or detaches: ATTACH PARTITION
    refuses a table with a trigger of the clone's name (dropped first, the clone
    replaces it), DETACH PARTITION removes the clone (created again after)."""
    for item in plan.of("trigger"):
        src, tgt = narrow(item.src, Trigger), narrow(item.tgt, Trigger)
        if src is None or tgt is None or src.from_parent == tgt.from_parent:
            continue
        table = plan.src_index.get(("table", qualify(src.schema, src.table)))
        moved = table.about("partition_of", "partition_bound") if table else ()
        if not moved:
            continue
        if src.from_parent:
            plan.add(
                DROP,
                item.key,
                _drop_trigger(tgt),
                moved,
                notes=["ATTACH PARTITION below gives the table the parent's trigger"],
            )
        elif "definition" not in item.attributes:
            plan.add(
                CREATE,
                item.key,
                src.definition,
                moved,
                notes=["DETACH PARTITION above removed the parent's trigger"],
            )
            if src.enabled != "origin":
                _set_enabled(plan, item, src, moved)


def _drop_trigger(t: Trigger) -> str:
    return compose("DROP TRIGGER {} ON {}", ident(t.name), ident(t.schema, t.table))


FIX = KindFix(plan=plan_triggers, uses_column=uses_column, calls=("definition",))

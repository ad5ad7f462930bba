"""Event triggers in the fix script: CREATE EVENT TRIGGER, ALTER EVENT TRIGGER
(enabled state, owner), DROP, and DROP and CREATE when the event, the function
or the tags differ (no statement changes those)."""

from __future__ import annotations

from collections.abc import Mapping

from psycopg import sql

from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._kinds import KindFix
from pytest_dbparity.fixsql._phases import create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Item, Plan
from pytest_dbparity.fixsql._skeleton import reconcile
from pytest_dbparity.fixsql._sql import Sql, compose, ident, join, lit, raw
from pytest_dbparity.kinds.event_trigger import SPEC, EventTrigger

DROP, CREATE = drop_phase(SPEC), create_phase(SPEC)

_EVENTS = frozenset(
    {"ddl_command_start", "ddl_command_end", "sql_drop", "table_rewrite", "login"}
)
_ENABLE: Mapping[str, str] = {
    "origin": "ENABLE",
    "disabled": "DISABLE",
    "replica": "ENABLE REPLICA",
    "always": "ENABLE ALWAYS",
}
#: Attributes only a new event trigger changes.
_DEFINITION = ("event", "function", "tags")


def _create_statement(e: EventTrigger) -> str | None:
    if e.event not in _EVENTS:
        return None
    parts: list[Sql] = [
        sql.SQL("CREATE EVENT TRIGGER {} ON {}").format(ident(e.name), raw(e.event))
    ]
    if e.tags:
        parts.append(sql.SQL("WHEN TAG IN ({})").format(join(map(lit, e.tags))))
    # The function's key is its schema-qualified name, quoted by the catalog.
    parts.append(sql.SQL("EXECUTE FUNCTION {}()").format(raw(e.function)))
    return join(parts, "\n    ").as_string(None)


def _alter(e: EventTrigger, action: str, *args: Sql) -> str:
    return compose(f"ALTER EVENT TRIGGER {{}} {action}", ident(e.name), *args)


def _set_enabled(
    plan: Plan, item: Item, e: EventTrigger, findings: tuple[Finding, ...]
) -> None:
    action = _ENABLE.get(e.enabled)
    if action is not None:
        plan.add(CREATE, item.key, _alter(e, action), findings)


def _set_owner(
    plan: Plan, item: Item, e: EventTrigger, findings: tuple[Finding, ...]
) -> None:
    # In this section, not the engine's owners section: that one runs before
    # event triggers are created. The new owner must be a superuser.
    if e.owner is not None:
        plan.add(CREATE, item.key, _alter(e, "OWNER TO {}", ident(e.owner)), findings)


def _function_missing(plan: Plan, e: EventTrigger) -> str | None:
    """Why the event trigger cannot be created: its function is missing in the
    target and the script does not create it, or it lies in a schema that was
    not read (event triggers are compared whatever the schema scope), so
    whether the target has it is not known."""
    key = ("function", e.function + "()")  # an event trigger's takes no arguments
    found = plan.src_index.get(key)
    if found is None:
        if key in plan.tgt_index:
            return None
        statement = _create_statement(e)
        return (
            f"function {e.function} lies outside the compared schemas (not read):"
            f" once it exists on the target, run {statement}"
        )
    if found.tgt is not None:
        return None
    if key in plan.created:
        return None
    return f"function {e.function} is not created"


def _drop(plan: Plan, item: Item, old: EventTrigger) -> None:
    plan.add(DROP, item.key, _drop_statement(old), item.findings)


def _create(
    plan: Plan, item: Item, src: EventTrigger, old: EventTrigger | None
) -> None:
    statement = _create_statement(src)
    blocked = "unknown event " + src.event if statement is None else None
    blocked = blocked or _function_missing(plan, src)
    if blocked:
        plan.not_reconciled(item, blocked)
        return
    found = plan.cause(item)
    if old is not None:
        plan.add(DROP, item.key, _drop_statement(old), found)
    plan.add(CREATE, item.key, statement, found)
    if src.enabled != "origin":
        _set_enabled(plan, item, src, found)
    _set_owner(plan, item, src, found)
    if src.comment is not None:
        plan.set_comment("EVENT TRIGGER", ident(src.name), src.comment, item.key, found)


def _change(plan: Plan, item: Item, src: EventTrigger, tgt: EventTrigger) -> None:
    if item.about(*_DEFINITION):
        _create(plan, item, src, tgt)
        return
    if found := item.about("enabled"):
        _set_enabled(plan, item, src, found)
    if found := item.about("owner"):
        _set_owner(plan, item, src, found)
    if found := item.about("comment"):
        plan.set_comment("EVENT TRIGGER", ident(src.name), src.comment, item.key, found)


def plan_event_triggers(plan: Plan) -> None:
    reconcile(plan, EventTrigger, drop=_drop, create=_create, change=_change)


def _drop_statement(e: EventTrigger) -> str:
    return compose("DROP EVENT TRIGGER {}", ident(e.name))


FIX = KindFix(plan=plan_event_triggers, needs_schema=False, calls=("function",))

"""User mappings in the fix script: CREATE USER MAPPING, DROP USER MAPPING, and
options dropped (``OPTIONS (DROP ...)``). Every option value of a user mapping
is hidden, so none is ever written: options to add or set are named under "not
reconciled", with the statement to run by hand, the values left out."""

from __future__ import annotations

from pytest_dbparity.fixsql._kinds import KindFix
from pytest_dbparity.fixsql._phases import create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Item, Plan
from pytest_dbparity.fixsql._skeleton import reconcile
from pytest_dbparity.fixsql._sql import compose, ident, raw
from pytest_dbparity.kinds.foreign_data_wrapper.fix import (
    by_hand_note,
    option_findings,
    options_change,
)
from pytest_dbparity.kinds.user_mapping import SPEC, UserMapping

DROP, CREATE = drop_phase(SPEC), create_phase(SPEC)


def _for(m: UserMapping) -> str:
    """``FOR <role> SERVER <server>`` (``FOR PUBLIC``: every role)."""
    who = "PUBLIC" if m.role is None else ident(m.role).as_string(None)
    return f"FOR {who} SERVER {ident(m.server).as_string(None)}"


def _drop(plan: Plan, item: Item, old: UserMapping) -> None:
    plan.add(
        DROP,
        item.key,
        f"DROP USER MAPPING {_for(old)}",
        item.findings,
        destructive="drops the mapping: the role reaches the server with other "
        "credentials, or not at all",
    )


def _create(plan: Plan, item: Item, src: UserMapping, old: UserMapping | None) -> None:
    found = plan.cause(item)
    plan.add(CREATE, item.key, f"CREATE USER MAPPING {_for(src)}", found)
    names = [n for n, _ in src.options]
    head = f"ALTER USER MAPPING {_for(src)}"
    by_hand_note(plan, item, head, names, {}, found)


def _change(plan: Plan, item: Item, src: UserMapping, tgt: UserMapping) -> None:
    found = item.about("options[")
    names = [f.attribute[len("options[") : -1] for f in found if f.attribute]
    want, have = dict(src.options), dict(tgt.options)
    change, hidden = options_change(want, have, names)
    head = f"ALTER USER MAPPING {_for(src)}"
    if change is not None:
        statement = compose("{} {}", raw(head), change)
        shown = [n for n in names if n not in hidden]
        plan.add(CREATE, item.key, statement, option_findings(item, shown))
    by_hand_note(plan, item, head, hidden, have, option_findings(item, hidden))


def plan_user_mappings(plan: Plan) -> None:
    reconcile(plan, UserMapping, drop=_drop, create=_create, change=_change)


FIX = KindFix(plan=plan_user_mappings, needs_schema=False)

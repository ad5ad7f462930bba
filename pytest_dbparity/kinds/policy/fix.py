"""Policies in the fix script: CREATE POLICY, DROP, and DROP and CREATE when one
changes."""

from __future__ import annotations

from psycopg import sql

from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._kinds import ColumnName, KindFix
from pytest_dbparity.fixsql._phases import create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Item, Plan
from pytest_dbparity.fixsql._skeleton import reconcile
from pytest_dbparity.fixsql._sql import Sql, compose, ident, join, raw, referenced_names
from pytest_dbparity.kinds.policy import SPEC, Policy

DROP, CREATE = drop_phase(SPEC), create_phase(SPEC)


def uses_column(obj: Policy, col: ColumnName) -> bool:
    """A policy of the column's table whose expressions mention it."""
    schema, table, name = col
    text = f"{obj.using or ''} {obj.with_check or ''}"
    return (obj.schema, obj.table) == (schema, table) and name in referenced_names(text)


_COMMANDS = frozenset({"ALL", "SELECT", "INSERT", "UPDATE", "DELETE"})
_PERMISSIVE = frozenset({"PERMISSIVE", "RESTRICTIVE"})


def _create_policy(p: Policy) -> str | None:
    if p.command not in _COMMANDS or p.permissive not in _PERMISSIVE:
        return None
    roles: list[Sql] = [
        raw("PUBLIC") if r == "public" else ident(r) for r in p.roles
    ] or [raw("PUBLIC")]
    parts: list[Sql] = [
        sql.SQL("CREATE POLICY {} ON {}").format(
            ident(p.name), ident(p.schema, p.table)
        ),
        raw(f"AS {p.permissive} FOR {p.command}"),
        sql.SQL("TO {}").format(join(roles)),
    ]
    if p.using is not None:
        parts.append(sql.SQL("USING ({})").format(raw(p.using)))
    if p.with_check is not None:
        parts.append(sql.SQL("WITH CHECK ({})").format(raw(p.with_check)))
    return join(parts, "\n    ").as_string(None)


def _drop(plan: Plan, item: Item, old: Policy) -> None:
    plan.add(DROP, item.key, _drop_policy(old), item.findings)


def _create(plan: Plan, item: Item, src: Policy, old: Policy | None) -> None:
    # Re-created with its table or a column, it needs no DROP of its own.
    own = old is not None and plan.reset_itself(old)
    _replace(plan, item, src, old if own else None)


def _change(plan: Plan, item: Item, src: Policy, tgt: Policy) -> None:
    if item.attributes != {"comment"}:
        _replace(plan, item, src, tgt)
    elif found := item.about("comment"):
        _comment(plan, item, src, found)


def _comment(
    plan: Plan, item: Item, src: Policy, findings: tuple[Finding, ...]
) -> None:
    name = sql.SQL("{} ON {}").format(ident(src.name), ident(src.schema, src.table))
    plan.set_comment("POLICY", name, src.comment, item.key, findings)


def _replace(plan: Plan, item: Item, src: Policy, old: Policy | None) -> None:
    """CREATE POLICY, after DROP POLICY of the *old* one."""
    statement = _create_policy(src)
    if statement is None:
        plan.not_reconciled(item, "unknown policy command or kind")
        return
    if old is not None:
        plan.add(DROP, item.key, _drop_policy(old), plan.cause(item))
    notes = plan.restore_note(item)
    plan.add(CREATE, item.key, statement, plan.cause(item), notes=notes)
    if src.comment is not None or item.about("comment"):
        _comment(plan, item, src, plan.cause(item))


def plan_policies(plan: Plan) -> None:
    reconcile(plan, Policy, drop=_drop, create=_create, change=_change)


def _drop_policy(p: Policy) -> str:
    return compose("DROP POLICY {} ON {}", ident(p.name), ident(p.schema, p.table))


FIX = KindFix(
    plan=plan_policies, uses_column=uses_column, calls=("using", "with_check")
)

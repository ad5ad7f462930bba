"""Policies in the fix script: CREATE POLICY, DROP, and DROP and CREATE when one
changes."""

from __future__ import annotations

from psycopg import sql

from pytest_dbparity.fixsql._kinds import ColumnName, KindFix
from pytest_dbparity.fixsql._phases import create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Plan, narrow
from pytest_dbparity.fixsql._sql import Sql, ident, join, raw, referenced_names, render
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


def plan_policies(plan: Plan) -> None:
    for item in plan.of("policy"):
        src, tgt = narrow(item.src, Policy), narrow(plan.target(item), Policy)
        raw_tgt = narrow(item.tgt, Policy)
        if src is None:
            if raw_tgt is None or not item.findings or plan.taken_by_parent(item):
                continue
            plan.add(DROP, item.key, _drop_policy(raw_tgt), item.findings)
            continue
        if tgt is not None and not item.findings:
            continue
        if tgt is None and raw_tgt is None:
            if not item.findings:
                continue
            blocked = plan.missing_parent(src)
            if blocked:
                plan.not_reconciled(item, blocked)
                continue
        statement = _create_policy(src)
        if statement is None:
            plan.not_reconciled(item, "unknown policy command or kind")
            continue
        if tgt is not None:
            plan.add(DROP, item.key, _drop_policy(tgt), item.findings)
        elif raw_tgt is not None and plan.reset_itself(raw_tgt):
            plan.add(DROP, item.key, _drop_policy(raw_tgt), plan.cause(item))
        notes = plan.restore_note(item)
        plan.add(CREATE, item.key, statement, plan.cause(item), notes=notes)


def _drop_policy(p: Policy) -> str:
    return render("DROP POLICY {} ON {}", ident(p.name), ident(p.schema, p.table))


FIX = KindFix(plan=plan_policies, uses_column=uses_column)

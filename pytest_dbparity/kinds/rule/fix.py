"""Rules in the fix script: the catalog's own definition as CREATE OR REPLACE
RULE, DROP RULE, and ALTER TABLE ... ENABLE/DISABLE RULE."""

from __future__ import annotations

import re
from collections.abc import Mapping

from psycopg import sql

from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._kinds import ColumnName, KindFix
from pytest_dbparity.fixsql._phases import create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Item, Plan
from pytest_dbparity.fixsql._skeleton import reconcile
from pytest_dbparity.fixsql._sql import (
    Sql,
    compose,
    ident,
    referenced_names,
    without_semicolon,
)
from pytest_dbparity.kinds.rule import SPEC, RewriteRule

DROP, CREATE = drop_phase(SPEC), create_phase(SPEC)

_CREATE_RULE = re.compile(r"\s*CREATE\s+RULE\s", re.IGNORECASE)
_ENABLE: Mapping[str, str] = {
    "origin": "ENABLE RULE",
    "disabled": "DISABLE RULE",
    "replica": "ENABLE REPLICA RULE",
    "always": "ENABLE ALWAYS RULE",
}


def uses_column(obj: RewriteRule, col: ColumnName) -> bool:
    """Whether the rule's definition mentions the column's schema, table and
    name (its actions may use other tables than its own)."""
    return set(col) <= referenced_names(obj.definition)


def _replace_statement(r: RewriteRule) -> str | None:
    """``CREATE OR REPLACE RULE`` from pg_get_ruledef's ``CREATE RULE``."""
    m = _CREATE_RULE.match(r.definition)
    if m is None:
        return None
    rest = without_semicolon(r.definition[m.end() :].lstrip())
    return "CREATE OR REPLACE RULE " + rest


def _name(r: RewriteRule) -> Sql:
    """``rule ON table``, as COMMENT ON RULE names a rule."""
    return sql.SQL("{} ON {}").format(ident(r.name), ident(r.schema, r.table))


def _set_enabled(
    plan: Plan, item: Item, r: RewriteRule, findings: tuple[Finding, ...]
) -> None:
    action = _ENABLE.get(r.enabled)
    if action is None:
        return
    statement = compose(
        f"ALTER TABLE {{}} {action} {{}}", ident(r.schema, r.table), ident(r.name)
    )
    plan.add(CREATE, item.key, statement, findings)


def _drop(plan: Plan, item: Item, old: RewriteRule) -> None:
    plan.add(DROP, item.key, _drop_rule(old), item.findings)


def _create(plan: Plan, item: Item, src: RewriteRule, old: RewriteRule | None) -> None:
    statement = _replace_statement(src)
    if statement is None:
        plan.not_reconciled(item, "the rule's definition is not a CREATE RULE")
        return
    found = plan.cause(item)
    if old is not None and plan.reset_itself(old):
        plan.add(DROP, item.key, _drop_rule(old), found)
    plan.add(CREATE, item.key, statement, found, notes=plan.restore_note(item))
    if src.enabled != "origin":
        _set_enabled(plan, item, src, found)
    if src.comment is not None:
        plan.set_comment("RULE", _name(src), src.comment, item.key, found)


def _change(plan: Plan, item: Item, src: RewriteRule, tgt: RewriteRule) -> None:
    if found := item.about("definition"):
        statement = _replace_statement(src)
        if statement is None:
            plan.not_reconciled(item, "the rule's definition is not a CREATE RULE")
            return
        # CREATE OR REPLACE RULE keeps the rule's enabled state and comment.
        plan.add(CREATE, item.key, statement, found)
    if found := item.about("enabled"):
        _set_enabled(plan, item, src, found)
    if found := item.about("comment"):
        plan.set_comment("RULE", _name(src), src.comment, item.key, found)


def plan_rules(plan: Plan) -> None:
    reconcile(plan, RewriteRule, drop=_drop, create=_create, change=_change)


def _drop_rule(r: RewriteRule) -> str:
    return compose("DROP RULE {} ON {}", ident(r.name), ident(r.schema, r.table))


FIX = KindFix(plan=plan_rules, uses_column=uses_column, calls=("definition",))

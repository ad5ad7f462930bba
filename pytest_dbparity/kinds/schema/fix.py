"""Schemas in the fix script: CREATE SCHEMA, DROP SCHEMA, owner and comment."""

from __future__ import annotations

from pytest_dbparity.fixsql._kinds import KindFix
from pytest_dbparity.fixsql._phases import create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Item, Plan
from pytest_dbparity.fixsql._skeleton import reconcile
from pytest_dbparity.fixsql._sql import compose, ident
from pytest_dbparity.kinds.schema import SPEC, Schema

DROP, CREATE = drop_phase(SPEC), create_phase(SPEC)


def _drop(plan: Plan, item: Item, old: Schema) -> None:
    plan.add(
        DROP,
        item.key,
        compose("DROP SCHEMA {}", ident(old.name)),
        (*item.findings, *plan.orphans(old)),
        destructive="drops the schema; fails unless the statements above emptied it",
    )


def _create(plan: Plan, item: Item, src: Schema, old: Schema | None) -> None:
    name = ident(src.name)
    plan.add(CREATE, item.key, compose("CREATE SCHEMA {}", name), item.findings)
    plan.set_owner("SCHEMA", name, src.owner, item.key, item.findings)
    if src.comment is not None:
        plan.set_comment("SCHEMA", name, src.comment, item.key, item.findings)


def _change(plan: Plan, item: Item, src: Schema, tgt: Schema) -> None:
    name = ident(src.name)
    if found := item.about("owner"):
        plan.set_owner("SCHEMA", name, src.owner, item.key, found)
    if found := item.about("comment"):
        plan.set_comment("SCHEMA", name, src.comment, item.key, found)


def plan_schemas(plan: Plan) -> None:
    reconcile(plan, Schema, drop=_drop, create=_create, change=_change)


FIX = KindFix(plan=plan_schemas)

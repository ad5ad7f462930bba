"""Schemas in the fix script: CREATE SCHEMA, DROP SCHEMA, owner and comment."""

from __future__ import annotations

from pytest_dbparity.fixsql._kinds import KindFix
from pytest_dbparity.fixsql._phases import create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Plan, narrow
from pytest_dbparity.fixsql._sql import ident, render
from pytest_dbparity.kinds.schema import SPEC, Schema

DROP, CREATE = drop_phase(SPEC), create_phase(SPEC)


def plan_schemas(plan: Plan) -> None:
    for item in plan.of("schema"):
        src, tgt = narrow(item.src, Schema), narrow(item.tgt, Schema)
        if not item.findings:
            continue
        if src is not None and tgt is None:
            name = ident(src.name)
            plan.add(CREATE, item.key, render("CREATE SCHEMA {}", name), item.findings)
            plan.set_owner("SCHEMA", name, src.owner, item.key, item.findings)
            if src.comment is not None:
                plan.set_comment("SCHEMA", name, src.comment, item.key, item.findings)
        elif src is None and tgt is not None:
            plan.add(
                DROP,
                item.key,
                render("DROP SCHEMA {}", ident(tgt.name)),
                (*item.findings, *plan.orphans(tgt)),
                destructive="drops the schema; fails unless the statements above "
                "emptied it",
            )
        elif src is not None and tgt is not None:
            name = ident(src.name)
            if found := item.about("owner"):
                plan.set_owner("SCHEMA", name, src.owner, item.key, found)
            if found := item.about("comment"):
                plan.set_comment("SCHEMA", name, src.comment, item.key, found)


FIX = KindFix(plan=plan_schemas)

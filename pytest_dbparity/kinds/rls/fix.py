"""Row level security in the fix script: ENABLE/DISABLE and FORCE/NO FORCE."""

from __future__ import annotations

from pytest_dbparity.fixsql._kinds import KindFix
from pytest_dbparity.fixsql._phases import create_phase
from pytest_dbparity.fixsql._plan import Plan, narrow
from pytest_dbparity.fixsql._sql import compose, ident
from pytest_dbparity.kinds.rls import SPEC, Rls

SECTION = create_phase(SPEC)


def plan_rls(plan: Plan) -> None:
    """Not ``reconcile``'s skeleton: a new table gets the source's setting even
    when the setting's absence is accepted (a new table starts with row level
    security off); a setting only the target has is left as it is."""
    for item in plan.of("rls"):
        src, tgt = narrow(item.src, Rls), narrow(plan.target(item), Rls)
        raw_tgt = narrow(item.tgt, Rls)
        if src is None:
            if item.findings and not plan.taken_by_parent(item):
                plan.not_reconciled(item, "follows from its table, left as it is")
            continue
        if tgt is None and raw_tgt is None:
            blocked = plan.missing_parent(src)
            if blocked:
                plan.not_reconciled(item, blocked)
                continue
        elif tgt is not None and not item.findings:
            continue
        # A new table starts with row level security off and not forced.
        enabled = tgt.enabled if tgt is not None else False
        forced = tgt.forced if tgt is not None else False
        table = ident(src.schema, src.table)
        planned = False
        if src.enabled != enabled:
            found = item.about("enabled") if tgt is not None else plan.cause(item)
            action = "ENABLE" if src.enabled else "DISABLE"
            statement = compose(f"ALTER TABLE {{}} {action} ROW LEVEL SECURITY", table)
            plan.add(SECTION, item.key, statement, found)
            planned = True
        if src.forced != forced:
            found = item.about("forced") if tgt is not None else plan.cause(item)
            action = "FORCE" if src.forced else "NO FORCE"
            statement = compose(f"ALTER TABLE {{}} {action} ROW LEVEL SECURITY", table)
            plan.add(SECTION, item.key, statement, found)
            planned = True
        if not planned and item.findings:
            plan.add(
                SECTION,
                item.key,
                None,
                item.findings,
                notes=[
                    "nothing to do: a new table has row level security off and "
                    "not forced, as in the source"
                ],
            )


FIX = KindFix(plan=plan_rls)

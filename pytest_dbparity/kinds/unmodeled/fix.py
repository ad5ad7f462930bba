"""Objects of kinds the plugin does not model, in the fix script: no statement,
only a note per finding under "not reconciled". The catalog read holds their
names, not their definitions, so the script cannot write them."""

from __future__ import annotations

from pytest_dbparity.fixsql._kinds import KindFix
from pytest_dbparity.fixsql._plan import Item, Plan, narrow
from pytest_dbparity.kinds.unmodeled import Unmodeled


def _reason(plan: Plan, item: Item) -> str:
    src, tgt = narrow(item.src, Unmodeled), narrow(item.tgt, Unmodeled)
    source, target = plan.source_letter, plan.target_letter
    if src is not None and tgt is None:
        return (
            f"reconcile by hand: create it in {target} as it is in {source} (the "
            "plugin reads its name, not its definition; pg_dump --schema-only "
            f"of {source} prints it)"
        )
    if src is None and tgt is not None:
        return (
            f"reconcile by hand: {source} has no such object; drop it from "
            f"{target} if {source} is right"
        )
    if item.about("count"):
        return (
            f"reconcile by hand: copy the large objects {target} lacks from "
            f"{source} (pg_dump --large-objects, lo_export/lo_import) or remove "
            f"those {source} lacks (lo_unlink)"
        )
    return (
        f"reconcile by hand: set the label as in {source} (SECURITY LABEL FOR "
        "<provider> ON <object> IS '<label>')"
    )


def plan_unmodeled(plan: Plan) -> None:
    for item in plan.of(Unmodeled.kind):
        if item.findings:
            plan.not_reconciled(item, _reason(plan, item))


FIX = KindFix(plan=plan_unmodeled, needs_schema=False)

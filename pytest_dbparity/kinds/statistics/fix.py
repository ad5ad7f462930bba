"""Extended statistics in the fix script: CREATE STATISTICS, DROP STATISTICS,
ALTER STATISTICS (statistics target, owner) and COMMENT; DROP and CREATE when
the table or definition changes (no ALTER does that). ANALYZE fills a new
object's statistics; until then the planner goes without them."""

from __future__ import annotations

from pytest_dbparity.core.identifiers import qualify, split_name
from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._kinds import KindFix, ObjKey
from pytest_dbparity.fixsql._phases import create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Item, Plan
from pytest_dbparity.fixsql._skeleton import reconcile
from pytest_dbparity.fixsql._sql import compose, ident, num, raw, referenced_names
from pytest_dbparity.kinds.statistics import SPEC, ExtendedStatistics

DROP, CREATE = drop_phase(SPEC), create_phase(SPEC)

_WHAT = "STATISTICS"


def relation(obj: ExtendedStatistics) -> tuple[str, str] | None:
    """``(schema, name)`` of its table (in a schema of its own, maybe)."""
    try:
        parts = split_name(obj.table)
    except ValueError:  # the catalog quotes it: not expected
        return None
    return (parts[0], parts[1]) if len(parts) == 2 else None


def columns(obj: ExtendedStatistics) -> list[ObjKey]:
    """The columns its definition may mention (every name counts): dropping one
    drops the statistics object."""
    table = relation(obj)
    if table is None:
        return []
    _, _, items = obj.definition.partition("ON ")  # after the kinds
    names = referenced_names(items)
    return [("column", qualify(*table, c)) for c in sorted(names)]


def _drop_statistics(s: ExtendedStatistics) -> str:
    return compose("DROP STATISTICS {}", ident(s.schema, s.name))


def _set_target(
    plan: Plan, item: Item, s: ExtendedStatistics, found: tuple[Finding, ...]
) -> None:
    target = raw("-1") if s.statistics_target is None else num(s.statistics_target)
    statement = compose(
        "ALTER STATISTICS {} SET STATISTICS {}", ident(s.schema, s.name), target
    )
    plan.add(CREATE, item.key, statement, found)


def _drop(plan: Plan, item: Item, old: ExtendedStatistics) -> None:
    plan.add(DROP, item.key, _drop_statistics(old), item.findings)


def _create(
    plan: Plan, item: Item, src: ExtendedStatistics, old: ExtendedStatistics | None
) -> None:
    _define(plan, item, src, None)


def _change(
    plan: Plan, item: Item, src: ExtendedStatistics, tgt: ExtendedStatistics
) -> None:
    if item.attributes & {"table", "definition"}:
        _define(plan, item, src, tgt)
        return
    name = ident(src.schema, src.name)
    if found := item.about("statistics_target"):
        _set_target(plan, item, src, found)
    if found := item.about("owner"):
        plan.set_owner(_WHAT, name, src.owner, item.key, found)
    if found := item.about("comment"):
        plan.set_comment(_WHAT, name, src.comment, item.key, found)


def _define(
    plan: Plan,
    item: Item,
    src: ExtendedStatistics,
    replaced: ExtendedStatistics | None,
) -> None:
    """CREATE STATISTICS with its target, owner and comment, after DROP
    STATISTICS of the *replaced* one."""
    found = plan.cause(item)
    if replaced is not None:
        plan.add(DROP, item.key, _drop_statistics(replaced), found)
    name = ident(src.schema, src.name)
    statement = compose(
        "CREATE STATISTICS {} {} FROM {}",
        name,
        raw(src.definition),
        raw(src.table),
    )
    notes = [*plan.restore_note(item), "ANALYZE the table to fill it"]
    plan.add(CREATE, item.key, statement, found, notes=notes)
    if src.statistics_target is not None:
        _set_target(plan, item, src, found)
    plan.set_owner(_WHAT, name, src.owner, item.key, found)
    if src.comment is not None:
        plan.set_comment(_WHAT, name, src.comment, item.key, found)


def plan_statistics(plan: Plan) -> None:
    reconcile(plan, ExtendedStatistics, drop=_drop, create=_create, change=_change)


FIX = KindFix(plan=plan_statistics, relation=relation, columns=columns)

"""Aggregates in the fix script: CREATE AGGREGATE with every option the source
sets, CREATE OR REPLACE AGGREGATE for a changed option (dependents and grants
kept), DROP and CREATE where the arguments, kind or result type change (CREATE OR
REPLACE cannot), ALTER AGGREGATE ... OWNER TO and COMMENT ON AGGREGATE.

PostgreSQL has no pg_get_aggregatedef: the statement is built from the catalog's
parts (support functions as ``regproc`` prints them, types as ``format_type``).
"""

from __future__ import annotations

from psycopg import sql

from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._kinds import KindFix
from pytest_dbparity.fixsql._phases import create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Item, Plan, narrow
from pytest_dbparity.fixsql._skeleton import reconcile
from pytest_dbparity.fixsql._sql import Sql, compose, ident, join, lit, num, raw
from pytest_dbparity.kinds.aggregate import SPEC, Aggregate

DROP, CREATE = drop_phase(SPEC), create_phase(SPEC)

#: Attributes CREATE OR REPLACE AGGREGATE cannot change: the aggregate is
#: dropped and created again (so is one whose result type changes).
SIGNATURE = frozenset({"arguments", "aggregate_kind"})


def needs_recreate(item: Item) -> bool:
    """An aggregate whose arguments, kind or result type change."""
    src, tgt = narrow(item.src, Aggregate), narrow(item.tgt, Aggregate)
    assert src is not None
    assert tgt is not None
    if not item.findings:
        return False
    if src.identity_arguments != tgt.identity_arguments or src.result != tgt.result:
        return True
    return bool(item.attributes & SIGNATURE)


def decide(plan: Plan) -> None:
    """Aggregates to drop and create anew (their grants follow as new)."""
    for item in plan.of("aggregate"):
        if item.src is not None and item.tgt is not None and needs_recreate(item):
            plan.reset.add(("aggregate", item.tgt.key))


def _arguments(text: str) -> sql.SQL:
    """An argument list for an aggregate statement (``*``: none)."""
    return raw(text or "*")


def signature(a: Aggregate) -> sql.Composed:
    """``schema.name(identity arguments)`` as DROP/ALTER/COMMENT ON AGGREGATE
    take it."""
    return sql.SQL("{}({})").format(
        ident(a.schema, a.name), _arguments(a.identity_arguments)
    )


def _modify(value: str) -> sql.SQL:
    return raw(value.upper())  # read_only, shareable, read_write


def options(a: Aggregate) -> list[Sql]:
    """The options of CREATE AGGREGATE that make *a*, in the documented order."""
    out: list[Sql] = [
        sql.SQL("SFUNC = {}").format(raw(a.state_function)),
        sql.SQL("STYPE = {}").format(raw(a.state_type)),
    ]
    if a.state_space is not None:
        out.append(sql.SQL("SSPACE = {}").format(num(a.state_space)))
    if a.final_function is not None:
        out.append(sql.SQL("FINALFUNC = {}").format(raw(a.final_function)))
        if a.final_extra:
            out.append(raw("FINALFUNC_EXTRA"))
        if a.final_modify is not None:
            out.append(sql.SQL("FINALFUNC_MODIFY = {}").format(_modify(a.final_modify)))
    functions = (
        ("COMBINEFUNC", a.combine_function),
        ("SERIALFUNC", a.serial_function),
        ("DESERIALFUNC", a.deserial_function),
    )
    for option, function in functions:
        if function is not None:
            out.append(sql.SQL(f"{option} = {{}}").format(raw(function)))
    if a.initial_condition is not None:
        out.append(sql.SQL("INITCOND = {}").format(lit(a.initial_condition)))
    if a.moving_state_function is not None:
        out += _moving(a)
    if a.sort_operator is not None:
        out.append(sql.SQL("SORTOP = OPERATOR({})").format(raw(a.sort_operator)))
    out.append(raw(f"PARALLEL = {a.parallel.upper()}"))
    if a.aggregate_kind == "hypothetical":
        out.append(raw("HYPOTHETICAL"))
    return out


def _moving(a: Aggregate) -> list[Sql]:
    """The moving-aggregate options (the aggregate has a moving state function)."""
    assert a.moving_state_function is not None
    out: list[Sql] = [sql.SQL("MSFUNC = {}").format(raw(a.moving_state_function))]
    if a.moving_inverse_function is not None:
        out.append(sql.SQL("MINVFUNC = {}").format(raw(a.moving_inverse_function)))
    if a.moving_state_type is not None:
        out.append(sql.SQL("MSTYPE = {}").format(raw(a.moving_state_type)))
    if a.moving_state_space is not None:
        out.append(sql.SQL("MSSPACE = {}").format(num(a.moving_state_space)))
    if a.moving_final_function is not None:
        out.append(sql.SQL("MFINALFUNC = {}").format(raw(a.moving_final_function)))
        if a.moving_final_extra:
            out.append(raw("MFINALFUNC_EXTRA"))
        if a.moving_final_modify is not None:
            modify = _modify(a.moving_final_modify)
            out.append(sql.SQL("MFINALFUNC_MODIFY = {}").format(modify))
    if a.moving_initial_condition is not None:
        out.append(sql.SQL("MINITCOND = {}").format(lit(a.moving_initial_condition)))
    return out


def create_statement(a: Aggregate, *, replace: bool = False) -> str:
    """``CREATE [OR REPLACE] AGGREGATE schema.name (arguments) (options)``."""
    verb = "CREATE OR REPLACE" if replace else "CREATE"
    return compose(
        f"{verb} AGGREGATE {{}}({{}}) (\n  {{}}\n)",
        ident(a.schema, a.name),
        _arguments(a.arguments),
        join(options(a), ",\n  "),
    )


def _drop_statement(a: Aggregate) -> str:
    return compose("DROP AGGREGATE {}", signature(a))


def _drop(plan: Plan, item: Item, old: Aggregate) -> None:
    plan.add(
        DROP,
        item.key,
        _drop_statement(old),
        (*item.findings, *plan.orphans(old)),
        destructive="drops the aggregate; fails while views, policies or "
        "other objects use it",
    )


def _create(plan: Plan, item: Item, src: Aggregate, old: Aggregate | None) -> None:
    if old is not None:  # its signature changes: drop the old one, create the new
        plan.add(
            DROP,
            item.key,
            _drop_statement(old),
            (*item.findings, *plan.orphans(old)),
            notes=[
                "dropped to be created again below: CREATE OR REPLACE AGGREGATE "
                "cannot change arguments, kind or result type (fails while "
                "views or other objects use it; nothing is dropped with it)",
                *plan.recreate_note(item),
            ],
        )
    found = plan.cause(item)
    plan.add(CREATE, item.key, create_statement(src), found)
    plan.set_owner("AGGREGATE", signature(src), src.owner, item.key, found)
    if src.comment is not None:
        plan.set_comment("AGGREGATE", signature(src), src.comment, item.key, found)


def _change(plan: Plan, item: Item, src: Aggregate, tgt: Aggregate) -> None:
    replaced = item.attributes - {"owner", "comment"}
    if replaced:
        findings: tuple[Finding, ...] = item.about(*sorted(replaced))
        statement = create_statement(src, replace=True)
        plan.add(CREATE, item.key, statement, findings)
    if found := item.about("owner"):
        plan.set_owner("AGGREGATE", signature(src), src.owner, item.key, found)
    if found := item.about("comment"):
        plan.set_comment("AGGREGATE", signature(src), src.comment, item.key, found)


def plan_aggregates(plan: Plan) -> None:
    reconcile(plan, Aggregate, drop=_drop, create=_create, change=_change)


FIX = KindFix(
    plan=plan_aggregates,
    decide=decide,
    calls=(
        "state_function",
        "final_function",
        "combine_function",
        "serial_function",
        "deserial_function",
        "moving_state_function",
        "moving_inverse_function",
        "moving_final_function",
    ),
)

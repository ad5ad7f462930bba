"""Operators in the fix script: CREATE OPERATOR, ALTER OPERATOR ... SET (RESTRICT,
JOIN), DROP OPERATOR, and DROP and CREATE when what no ALTER changes differs
(function, result, commutator, negator, HASHES, MERGES)."""

from __future__ import annotations

from psycopg import sql

from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._kinds import KindFix
from pytest_dbparity.fixsql._phases import create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Item, Plan
from pytest_dbparity.fixsql._skeleton import drop_then_create, reconcile
from pytest_dbparity.fixsql._sql import Sql, compose, ident, join, raw
from pytest_dbparity.kinds.operator import SPEC, Operator
from pytest_dbparity.report.impact import strip_arguments

DROP, CREATE = drop_phase(SPEC), create_phase(SPEC)

#: What ``ALTER OPERATOR ... SET`` changes on every supported server.
_SETTABLE = frozenset({"restrict", "join"})
_OWN = frozenset({"owner", "comment"})


def signature(o: Operator) -> sql.Composed:
    """``schema.name (left, right)``, as ALTER, DROP and COMMENT name it."""
    return sql.SQL("{}.{} ({}, {})").format(
        ident(o.schema), raw(o.name), raw(o.left_type or "NONE"), raw(o.right_type)
    )


def _operator_ref(regoperator: str) -> sql.Composed:
    """``OPERATOR(schema.name)`` for an operator printed with its argument types."""
    return sql.SQL("OPERATOR({})").format(raw(strip_arguments(regoperator)))


def _create_statement(o: Operator) -> str:
    parts: list[Sql] = [sql.SQL("FUNCTION = {}").format(raw(o.function))]
    if o.left_type is not None:
        parts.append(sql.SQL("LEFTARG = {}").format(raw(o.left_type)))
    parts.append(sql.SQL("RIGHTARG = {}").format(raw(o.right_type)))
    if o.commutator is not None:
        parts.append(sql.SQL("COMMUTATOR = {}").format(_operator_ref(o.commutator)))
    if o.negator is not None:
        parts.append(sql.SQL("NEGATOR = {}").format(_operator_ref(o.negator)))
    if o.restrict is not None:
        parts.append(sql.SQL("RESTRICT = {}").format(raw(o.restrict)))
    if o.join is not None:
        parts.append(sql.SQL("JOIN = {}").format(raw(o.join)))
    if o.hashes:
        parts.append(raw("HASHES"))
    if o.merges:
        parts.append(raw("MERGES"))
    return compose(
        "CREATE OPERATOR {}.{} (\n    {}\n)",
        ident(o.schema),
        raw(o.name),
        join(parts, ",\n    "),
    )


def _drop_statement(o: Operator) -> str:
    return compose("DROP OPERATOR {}", signature(o))


def _define(plan: Plan, item: Item, src: Operator, found: tuple[Finding, ...]) -> None:
    plan.add(CREATE, item.key, _create_statement(src), found)
    plan.set_owner("OPERATOR", signature(src), src.owner, item.key, found)
    if src.comment is not None:
        plan.set_comment("OPERATOR", signature(src), src.comment, item.key, found)


_drop, _create = drop_then_create(
    DROP,
    _drop_statement,
    _define,
    why="drops the operator; fails while views, indexes or operator classes use it",
)


def _change(plan: Plan, item: Item, src: Operator, tgt: Operator) -> None:
    if item.attributes - _SETTABLE - _OWN:
        plan.add(
            DROP,
            item.key,
            _drop_statement(tgt),
            item.findings,
            notes=[
                "dropped to be created again below: ALTER OPERATOR cannot change "
                "its function, result, commutator, negator, HASHES or MERGES "
                "(fails while views, indexes or operator classes use it)",
                *plan.recreate_note(item),
            ],
        )
        _define(plan, item, src, item.findings)
        return
    settings: list[Sql] = []
    for attribute in sorted(item.attributes & _SETTABLE):
        value = getattr(src, attribute)
        settings.append(
            sql.SQL("{} = {}").format(raw(attribute.upper()), raw(value or "NONE"))
        )
    if settings:
        statement = compose(
            "ALTER OPERATOR {} SET ({})", signature(src), join(settings)
        )
        plan.add(CREATE, item.key, statement, item.about(*sorted(_SETTABLE)))
    if found := item.about("owner"):
        plan.set_owner("OPERATOR", signature(src), src.owner, item.key, found)
    if found := item.about("comment"):
        plan.set_comment("OPERATOR", signature(src), src.comment, item.key, found)


def plan_operators(plan: Plan) -> None:
    reconcile(plan, Operator, drop=_drop, create=_create, change=_change)


FIX = KindFix(plan=plan_operators, calls=("function",))

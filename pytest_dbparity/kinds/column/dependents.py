"""What stands in the way of a column's change: objects that use the column are
dropped before the change and created again after it (``Plan.reset``,
``Plan.reset_columns``, ``Plan.because``), and whether the change keeps the
column's data (``Plan.retype``).
"""

from __future__ import annotations

import re

from pytest_dbparity.core.identifiers import quote_ident
from pytest_dbparity.fixsql._kinds import ColumnName, fixes
from pytest_dbparity.fixsql._plan import Item, Plan, narrow
from pytest_dbparity.fixsql._sql import referenced_names
from pytest_dbparity.kinds.column import Column


def needs_recreate(item: Item) -> bool:
    """A column whose generation expression PostgreSQL cannot change in place
    (before PostgreSQL 17): it is dropped and added again."""
    src, tgt = narrow(item.src, Column), narrow(item.tgt, Column)
    assert src is not None
    assert tgt is not None
    return "generated" in item.attributes and src.generated is not None


def moved_type(plan: Plan, src: Column, tgt: Column) -> bool:
    """Whether the column's type differs only by the schema of an extension
    the script moves (so the move changes the column too)."""
    return any(requalify(tgt.type, a, b) == src.type for a, b in plan.moves)


def uses_column(obj: Column, col: ColumnName) -> bool:
    """A generated column of the same table whose expression mentions *col*."""
    schema, table, name = col
    return (
        obj.generated is not None
        and (obj.schema, obj.table) == (schema, table)
        and obj.name != name
        and name in referenced_names(obj.generated)
    )


def make_room(plan: Plan) -> None:
    """Columns PostgreSQL cannot change while something uses them: what
    uses them is dropped first and created again after the change."""
    for item in plan.of("column"):
        src, tgt = narrow(item.src, Column), narrow(item.tgt, Column)
        if src is None or tgt is None or plan.gone(tgt):
            continue
        if needs_recreate(item) and plan.allow:
            plan.reset_columns.add(("column", tgt.key))
    for item in plan.of("column"):
        src, tgt = narrow(item.src, Column), narrow(item.tgt, Column)
        if tgt is None or plan.gone(tgt):
            continue
        if src is None:  # dropped: only when destructive statements are allowed
            if item.findings and plan.allow and not plan.taken_by_parent(item):
                _make_room(plan, item, _users(plan, tgt))
            continue
        retyped = "type" in item.attributes and not moved_type(plan, src, tgt)
        if not retyped and "collation" not in item.attributes:
            continue
        users = _users(plan, tgt)
        reasons = []
        if retyped and not keeps_data(tgt.type, src.type):
            reasons.append(f"converting {tgt.type} to {src.type} may fail or lose data")
        generated = [u.tgt for u in users if isinstance(u.tgt, Column)]
        if generated:
            names = ", ".join(c.name for c in generated)
            reasons.append(
                f"generated columns use it ({names}): they are dropped and added "
                "again around the change"
            )
        gone_views = [u for u in users if u.kind == "view" and u.src is None]
        if gone_views:
            reasons.append(
                "views use it that only a destructive statement drops: "
                + ", ".join(u.key for u in gone_views)
            )
        reason = "; ".join(reasons) or None
        plan.retype[item.key] = reason
        if reason is None or plan.allow:
            _make_room(plan, item, users)


def _users(plan: Plan, col: Column) -> list[Item]:
    """Target objects that use the target column *col* (``KindFix.uses_column``:
    generated columns, views, policies, triggers)."""
    name = (col.schema, col.table, col.name)
    out: list[Item] = []
    for kind, fix in fixes():
        if fix.uses_column is None:
            continue
        for item in plan.of(kind):
            if item.tgt is not None and fix.uses_column(item.tgt, name):
                out.append(item)
    return out


def _make_room(plan: Plan, item: Item, users: list[Item]) -> None:
    """Drop *users* before *item*'s change and create them again after."""
    for user in users:
        obj = user.tgt
        assert obj is not None
        if user.src is None or plan.gone(obj):
            continue  # dropped anyway, or already re-created
        if isinstance(obj, Column):
            plan.reset_columns.add(("column", obj.key))
        else:
            plan.reset.add((obj.kind, obj.key))
        plan.because[(obj.kind, obj.key)].append(item)


# ---------------------------------------------------------------- type changes

_INTEGERS = {"smallint": 0, "integer": 1, "bigint": 2}
_VARCHAR = re.compile(r"character varying(?:\((\d+)\))?")
_NUMERIC = re.compile(r"numeric(?:\((\d+),(\d+)\))?")


def keeps_data(old: str, new: str) -> bool:
    """Whether converting a column from *old* to *new* keeps every value.

    Only well-known widenings count; any other change may fail or lose data.
    """
    if old == new or new == "text":
        return True
    if old in _INTEGERS and new in _INTEGERS:
        return _INTEGERS[new] >= _INTEGERS[old]
    if old in _INTEGERS and new == "numeric":
        return True
    if old in ("smallint", "integer", "real") and new == "double precision":
        return True
    if old == "jsonb" and new == "json":
        return True
    v_old, v_new = _VARCHAR.fullmatch(old), _VARCHAR.fullmatch(new)
    if v_old and v_new:
        return v_new.group(1) is None or (
            v_old.group(1) is not None and int(v_new.group(1)) >= int(v_old.group(1))
        )
    n_old, n_new = _NUMERIC.fullmatch(old), _NUMERIC.fullmatch(new)
    if n_old and n_new:
        if n_new.group(1) is None:
            return True
        if n_old.group(1) is None:
            return False
        p_old, s_old = int(n_old.group(1)), int(n_old.group(2))
        p_new, s_new = int(n_new.group(1)), int(n_new.group(2))
        return s_new >= s_old and p_new - s_new >= p_old - s_old
    return False


def requalify(type_name: str, old_schema: str, new_schema: str) -> str | None:
    """*type_name* (as ``format_type`` prints it) moved from one schema to another,
    or None when it is not in *old_schema*."""
    prefix = quote_ident(old_schema) + "."
    if not type_name.startswith(prefix):
        return None
    return quote_ident(new_schema) + "." + type_name[len(prefix) :]

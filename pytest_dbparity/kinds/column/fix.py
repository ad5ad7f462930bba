"""Columns in the fix script: ADD, DROP and ALTER COLUMN, in an order PostgreSQL
accepts; the columns of a new table are part of its CREATE TABLE (``kinds.table``).
What a column's change needs out of its way is in ``dependents``."""

from __future__ import annotations

import re

from psycopg import sql

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._kinds import KindFix, ObjKey
from pytest_dbparity.fixsql._phases import create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Item, Plan, narrow
from pytest_dbparity.fixsql._sql import Sql, compose, ident, join, lit, raw
from pytest_dbparity.kinds.column import SPEC, Column
from pytest_dbparity.kinds.column.dependents import (
    make_room,
    moved_type,
    needs_recreate,
    uses_column,
)
from pytest_dbparity.kinds.foreign_data_wrapper.fix import (
    by_hand_note,
    option_findings,
    options_change,
    options_clause,
)

DROP, CREATE = drop_phase(SPEC), create_phase(SPEC)


_IDENTITY = {"always": "ALWAYS", "by default": "BY DEFAULT"}
_OPTION = re.compile(r"(START WITH|INCREMENT BY|MINVALUE|MAXVALUE|CACHE) (-?\d+)|CYCLE")


def _identity(col: Column) -> str:
    """``GENERATED ... AS IDENTITY [(options)]``."""
    text = f"GENERATED {_IDENTITY[col.identity_kind or '']} AS IDENTITY"
    if col.identity_options:
        text += f" ({col.identity_options})"
    return text


def _options(options: str | None) -> dict[str, str]:
    """``identity_options`` text as ``{option: value}`` (``CYCLE``: "")."""
    return {m[1] or "CYCLE": m[2] or "" for m in _OPTION.finditer(options or "")}


def identity_options_set(options: str | None) -> str:
    """``SET ...`` clauses that give an identity sequence exactly *options*
    (``identity_options``: what is not named takes its default)."""
    given = _options(options)
    increment = int(given.get("INCREMENT BY", "1"))
    if increment > 0:
        start = given.get("START WITH", given.get("MINVALUE", "1"))
    else:
        start = given.get("START WITH", given.get("MAXVALUE", "-1"))
    clauses = [f"SET INCREMENT BY {increment}"]
    for bound in ("MINVALUE", "MAXVALUE"):
        value = given.get(bound)
        clauses.append(f"SET {bound} {value}" if value else f"SET NO {bound}")
    clauses += [
        f"SET START WITH {start}",
        f"SET CACHE {given.get('CACHE', '1')}",
        "SET CYCLE" if "CYCLE" in given else "SET NO CYCLE",
    ]
    return " ".join(clauses)


def _bounds_note(src: Column, tgt: Column) -> list[str]:
    """A note when the source's bounds are not the target's: PostgreSQL
    refuses bounds that leave out the sequence's current value."""
    new, old = _options(src.identity_options), _options(tgt.identity_options)
    if all(new.get(b) == old.get(b) for b in ("MINVALUE", "MAXVALUE")):
        return []
    return [
        "fails if the sequence's current value is outside the new bounds (a "
        "sequence never used is at its old START): add RESTART WITH <a value "
        "inside them> after checking the rows"
    ]


def column_definition(col: Column) -> sql.Composed:
    """``name type [COLLATE c] [GENERATED ...|DEFAULT ...] [NOT NULL]``."""
    parts: list[Sql] = [ident(col.name), raw(col.type)]
    if col.collation is not None:
        parts.append(sql.SQL("COLLATE {}").format(raw(col.collation)))
    if col.identity_kind in _IDENTITY:
        parts.append(raw(_identity(col)))
    elif col.generated is not None:
        parts.append(
            sql.SQL("GENERATED ALWAYS AS ({}) STORED").format(raw(col.generated))
        )
    elif col.default is not None:
        parts.append(sql.SQL("DEFAULT {}").format(raw(col.default)))
    if col.not_null:
        parts.append(raw("NOT NULL"))
    options, _ = options_clause(col.options)  # hidden values: set by hand
    if options is not None:
        parts.append(options)
    return join(parts, " ")


#: Column settings ``ALTER COLUMN`` sets (no column definition of every server
#: version takes them), in the order they are set.
SETTINGS = ("storage", "compression", "statistics")


def _setting(col: Column, attribute: str) -> str:
    """``SET STORAGE x``, ``SET COMPRESSION x``, ``SET STATISTICS n``: the
    column's value, or the default's for None."""
    if attribute == "storage":
        return f"SET STORAGE {(col.storage or col.type_storage).upper()}"
    if attribute == "compression":
        return f"SET COMPRESSION {col.compression or 'default'}"
    value = -1 if col.statistics is None else int(col.statistics)
    return f"SET STATISTICS {value}"


def set_column_settings(
    plan: Plan,
    key: str,
    col: Column,
    findings: tuple[Finding, ...],
    attributes: tuple[str, ...] = SETTINGS,
) -> None:
    """``ALTER TABLE ... ALTER COLUMN ... SET ...`` for *attributes* (all
    settings: those of a new column that are not the defaults)."""
    new = attributes is SETTINGS
    for attribute in attributes:
        if new and getattr(col, attribute) is None:
            continue
        statement = compose(
            f"ALTER TABLE {{}} ALTER COLUMN {{}} {_setting(col, attribute)}",
            ident(col.schema, col.table),
            ident(col.name),
        )
        plan.add(CREATE, key, statement, findings, sub=3)


def source_columns(plan: Plan, schema: str, table: str) -> list[tuple[Item, Column]]:
    """The source columns of a table, with their items."""
    out = []
    for item in plan.of("column"):
        col = narrow(item.src, Column)
        if col is not None and col.schema == schema and col.table == table:
            out.append((item, col))
    return out


def columns(obj: Column) -> list[ObjKey]:
    """A column stands on itself: dropping it and adding it again takes it."""
    return [("column", obj.key)]


#: What a column only the source has and one only the target has must share for
#: the script to propose renaming one into the other.
_SAME_FOR_RENAME = (
    "type",
    "not_null",
    "default",
    "collation",
    "identity_kind",
    "generated",
)


def renames(plan: Plan) -> dict[str, tuple[Column, Column]]:
    """Columns the script drops and adds on the same table that may be one
    column renamed: ``(source column, target column)`` under both keys.

    Proposed when a table the script neither creates nor drops has a column
    only in the source and one only in the target with the same type,
    nullability, default, collation, identity and generation, at the same
    place among the table's columns: the drop and the add lose the column's
    data where a rename would keep it. Only a person knows which was meant, so
    the rename is proposed, never run."""
    added: dict[tuple[str, str, int], list[tuple[Item, Column]]] = {}
    dropped: dict[tuple[str, str, int], list[tuple[Item, Column]]] = {}
    for item in plan.of("column"):
        src, tgt = narrow(item.src, Column), narrow(item.tgt, Column)
        if not item.findings:
            continue
        if src is not None and tgt is None and src.position is not None:
            if not plan.relation_new(src.schema, src.table):
                place = (src.schema, src.table, src.position)
                added.setdefault(place, []).append((item, src))
        elif src is None and tgt is not None and tgt.position is not None:
            if not plan.taken_by_parent(item):
                place = (tgt.schema, tgt.table, tgt.position)
                dropped.setdefault(place, []).append((item, tgt))
    out: dict[str, tuple[Column, Column]] = {}
    for place, sources in added.items():
        targets = dropped.get(place, [])
        if len(sources) != 1 or len(targets) != 1:
            continue
        (src_item, src), (tgt_item, tgt) = sources[0], targets[0]
        if all(getattr(src, a) == getattr(tgt, a) for a in _SAME_FOR_RENAME):
            out[src_item.key] = out[tgt_item.key] = (src, tgt)
    return out


def _rename(src: Column, tgt: Column) -> str:
    return compose(
        "ALTER TABLE {} RENAME COLUMN {} TO {};",
        ident(tgt.schema, tgt.table),
        ident(tgt.name),
        ident(src.name),
    )


def _rename_notes(src: Column, tgt: Column, *, at_drop: bool) -> list[str]:
    """The commented RENAME beside the DROP of *tgt* (with why it is proposed)
    and, shorter, beside the ADD of *src*."""
    if not at_drop:
        return [
            f"rename instead? if {src.name} is {tgt.name} renamed, run this instead "
            f"of this ADD and the DROP of {tgt.name} above (why: see there):",
            _rename(src, tgt),
        ]
    return [
        f"rename instead? {tgt.name} (target only) and {src.name} (source only) "
        "have the same type, nullability, default and place among the table's "
        f"columns ({src.position}): if {src.name} is {tgt.name} renamed, run this "
        f"instead of this DROP and the ADD COLUMN of {src.name} below (it keeps "
        "the data, indexes, constraints and grants); the tool cannot know which "
        "was meant:",
        _rename(src, tgt),
    ]


def plan_columns(plan: Plan) -> None:
    """Not ``reconcile``'s skeleton: a column of a table the script creates is
    part of its CREATE TABLE before any check of its parents."""
    renamed = renames(plan)
    for item in plan.of("column"):
        src, tgt = narrow(item.src, Column), narrow(plan.target(item), Column)
        raw_tgt = narrow(item.tgt, Column)
        if src is None:
            if raw_tgt is None or not item.findings or plan.taken_by_parent(item):
                continue
            kept = _kept_by_children(plan, raw_tgt)
            notes = (
                [
                    "ONLY: the tables that inherit it keep it as their own, as in "
                    "the source"
                ]
                if kept
                else []
            )
            if item.key in renamed:
                notes += _rename_notes(*renamed[item.key], at_drop=True)
            plan.add(
                DROP,
                item.key,
                _drop_column(raw_tgt, only=bool(kept)),
                (*item.findings, *kept, *plan.orphans(raw_tgt)),
                destructive="drops the column and its data",
                notes=notes,
            )
            continue
        if plan.relation_new(src.schema, src.table):
            continue  # part of its CREATE TABLE
        if tgt is None:
            if raw_tgt is not None:  # re-created generated column
                _recreate_column(plan, item, src, raw_tgt)
            elif item.findings:
                blocked = plan.missing_parent(src)
                if blocked:
                    plan.not_reconciled(item, blocked)
                    continue
                _add_column(
                    plan,
                    item,
                    src,
                    item.findings,
                    None,
                    _rename_notes(*renamed[item.key], at_drop=False)
                    if item.key in renamed
                    else [],
                )
                set_column_settings(plan, item.key, src, item.findings)
                if src.comment is not None:
                    plan.set_comment(
                        "COLUMN",
                        column_name(src),
                        src.comment,
                        item.key,
                        item.findings,
                    )
            continue
        if not item.findings:
            continue
        if needs_recreate(item):  # not allowed: written commented out
            _recreate_column(plan, item, src, tgt)
            continue
        _alter_column(plan, item, src, tgt)


def column_name(col: Column) -> sql.Identifier:
    return ident(col.schema, col.table, col.name)


def _drop_column(col: Column, *, only: bool = False) -> str:
    head = (
        "ALTER TABLE ONLY {} DROP COLUMN {}"
        if only
        else "ALTER TABLE {} DROP COLUMN {}"
    )
    return compose(head, ident(col.schema, col.table), ident(col.name))


def _to_local(plan: Plan) -> list[tuple[Item, Column]]:
    """Columns only inherited in the target that the source defines itself."""
    out = []
    for item in plan.of("column"):
        src, tgt = narrow(item.src, Column), narrow(item.tgt, Column)
        if src is not None and tgt is not None and src.local and not tgt.local:
            if item.about("local"):
                out.append((item, src))
    return out


def _kept_by_children(plan: Plan, dropped: Column) -> tuple[Finding, ...]:
    """The ``local`` findings of other tables' columns of the same name that the
    source defines itself and the target only inherits: ``DROP COLUMN`` on ONLY
    the parent leaves them, as their own (without ONLY it drops them)."""
    return tuple(
        f
        for item, col in _to_local(plan)
        if col.name == dropped.name
        and (col.schema, col.table) != (dropped.schema, dropped.table)
        for f in item.about("local")
    )


def _parent_drops(plan: Plan, col: Column) -> bool:
    """A column of that name is dropped from another table of the target."""
    for item in plan.of("column"):
        tgt = narrow(item.tgt, Column)
        if (
            item.src is None
            and tgt is not None
            and item.findings
            and tgt.name == col.name
            and (tgt.schema, tgt.table) != (col.schema, col.table)
        ):
            return True
    return False


def _add_column(
    plan: Plan,
    item: Item,
    col: Column,
    findings: tuple[Finding, ...],
    destructive: str | None,
    notes: list[str] | None = None,
) -> None:
    statement = compose(
        "ALTER TABLE {} ADD COLUMN {}",
        ident(col.schema, col.table),
        column_definition(col),
    )
    notes = list(notes or [])
    if (
        col.not_null
        and col.default is None
        and col.identity_kind is None
        and col.generated is None
    ):
        notes.append(
            "fails if the table has rows: NOT NULL without a default "
            "(add it nullable, fill it, then SET NOT NULL)"
        )
    sub = 2 if col.generated is not None else 1
    plan.add(
        CREATE,
        item.key,
        statement,
        findings,
        notes=notes,
        destructive=destructive,
        sub=sub,
    )


def _recreate_column(plan: Plan, item: Item, src: Column, tgt: Column) -> None:
    why = (
        "drops the generated column and adds it again: its values are computed "
        "anew, but indexes, constraints and grants on it go too (re-created below)"
    )
    notes = []
    if not item.findings:
        notes.append(
            "a generated column that uses a column whose type changes: dropped "
            "first, added again after the change"
        )
    found = plan.cause(item)
    plan.add(
        DROP,
        item.key,
        _drop_column(tgt),
        (*found, *plan.orphans(tgt)),
        notes=[*notes, *plan.recreate_note(item)],
        destructive=why,
    )
    _add_column(plan, item, src, found, why)
    set_column_settings(plan, item.key, src, found)
    if src.comment is not None:
        plan.set_comment("COLUMN", column_name(src), src.comment, item.key, found)


def _alter_column(plan: Plan, item: Item, src: Column, tgt: Column) -> None:
    """The changes of one column, in an order PostgreSQL accepts."""
    table, col = ident(src.schema, src.table), ident(src.name)
    key = item.key

    def alter(
        action: str,
        *args: Sql,
        findings: tuple[Finding, ...],
        notes: list[str] | None = None,
        destructive: str | None = None,
    ) -> None:
        statement = compose(
            f"ALTER TABLE {{}} ALTER COLUMN {{}} {action}", table, col, *args
        )
        plan.add(
            CREATE,
            key,
            statement,
            findings,
            notes=notes or [],
            destructive=destructive,
        )

    attrs = item.attributes
    if (found := item.about("generated")) and src.generated is None:
        alter("DROP EXPRESSION", findings=found)
    if (found := item.about("identity_kind")) and src.identity_kind is None:
        alter("DROP IDENTITY", findings=(*found, *item.about("identity_options")))
    retype = ("type" in attrs and src.type != tgt.type) or "collation" in attrs
    moved = "type" in attrs and moved_type(plan, src, tgt)
    default_gone = False
    if moved and "collation" not in attrs:
        plan.add(
            CREATE,
            key,
            None,
            item.about("type"),
            notes=[
                "nothing to do: the type's extension moves schema above, and the "
                "column's type with it"
            ],
        )
    elif retype:
        found = item.about("type", "collation")
        destructive = plan.retype.get(item.key)
        notes: list[str] = []
        if tgt.default is not None and tgt.identity_kind is None:
            alter("DROP DEFAULT", findings=found, destructive=destructive)
            default_gone = destructive is None or plan.allow
        collation = raw(src.collation or '"default"')
        clause = "TYPE {} COLLATE {} USING {}::{}"
        if src.collation is None and "collation" not in attrs:
            clause = "TYPE {} USING {}::{}"
            args: tuple[Sql, ...] = (raw(src.type), col, raw(src.type))
        else:
            args = (raw(src.type), collation, col, raw(src.type))
        alter(clause, *args, findings=found, notes=notes, destructive=destructive)
        if default_gone and src.default is not None and "default" not in attrs:
            alter(
                "SET DEFAULT {}",
                raw(src.default),
                findings=found,
                destructive=destructive,
            )
    if found := item.about("default"):
        if src.default is not None:
            alter("SET DEFAULT {}", raw(src.default), findings=found)
        elif not default_gone:
            alter("DROP DEFAULT", findings=found)
    if (found := item.about("not_null")) and src.not_null:
        alter(
            "SET NOT NULL",
            findings=found,
            notes=[
                "fails while NULLs remain: "
                + compose("SELECT count(*) FROM {} WHERE {} IS NULL", table, col)
            ],
        )
    if (found := item.about("identity_kind")) and src.identity_kind in _IDENTITY:
        kind = _IDENTITY[src.identity_kind]
        if tgt.identity_kind is not None:
            alter(f"SET GENERATED {kind}", findings=found)
        else:
            found = (*found, *item.about("identity_options"))
            restart = compose(
                "SELECT setval(pg_get_serial_sequence({}, {}), "
                "coalesce(max({}), 0) + 1, false) FROM {}",
                lit(qualify(src.schema, src.table)),
                lit(src.name),
                col,
                table,
            )
            alter(
                "ADD " + _identity(src),
                findings=found,
                notes=[
                    "the new identity starts at 1; to continue after the rows "
                    f"already there: {restart}"
                ],
            )
    if (
        (found := item.about("identity_options"))
        and src.identity_kind is not None
        and tgt.identity_kind is not None
    ):
        # Every option, in one statement: the bounds and START are checked
        # against each other after all of them are applied.
        alter(
            identity_options_set(src.identity_options),
            findings=found,
            notes=_bounds_note(src, tgt),
        )
    if (found := item.about("not_null")) and not src.not_null:
        alter("DROP NOT NULL", findings=found)
    for attribute in SETTINGS:
        # A type change gives the column its new type's storage: set again.
        if (found := item.about(attribute)) or (
            attribute == "storage" and retype and src.storage is not None
        ):
            alter(_setting(src, attribute), findings=found)
    if found := item.about("options["):
        _column_options(plan, item, src, tgt, found)
    if found := item.about("comment"):
        plan.set_comment("COLUMN", column_name(src), src.comment, key, found)
    if (found := item.about("local")) and not (src.local and _parent_drops(plan, src)):
        plan.not_reconciled(
            item,
            "no statement makes an inherited column the table's own, or the "
            "reverse, alone (DROP COLUMN on ONLY the parent leaves it to the "
            "tables that inherit it, as their own; a parent that adds a column "
            "its child has merges them)",
        )


def _column_options(
    plan: Plan, item: Item, src: Column, tgt: Column, found: tuple[Finding, ...]
) -> None:
    """``ALTER TABLE ... ALTER COLUMN ... OPTIONS (ADD|SET|DROP ...)`` of a
    foreign table's column; hidden values are named to set by hand."""
    names = [f.attribute[len("options[") : -1] for f in found if f.attribute]
    want, have = dict(src.options), dict(tgt.options)
    change, hidden = options_change(want, have, names)
    head = compose(
        "ALTER FOREIGN TABLE {} ALTER COLUMN {}",
        ident(src.schema, src.table),
        ident(src.name),
    )
    if change is not None:
        shown = [n for n in names if n not in hidden]
        statement = compose("{} {}", raw(head), change)
        plan.add(CREATE, item.key, statement, option_findings(item, shown))
    by_hand_note(plan, item, head, hidden, have, option_findings(item, hidden))


def _drop_copy(col: Column) -> tuple[str, str | None]:
    return _drop_column(col), "drops the column and its data"


FIX = KindFix(
    plan=plan_columns,
    make_room=make_room,
    columns=columns,
    uses_column=uses_column,
    drop_copy=_drop_copy,
    calls=("default", "generated"),
)

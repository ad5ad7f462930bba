"""Sequences in the fix script: CREATE, ALTER (options, OWNED BY), DROP."""

from __future__ import annotations

from psycopg import sql

from pytest_dbparity.core.identifiers import qualify, split_name
from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._kinds import KindFix, ObjKey
from pytest_dbparity.fixsql._phases import (
    OWNER,
    SEQUENCE_OWNER,
    create_phase,
    drop_phase,
)
from pytest_dbparity.fixsql._plan import Item, Plan
from pytest_dbparity.fixsql._skeleton import reconcile
from pytest_dbparity.fixsql._sql import Sql, compose, ident, join, num, raw
from pytest_dbparity.kinds.sequence import SPEC, Sequence

DROP, CREATE = drop_phase(SPEC), create_phase(SPEC)


def parents(obj: Sequence) -> list[ObjKey]:
    """The column OWNED BY names, and its table: dropping either drops the
    sequence (it belongs to no other)."""
    if obj.owned_by is None:
        return []
    try:
        parts = split_name(obj.owned_by)
    except ValueError:  # the catalog quotes it: not expected
        return []
    if len(parts) != 3:
        return []
    return [("column", qualify(*parts)), ("table", qualify(*parts[:2]))]


def _sequence_options(s: Sequence, fields: set[str]) -> list[Sql]:
    if "data_type" in fields:
        fields = fields | {"min_value", "max_value"}
    out: list[Sql] = []
    if "data_type" in fields:
        out.append(sql.SQL("AS {}").format(raw(s.data_type)))
    if "increment" in fields:
        out.append(sql.SQL("INCREMENT BY {}").format(num(s.increment)))
    if "min_value" in fields:
        out.append(sql.SQL("MINVALUE {}").format(num(s.min_value)))
    if "max_value" in fields:
        out.append(sql.SQL("MAXVALUE {}").format(num(s.max_value)))
    if "start" in fields:
        out.append(sql.SQL("START WITH {}").format(num(s.start)))
    if "cache" in fields:
        out.append(sql.SQL("CACHE {}").format(num(s.cache)))
    if "cycle" in fields:
        out.append(raw("CYCLE" if s.cycle else "NO CYCLE"))
    return out


_SEQUENCE_FIELDS = {
    "data_type",
    "increment",
    "min_value",
    "max_value",
    "start",
    "cache",
    "cycle",
}


def _drop(plan: Plan, item: Item, old: Sequence) -> None:
    plan.add(
        DROP,
        item.key,
        compose("DROP SEQUENCE {}", ident(old.schema, old.name)),
        item.findings,
        destructive="drops the sequence and its current value",
    )


def _create(plan: Plan, item: Item, src: Sequence, old: Sequence | None) -> None:
    # OWNED BY is no part of the key: a sequence re-created with its table may
    # be owned, in the source, by a column the script does not create.
    blocked = plan.missing_parent(src) if old is not None else None
    if blocked:
        plan.not_reconciled(item, blocked)
        return
    name = ident(src.schema, src.name)
    options = join(_sequence_options(src, set(_SEQUENCE_FIELDS)), " ")
    statement = compose("CREATE SEQUENCE {} {}", name, options)
    found, notes = plan.cause(item), plan.restore_note(item)
    plan.add(CREATE, item.key, statement, found, notes=notes)
    _set_owner(plan, item, src, found)
    if src.comment is not None:
        plan.set_comment("SEQUENCE", name, src.comment, item.key, found)
    if src.owned_by is not None:
        statement = compose("ALTER SEQUENCE {} OWNED BY {}", name, raw(src.owned_by))
        plan.add(SEQUENCE_OWNER, item.key, statement, found)


def _change(plan: Plan, item: Item, src: Sequence, tgt: Sequence) -> None:
    name = ident(src.schema, src.name)
    fields = set(item.attributes) & _SEQUENCE_FIELDS
    if fields:
        found = item.about(*sorted(fields))
        options = join(_sequence_options(src, fields), " ")
        statement = compose("ALTER SEQUENCE {} {}", name, options)
        plan.add(CREATE, item.key, statement, found)
    if found := item.about("owned_by"):
        owner = raw("NONE") if src.owned_by is None else raw(src.owned_by)
        statement = compose("ALTER SEQUENCE {} OWNED BY {}", name, owner)
        plan.add(SEQUENCE_OWNER, item.key, statement, found)
    if found := item.about("owner"):
        _set_owner(plan, item, src, found)
    if found := item.about("comment"):
        plan.set_comment("SEQUENCE", name, src.comment, item.key, found)


def _set_owner(
    plan: Plan, item: Item, src: Sequence, findings: tuple[Finding, ...]
) -> None:
    """``ALTER SEQUENCE ... OWNER TO``; a sequence OWNED BY a column follows its
    table's owner (PostgreSQL refuses to change it alone)."""
    if src.owned_by is None:
        plan.set_owner(
            "SEQUENCE", ident(src.schema, src.name), src.owner, item.key, findings
        )
    elif findings:
        note = "nothing to do alone: owned by a column, it follows its table's owner"
        plan.add(OWNER, item.key, None, findings, notes=[note])


def plan_sequences(plan: Plan) -> None:
    reconcile(plan, Sequence, drop=_drop, create=_create, change=_change)


FIX = KindFix(plan=plan_sequences, parents=parents)

"""Sequences in the fix script: CREATE, ALTER (options, OWNED BY), DROP."""

from __future__ import annotations

from psycopg import sql

from pytest_dbparity.core.identifiers import qualify, split_name
from pytest_dbparity.fixsql._kinds import KindFix, ObjKey
from pytest_dbparity.fixsql._phases import SEQUENCE_OWNER, create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Plan, narrow
from pytest_dbparity.fixsql._sql import Sql, ident, join, num, raw, render
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


def plan_sequences(plan: Plan) -> None:
    for item in plan.of("sequence"):
        src, tgt = narrow(item.src, Sequence), narrow(plan.target(item), Sequence)
        raw_tgt = narrow(item.tgt, Sequence)
        if src is None:
            if raw_tgt is None or not item.findings or plan.taken_by_parent(item):
                continue
            plan.add(
                DROP,
                item.key,
                render("DROP SEQUENCE {}", ident(raw_tgt.schema, raw_tgt.name)),
                item.findings,
                destructive="drops the sequence and its current value",
            )
            continue
        name = ident(src.schema, src.name)
        if tgt is None:
            if raw_tgt is None and not item.findings:
                continue
            blocked = plan.missing_parent(src)
            if blocked:
                plan.not_reconciled(item, blocked)
                continue
            options = join(_sequence_options(src, set(_SEQUENCE_FIELDS)), " ")
            statement = render("CREATE SEQUENCE {} {}", name, options)
            found, notes = plan.cause(item), plan.restore_note(item)
            plan.add(CREATE, item.key, statement, found, notes=notes)
            if src.owned_by is not None:
                statement = render(
                    "ALTER SEQUENCE {} OWNED BY {}", name, raw(src.owned_by)
                )
                plan.add(SEQUENCE_OWNER, item.key, statement, found)
            continue
        fields = set(item.attributes) & _SEQUENCE_FIELDS
        if fields:
            found = item.about(*sorted(fields))
            options = join(_sequence_options(src, fields), " ")
            plan.add(
                CREATE,
                item.key,
                render("ALTER SEQUENCE {} {}", name, options),
                found,
            )
        if found := item.about("owned_by"):
            owner = raw("NONE") if src.owned_by is None else raw(src.owned_by)
            statement = render("ALTER SEQUENCE {} OWNED BY {}", name, owner)
            plan.add(SEQUENCE_OWNER, item.key, statement, found)


FIX = KindFix(plan=plan_sequences, parents=parents)

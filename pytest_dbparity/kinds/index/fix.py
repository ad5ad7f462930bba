"""Indexes in the fix script: the catalog's own CREATE INDEX; DROP and CREATE
when it changes."""

from __future__ import annotations

from pytest_dbparity.core.identifiers import qualify, quote_ident
from pytest_dbparity.fixsql._kinds import KindFix, ObjKey
from pytest_dbparity.fixsql._phases import create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Plan, narrow
from pytest_dbparity.fixsql._sql import ident, referenced_names, render
from pytest_dbparity.kinds.index import SPEC, Index

DROP, CREATE = drop_phase(SPEC), create_phase(SPEC)


def columns(obj: Index) -> list[ObjKey]:
    """The columns its definition and predicate may mention (every name they
    mention counts): dropping one drops the index."""
    names = referenced_names(obj.definition + " " + (obj.predicate or ""))
    return [("column", qualify(obj.schema, obj.table, c)) for c in sorted(names)]


def _index_definition(i: Index) -> str | None:
    """``pg_get_indexdef``, recursing into partitions (it prints ``ON ONLY`` for
    a partitioned table's index, which would leave the index invalid)."""
    text = i.full_definition.strip()
    if not text:
        return None
    for head in ("CREATE INDEX ", "CREATE UNIQUE INDEX "):
        only = f"{head}{quote_ident(i.name)} ON ONLY "
        if text.startswith(only):
            return f"{head}{quote_ident(i.name)} ON " + text[len(only) :]
    return text


def plan_indexes(plan: Plan) -> None:
    for item in plan.of("index"):
        src, tgt = narrow(item.src, Index), narrow(plan.target(item), Index)
        raw_tgt = narrow(item.tgt, Index)
        if src is None:
            if raw_tgt is None or not item.findings or plan.taken_by_parent(item):
                continue
            statement = render("DROP INDEX {}", ident(raw_tgt.schema, raw_tgt.name))
            plan.add(DROP, item.key, statement, item.findings)
            continue
        if tgt is None and raw_tgt is None and not item.findings:
            continue
        if tgt is not None and not item.findings:
            continue
        if tgt is None and raw_tgt is None:
            blocked = plan.missing_parent(src)
            if blocked:
                plan.not_reconciled(item, blocked)
                continue
        definition = _index_definition(src)
        if definition is None:
            plan.not_reconciled(item, "the catalog holds no definition of the index")
            continue
        if tgt is not None:
            statement = render("DROP INDEX {}", ident(tgt.schema, tgt.name))
            plan.add(DROP, item.key, statement, item.findings)
        plan.add(
            CREATE,
            item.key,
            definition,
            plan.cause(item),
            notes=plan.restore_note(item),
        )


FIX = KindFix(plan=plan_indexes, columns=columns)

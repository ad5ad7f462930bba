"""Indexes in the fix script: the catalog's own CREATE INDEX; DROP and CREATE
when it changes (an INVALID index in the target is re-built that way). An index
INVALID in the source is not made invalid in the target: no statement does that
on purpose, and nobody wants it."""

from __future__ import annotations

from pytest_dbparity.core.identifiers import qualify, quote_ident
from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._kinds import KindFix, ObjKey
from pytest_dbparity.fixsql._phases import create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Item, Plan
from pytest_dbparity.fixsql._skeleton import reconcile
from pytest_dbparity.fixsql._sql import compose, ident, referenced_names
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


def _drop(plan: Plan, item: Item, old: Index) -> None:
    statement = compose("DROP INDEX {}", ident(old.schema, old.name))
    plan.add(DROP, item.key, statement, item.findings)


_INVALID_NOTE = (
    "the index is INVALID in the source (a failed CREATE INDEX CONCURRENTLY, or an "
    "ON ONLY index not attached on every partition): this creates it valid; "
    "rebuild or drop the source's"
)


def _create(plan: Plan, item: Item, src: Index, old: Index | None) -> None:
    _define(plan, item, src, None)
    if src.comment is not None:
        _comment(plan, item, src, plan.cause(item))


def _comment(plan: Plan, item: Item, src: Index, findings: tuple[Finding, ...]) -> None:
    name = ident(src.schema, src.name)
    plan.set_comment("INDEX", name, src.comment, item.key, findings)


def _change(plan: Plan, item: Item, src: Index, tgt: Index) -> None:
    if item.attributes == {"comment"}:
        _comment(plan, item, src, item.findings)
        return
    if not src.valid and item.attributes == {"valid"}:
        plan.not_reconciled(
            item,
            "the index is INVALID in the source (a failed CREATE INDEX "
            "CONCURRENTLY, or an ON ONLY index not attached on every "
            "partition); the target's valid one is kept: rebuild or drop the "
            "source's (REINDEX INDEX, or DROP INDEX and CREATE INDEX)",
        )
        return
    _define(plan, item, src, tgt)
    if src.comment is not None or "comment" in item.attributes:  # dropped with it
        _comment(plan, item, src, item.findings)


def _define(plan: Plan, item: Item, src: Index, replaced: Index | None) -> None:
    """CREATE INDEX, after DROP INDEX of the *replaced* one."""
    definition = _index_definition(src)
    if definition is None:
        plan.not_reconciled(item, "the catalog holds no definition of the index")
        return
    if replaced is not None:
        statement = compose("DROP INDEX {}", ident(replaced.schema, replaced.name))
        plan.add(DROP, item.key, statement, item.findings)
    notes = plan.restore_note(item)
    if not src.valid:
        notes = [*notes, _INVALID_NOTE]
    plan.add(CREATE, item.key, definition, plan.cause(item), notes=notes)


def plan_indexes(plan: Plan) -> None:
    reconcile(plan, Index, drop=_drop, create=_create, change=_change)


def _drop_copy(old: Index) -> tuple[str, str | None]:
    return compose("DROP INDEX {}", ident(old.schema, old.name)), None


FIX = KindFix(
    plan=plan_indexes,
    columns=columns,
    drop_copy=_drop_copy,
    calls=("definition", "predicate"),
)

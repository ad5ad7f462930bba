"""Planners for what belongs to a table: constraints, indexes, triggers, row level
security and policies."""

from __future__ import annotations

from collections.abc import Mapping

from psycopg import sql

from pytest_dbparity.core.identifiers import qualify, quote_ident
from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._phases import create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Item, Plan, narrow
from pytest_dbparity.fixsql._sql import Sql, ident, join, raw, render
from pytest_dbparity.kinds.constraint import Constraint
from pytest_dbparity.kinds.index import Index
from pytest_dbparity.kinds.policy import Policy
from pytest_dbparity.kinds.registry import SPECS
from pytest_dbparity.kinds.rls import Rls
from pytest_dbparity.kinds.table import Table
from pytest_dbparity.kinds.trigger import Trigger

CONSTRAINT = create_phase(SPECS["constraint"])
DROP_CONSTRAINT = drop_phase(SPECS["constraint"])
DROP_INDEX = drop_phase(SPECS["index"])
DROP_POLICY = drop_phase(SPECS["policy"])
DROP_TRIGGER = drop_phase(SPECS["trigger"])
INDEX = create_phase(SPECS["index"])
POLICY = create_phase(SPECS["policy"])
RLS = create_phase(SPECS["rls"])
TRIGGER = create_phase(SPECS["trigger"])

# ------------------------------------------------------------------ constraints

FK = "foreign key"


def _orphans_query(c: Constraint) -> str | None:
    """Rows of the child that the foreign key would reject."""
    if c.ref_table is None or not c.columns or len(c.columns) != len(c.ref_columns):
        return None
    present = join(
        (sql.SQL("c.{} IS NOT NULL").format(ident(col)) for col in c.columns), " AND "
    )
    match = join(
        (
            sql.SQL("p.{} = c.{}").format(ident(ref), ident(col))
            for col, ref in zip(c.columns, c.ref_columns, strict=True)
        ),
        " AND ",
    )
    return render(
        "SELECT count(*) FROM {} c WHERE {} AND NOT EXISTS "
        "(SELECT 1 FROM {} p WHERE {});",
        ident(c.schema, c.table),
        present,
        raw(c.ref_table),
        match,
    )


def _orphan_notes(c: Constraint) -> list[str]:
    query = _orphans_query(c)
    if query is None:
        return []
    return [
        f"orphans: {query}",
        "(must be 0 before VALIDATE; the constraint is added NOT VALID first, so "
        "adding it does not scan the table)",
    ]


def _add_constraint(
    plan: Plan,
    item: Item,
    c: Constraint,
    findings: tuple[Finding, ...],
    notes: list[str] | None = None,
) -> None:
    notes = notes or []
    if not c.definition:
        plan.not_reconciled(item, "the catalog holds no definition of the constraint")
        return
    table, name = ident(c.schema, c.table), ident(c.name)
    sub = 1 if c.constraint_type == FK else 0
    definition = c.definition.rstrip()
    owner = plan.src_index.get(("table", qualify(c.schema, c.table)))
    partitioned = (
        owner is not None
        and isinstance(owner.src, Table)
        and owner.src.table_type == "partitioned"
    )
    if c.constraint_type == FK and partitioned:
        notes = [
            *notes,
            *_orphan_notes(c)[:1],
            "(added valid at once: PostgreSQL cannot add a NOT VALID foreign key "
            "to a partitioned table)",
        ]
    if (
        c.constraint_type != FK
        or partitioned
        or definition.upper().endswith("NOT VALID")
    ):
        statement = render(
            "ALTER TABLE {} ADD CONSTRAINT {} {}", table, name, raw(definition)
        )
        plan.add(CONSTRAINT, item.key, statement, findings, sub=sub, notes=notes)
        return
    statement = render(
        "ALTER TABLE {} ADD CONSTRAINT {} {} NOT VALID", table, name, raw(definition)
    )
    plan.add(
        CONSTRAINT,
        item.key,
        statement,
        findings,
        sub=sub,
        notes=[*notes, *_orphan_notes(c)],
    )
    statement = render("ALTER TABLE {} VALIDATE CONSTRAINT {}", table, name)
    plan.add(CONSTRAINT, item.key, statement, findings, sub=sub)


def _drop_constraint(
    plan: Plan, item: Item, c: Constraint, findings: tuple[Finding, ...]
) -> None:
    statement = render(
        "ALTER TABLE {} DROP CONSTRAINT {}", ident(c.schema, c.table), ident(c.name)
    )
    sub = 0 if c.constraint_type == FK else 1
    plan.add(DROP_CONSTRAINT, item.key, statement, findings, sub=sub)


def plan_constraints(plan: Plan) -> None:
    for item in plan.of("constraint"):
        src, tgt = narrow(item.src, Constraint), narrow(plan.target(item), Constraint)
        raw_tgt = narrow(item.tgt, Constraint)
        if src is None:
            if raw_tgt is None or not item.findings or plan.taken_by_parent(item):
                continue
            _drop_constraint(plan, item, raw_tgt, item.findings)
            continue
        if tgt is None:
            if raw_tgt is None and not item.findings:
                continue
            blocked = plan.missing_parent(src) if raw_tgt is None else None
            if blocked:
                plan.not_reconciled(item, blocked)
                continue
            _add_constraint(plan, item, src, plan.cause(item), plan.restore_note(item))
            continue
        if not item.findings:
            continue
        attrs = item.attributes
        table, name = ident(src.schema, src.table), ident(src.name)
        if attrs == {"validated"} and src.validated:
            statement = render("ALTER TABLE {} VALIDATE CONSTRAINT {}", table, name)
            notes = _orphan_notes(src)[:1] if src.constraint_type == FK else []
            plan.add(
                CONSTRAINT,
                item.key,
                statement,
                item.findings,
                notes=notes,
                sub=1 if src.constraint_type == FK else 0,
            )
        elif (
            attrs <= {"deferrable", "initially_deferred"}
            and src.constraint_type == FK == tgt.constraint_type
        ):
            deferrable = "DEFERRABLE" if src.deferrable else "NOT DEFERRABLE"
            initially = "DEFERRED" if src.initially_deferred else "IMMEDIATE"
            statement = render(
                f"ALTER TABLE {{}} ALTER CONSTRAINT {{}} {deferrable} "
                f"INITIALLY {initially}",
                table,
                name,
            )
            plan.add(CONSTRAINT, item.key, statement, item.findings, sub=1)
        else:
            _drop_constraint(plan, item, tgt, item.findings)
            _add_constraint(plan, item, src, item.findings)


# ---------------------------------------------------------------------- indexes


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
            plan.add(DROP_INDEX, item.key, statement, item.findings)
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
            plan.add(DROP_INDEX, item.key, statement, item.findings)
        plan.add(
            INDEX,
            item.key,
            definition,
            plan.cause(item),
            notes=plan.restore_note(item),
        )


# --------------------------------------------------------------------- triggers

_ENABLE: Mapping[str, str] = {
    "origin": "ENABLE TRIGGER",
    "disabled": "DISABLE TRIGGER",
    "replica": "ENABLE REPLICA TRIGGER",
    "always": "ENABLE ALWAYS TRIGGER",
}


def _set_enabled(
    plan: Plan, item: Item, t: Trigger, findings: tuple[Finding, ...]
) -> None:
    action = _ENABLE.get(t.enabled)
    if action is None:
        return
    statement = render(
        f"ALTER TABLE {{}} {action} {{}}", ident(t.schema, t.table), ident(t.name)
    )
    plan.add(TRIGGER, item.key, statement, findings)


def plan_triggers(plan: Plan) -> None:
    for item in plan.of("trigger"):
        src, tgt = narrow(item.src, Trigger), narrow(plan.target(item), Trigger)
        raw_tgt = narrow(item.tgt, Trigger)
        if src is None:
            if raw_tgt is None or not item.findings or plan.taken_by_parent(item):
                continue
            plan.add(
                DROP_TRIGGER,
                item.key,
                _drop_trigger(raw_tgt),
                item.findings,
            )
            continue
        if tgt is None:
            if raw_tgt is None and not item.findings:
                continue
            blocked = plan.missing_parent(src) if raw_tgt is None else None
            if blocked:
                plan.not_reconciled(item, blocked)
                continue
            found = plan.cause(item)
            notes = plan.restore_note(item)
            if raw_tgt is not None and plan.reset_itself(raw_tgt):
                plan.add(DROP_TRIGGER, item.key, _drop_trigger(raw_tgt), found)
            plan.add(TRIGGER, item.key, src.definition, found, notes=notes)
            if src.enabled != "origin":
                _set_enabled(plan, item, src, found)
            continue
        if not item.findings:
            continue
        if "definition" in item.attributes:
            plan.add(DROP_TRIGGER, item.key, _drop_trigger(tgt), item.findings)
            plan.add(TRIGGER, item.key, src.definition, item.findings)
            if src.enabled != "origin":
                _set_enabled(plan, item, src, item.findings)
        elif found := item.about("enabled"):
            _set_enabled(plan, item, src, found)


def _drop_trigger(t: Trigger) -> str:
    return render("DROP TRIGGER {} ON {}", ident(t.name), ident(t.schema, t.table))


# ---------------------------------------------------------- row level security


def plan_rls(plan: Plan) -> None:
    for item in plan.of("rls"):
        src, tgt = narrow(item.src, Rls), narrow(plan.target(item), Rls)
        raw_tgt = narrow(item.tgt, Rls)
        if src is None:
            if item.findings and not plan.taken_by_parent(item):
                plan.not_reconciled(item, "follows from its table, left as it is")
            continue
        if tgt is None and raw_tgt is None:
            blocked = plan.missing_parent(src)
            if blocked:
                plan.not_reconciled(item, blocked)
                continue
        elif tgt is not None and not item.findings:
            continue
        # A new table starts with row level security off and not forced.
        enabled = tgt.enabled if tgt is not None else False
        forced = tgt.forced if tgt is not None else False
        table = ident(src.schema, src.table)
        planned = False
        if src.enabled != enabled:
            found = item.about("enabled") if tgt is not None else plan.cause(item)
            action = "ENABLE" if src.enabled else "DISABLE"
            statement = render(f"ALTER TABLE {{}} {action} ROW LEVEL SECURITY", table)
            plan.add(RLS, item.key, statement, found)
            planned = True
        if src.forced != forced:
            found = item.about("forced") if tgt is not None else plan.cause(item)
            action = "FORCE" if src.forced else "NO FORCE"
            statement = render(f"ALTER TABLE {{}} {action} ROW LEVEL SECURITY", table)
            plan.add(RLS, item.key, statement, found)
            planned = True
        if not planned and item.findings:
            plan.add(
                RLS,
                item.key,
                None,
                item.findings,
                notes=[
                    "nothing to do: a new table has row level security off and "
                    "not forced, as in the source"
                ],
            )


# --------------------------------------------------------------------- policies

_COMMANDS = frozenset({"ALL", "SELECT", "INSERT", "UPDATE", "DELETE"})
_PERMISSIVE = frozenset({"PERMISSIVE", "RESTRICTIVE"})


def _create_policy(p: Policy) -> str | None:
    if p.command not in _COMMANDS or p.permissive not in _PERMISSIVE:
        return None
    roles: list[Sql] = [
        raw("PUBLIC") if r == "public" else ident(r) for r in p.roles
    ] or [raw("PUBLIC")]
    parts: list[Sql] = [
        sql.SQL("CREATE POLICY {} ON {}").format(
            ident(p.name), ident(p.schema, p.table)
        ),
        raw(f"AS {p.permissive} FOR {p.command}"),
        sql.SQL("TO {}").format(join(roles)),
    ]
    if p.using is not None:
        parts.append(sql.SQL("USING ({})").format(raw(p.using)))
    if p.with_check is not None:
        parts.append(sql.SQL("WITH CHECK ({})").format(raw(p.with_check)))
    return join(parts, "\n    ").as_string(None)


def plan_policies(plan: Plan) -> None:
    for item in plan.of("policy"):
        src, tgt = narrow(item.src, Policy), narrow(plan.target(item), Policy)
        raw_tgt = narrow(item.tgt, Policy)
        if src is None:
            if raw_tgt is None or not item.findings or plan.taken_by_parent(item):
                continue
            plan.add(DROP_POLICY, item.key, _drop_policy(raw_tgt), item.findings)
            continue
        if tgt is not None and not item.findings:
            continue
        if tgt is None and raw_tgt is None:
            if not item.findings:
                continue
            blocked = plan.missing_parent(src)
            if blocked:
                plan.not_reconciled(item, blocked)
                continue
        statement = _create_policy(src)
        if statement is None:
            plan.not_reconciled(item, "unknown policy command or kind")
            continue
        if tgt is not None:
            plan.add(DROP_POLICY, item.key, _drop_policy(tgt), item.findings)
        elif raw_tgt is not None and plan.reset_itself(raw_tgt):
            plan.add(DROP_POLICY, item.key, _drop_policy(raw_tgt), plan.cause(item))
        notes = plan.restore_note(item)
        plan.add(POLICY, item.key, statement, plan.cause(item), notes=notes)


def _drop_policy(p: Policy) -> str:
    return render("DROP POLICY {} ON {}", ident(p.name), ident(p.schema, p.table))

"""Constraints in the fix script: foreign keys are added NOT VALID in the main
transaction (no scan of the table while its lock is held), then validated after
it has committed, each in a transaction of its own that first counts the orphan
rows and stops with that number (``_validate``); others as they are. A
constraint that changes otherwise (``no_inherit`` too) is dropped and added again
from the source's definition."""

from __future__ import annotations

from psycopg import sql

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._kinds import KindFix, ObjKey
from pytest_dbparity.fixsql._phases import VALIDATION, create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Item, Plan
from pytest_dbparity.fixsql._skeleton import reconcile
from pytest_dbparity.fixsql._sql import compose, ident, join, lit, raw
from pytest_dbparity.kinds.constraint import SPEC, Constraint
from pytest_dbparity.kinds.table import Table

DROP, CREATE = drop_phase(SPEC), create_phase(SPEC)


def columns(obj: Constraint) -> list[ObjKey]:
    """The constrained columns: dropping one drops the constraint."""
    return [("column", qualify(obj.schema, obj.table, c)) for c in obj.columns]


FK = "foreign key"


def _orphans_where(c: Constraint) -> str | None:
    """``FROM child c WHERE ...``: the child's rows the foreign key would reject
    (every key column set, no parent row with that key; MATCH SIMPLE, the
    default)."""
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
    return compose(
        "FROM {} c WHERE {} AND NOT EXISTS (SELECT 1 FROM {} p WHERE {})",
        ident(c.schema, c.table),
        present,
        raw(c.ref_table),
        match,
    )


def _orphans_query(c: Constraint) -> str | None:
    """Rows of the child that the foreign key would reject."""
    where = _orphans_where(c)
    return None if where is None else f"SELECT count(*) {where};"


def _dollar_quote(body: str) -> str:
    """A dollar-quote tag that *body* does not contain."""
    tag, n = "$check$", 0
    while tag in body:
        n += 1
        tag = f"$check{n}$"
    return tag


def orphan_check(c: Constraint) -> str | None:
    """A ``DO`` block that counts the rows the foreign key would reject and, if
    there are any, stops with an error that gives their number (the transaction
    is rolled back, so the ``VALIDATE`` after it does not run); with none, it
    says so in a notice. None: no query can be written for it."""
    where = _orphans_where(c)
    if where is None:
        return None
    fk, table = lit(c.name), lit(qualify(c.schema, c.table))
    body = "\n".join(
        [
            "",
            "DECLARE",
            "  orphans bigint;",
            "BEGIN",
            f"  SELECT count(*) INTO orphans {where};",
            "  IF orphans > 0 THEN",
            compose(
                "    RAISE EXCEPTION 'foreign key % on %: % orphan row(s), whose "
                "key no row of % holds; not validated', {}, {}, orphans, {}",
                fk,
                table,
                lit(c.ref_table or ""),
            ),
            compose(
                "      USING HINT = {};",
                lit(f"list them with: SELECT c.* {where}"),
            ),
            "  END IF;",
            compose(
                "  RAISE NOTICE 'foreign key % on %: no orphan rows', {}, {};",
                fk,
                table,
            ),
            "END",
            "",
        ]
    )
    tag = _dollar_quote(body)
    return f"DO {tag}{body}{tag}"


def _validate(
    plan: Plan,
    item: Item,
    c: Constraint,
    findings: tuple[Finding, ...],
) -> None:
    """The check for orphan rows and ``VALIDATE CONSTRAINT``, after the main
    transaction (``VALIDATION``: ``_script`` gives each key a transaction)."""
    check = orphan_check(c)
    if check is not None:
        plan.add(VALIDATION, item.key, check, findings)
    statement = compose(
        "ALTER TABLE {} VALIDATE CONSTRAINT {}", ident(c.schema, c.table), ident(c.name)
    )
    # In the same transaction as its check, whose comments name the findings.
    plan.add(VALIDATION, item.key, statement, () if check else findings)


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
        query = _orphans_query(c)
        notes = [
            *notes,
            *([f"orphans: {query}"] if query else []),
            "(added valid at once: PostgreSQL cannot add a NOT VALID foreign key "
            "to a partitioned table)",
        ]
    if (
        c.constraint_type != FK
        or partitioned
        or definition.upper().endswith("NOT VALID")
    ):
        statement = compose(
            "ALTER TABLE {} ADD CONSTRAINT {} {}", table, name, raw(definition)
        )
        plan.add(CREATE, item.key, statement, findings, sub=sub, notes=notes)
        return
    statement = compose(
        "ALTER TABLE {} ADD CONSTRAINT {} {} NOT VALID", table, name, raw(definition)
    )
    plan.add(
        CREATE,
        item.key,
        statement,
        findings,
        sub=sub,
        notes=[*notes, "validated after the main transaction, at the end"],
    )
    _validate(plan, item, c, findings)


def _drop_constraint(
    plan: Plan, item: Item, c: Constraint, findings: tuple[Finding, ...]
) -> None:
    statement = compose(
        "ALTER TABLE {} DROP CONSTRAINT {}", ident(c.schema, c.table), ident(c.name)
    )
    sub = 0 if c.constraint_type == FK else 1
    plan.add(DROP, item.key, statement, findings, sub=sub)


def _drop(plan: Plan, item: Item, old: Constraint) -> None:
    _drop_constraint(plan, item, old, item.findings)


def _create(plan: Plan, item: Item, src: Constraint, old: Constraint | None) -> None:
    _add_constraint(plan, item, src, plan.cause(item), plan.restore_note(item))
    if src.comment is not None:
        _comment(plan, item, src, plan.cause(item))


def _comment(
    plan: Plan, item: Item, src: Constraint, findings: tuple[Finding, ...]
) -> None:
    name = sql.SQL("{} ON {}").format(ident(src.name), ident(src.schema, src.table))
    plan.set_comment("CONSTRAINT", name, src.comment, item.key, findings)


def _change(plan: Plan, item: Item, src: Constraint, tgt: Constraint) -> None:
    attrs = item.attributes - {"comment"}
    table, name = ident(src.schema, src.table), ident(src.name)
    if not attrs:
        pass
    elif attrs == {"validated"} and src.validated:
        if src.constraint_type == FK:
            _validate(plan, item, src, item.findings)
        else:  # a CHECK: VALIDATE scans the table and names the first bad row
            statement = compose("ALTER TABLE {} VALIDATE CONSTRAINT {}", table, name)
            plan.add(CREATE, item.key, statement, item.findings)
    elif (
        attrs <= {"deferrable", "initially_deferred"}
        and src.constraint_type == FK == tgt.constraint_type
    ):
        deferrable = "DEFERRABLE" if src.deferrable else "NOT DEFERRABLE"
        initially = "DEFERRED" if src.initially_deferred else "IMMEDIATE"
        statement = compose(
            f"ALTER TABLE {{}} ALTER CONSTRAINT {{}} {deferrable} "
            f"INITIALLY {initially}",
            table,
            name,
        )
        plan.add(CREATE, item.key, statement, item.findings, sub=1)
    else:
        _drop_constraint(plan, item, tgt, item.findings)
        _add_constraint(plan, item, src, item.findings)
        if src.comment is not None and "comment" not in item.attributes:
            _comment(plan, item, src, item.findings)  # dropped with it
    if found := item.about("comment"):
        _comment(plan, item, src, found)


def plan_constraints(plan: Plan) -> None:
    reconcile(plan, Constraint, drop=_drop, create=_create, change=_change)


def _drop_copy(c: Constraint) -> tuple[str, str | None]:
    statement = compose(
        "ALTER TABLE {} DROP CONSTRAINT {}", ident(c.schema, c.table), ident(c.name)
    )
    return statement, None


FIX = KindFix(
    plan=plan_constraints,
    columns=columns,
    drop_copy=_drop_copy,
    calls=("expression", "definition"),
)

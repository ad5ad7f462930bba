"""Planners for schemas, extensions, types, sequences, tables and columns."""

from __future__ import annotations

from collections.abc import Mapping

from psycopg import sql

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._phases import (
    ENUM_VALUE,
    NOT_RECONCILED,
    SEQUENCE_OWNER,
    create_phase,
    drop_phase,
)
from pytest_dbparity.fixsql._plan import Item, Plan, narrow
from pytest_dbparity.fixsql._sql import (
    Sql,
    ident,
    join,
    lit,
    num,
    raw,
    render,
)
from pytest_dbparity.kinds.column import Column
from pytest_dbparity.kinds.extension import Extension
from pytest_dbparity.kinds.registry import SPECS
from pytest_dbparity.kinds.schema import Schema
from pytest_dbparity.kinds.sequence import Sequence
from pytest_dbparity.kinds.table import Table
from pytest_dbparity.kinds.type import Type

COLUMN = create_phase(SPECS["column"])
DROP_COLUMN = drop_phase(SPECS["column"])
DROP_EXTENSION = drop_phase(SPECS["extension"])
DROP_SCHEMA = drop_phase(SPECS["schema"])
DROP_SEQUENCE = drop_phase(SPECS["sequence"])
DROP_TABLE = drop_phase(SPECS["table"])
DROP_TYPE = drop_phase(SPECS["type"])
EXTENSION = create_phase(SPECS["extension"])
SCHEMA = create_phase(SPECS["schema"])
SEQUENCE = create_phase(SPECS["sequence"])
TABLE = create_phase(SPECS["table"])
TYPE = create_phase(SPECS["type"])

# ---------------------------------------------------------------------- schemas


def plan_schemas(plan: Plan) -> None:
    for item in plan.of("schema"):
        src, tgt = narrow(item.src, Schema), narrow(item.tgt, Schema)
        if not item.findings:
            continue
        if src is not None and tgt is None:
            name = ident(src.name)
            plan.add(SCHEMA, item.key, render("CREATE SCHEMA {}", name), item.findings)
            plan.set_owner("SCHEMA", name, src.owner, item.key, item.findings)
            if src.comment is not None:
                plan.set_comment("SCHEMA", name, src.comment, item.key, item.findings)
        elif src is None and tgt is not None:
            plan.add(
                DROP_SCHEMA,
                item.key,
                render("DROP SCHEMA {}", ident(tgt.name)),
                (*item.findings, *plan.orphans(tgt)),
                destructive="drops the schema; fails unless the statements above "
                "emptied it",
            )
        elif src is not None and tgt is not None:
            name = ident(src.name)
            if found := item.about("owner"):
                plan.set_owner("SCHEMA", name, src.owner, item.key, found)
            if found := item.about("comment"):
                plan.set_comment("SCHEMA", name, src.comment, item.key, found)


# ------------------------------------------------------------------- extensions


def _create_extension(ext: Extension) -> str:
    return render(
        "CREATE EXTENSION {} VERSION {} SCHEMA {}",
        ident(ext.name),
        lit(ext.version),
        ident(ext.schema),
    )


def plan_extensions(plan: Plan) -> None:
    for item in plan.of("extension"):
        src, tgt = narrow(item.src, Extension), narrow(item.tgt, Extension)
        if not item.findings:
            continue
        if src is not None and tgt is None:
            blocked = plan.schema_not_created(src.schema)
            if blocked:
                plan.not_reconciled(item, blocked)
                continue
            plan.add(EXTENSION, item.key, _create_extension(src), item.findings)
        elif src is None and tgt is not None:
            plan.add(
                DROP_EXTENSION,
                item.key,
                render("DROP EXTENSION {}", ident(tgt.name)),
                item.findings,
                destructive="drops the extension and every object it created; "
                "fails while other objects use them",
            )
        elif src is not None and tgt is not None:
            name = ident(src.name)
            if plan.extension_downgrade(item):
                found = item.about("version", "schema")
                why = (
                    f"no update path leads down from {tgt.version} to "
                    f"{src.version}: the extension is dropped and created again "
                    "(fails while other objects use it)"
                )
                notes = [f"WARNING: {why}"]
                plan.add(
                    DROP_EXTENSION,
                    item.key,
                    render("DROP EXTENSION {}", name),
                    found,
                    notes=notes,
                    destructive="drops the extension and every object it created",
                )
                plan.add(
                    EXTENSION,
                    item.key,
                    _create_extension(src),
                    found,
                    destructive="re-creates the extension dropped above",
                )
                continue
            if found := item.about("version"):
                statement = render(
                    "ALTER EXTENSION {} UPDATE TO {}", name, lit(src.version)
                )
                plan.add(EXTENSION, item.key, statement, found)
            if found := item.about("schema"):
                statement = render(
                    "ALTER EXTENSION {} SET SCHEMA {}", name, ident(src.schema)
                )
                warning = (
                    f"WARNING: every object of the extension moves to {src.schema}"
                    ", and with it what uses them: columns of its types, functions"
                    " taking them; fails for an extension that is not relocatable"
                )
                plan.add(EXTENSION, item.key, statement, found, notes=[warning])


# ------------------------------------------------------------------------ types

TYPE_ORDER: Mapping[str, int] = {"enum": 0, "range": 1, "domain": 2, "composite": 3}


def _domain_constraints(t: Type) -> dict[str, str]:
    """``{name: definition}`` from the ``"name: CHECK (...)"`` entries."""
    out: dict[str, str] = {}
    for entry in t.constraints:
        name, sep, definition = entry.partition(": ")
        if sep and definition.strip().upper() != "NOT NULL":
            out[name] = definition
    return out


def _type_keyword(t: Type) -> str:
    return "DOMAIN" if t.type_type == "domain" else "TYPE"


def _create_type(t: Type) -> str | None:
    name = ident(t.schema, t.name)
    if t.type_type == "enum":
        labels = join(lit(label) for label in t.labels)
        return render("CREATE TYPE {} AS ENUM ({})", name, labels)
    if t.type_type == "range" and t.base_type is not None:
        return render("CREATE TYPE {} AS RANGE (SUBTYPE = {})", name, raw(t.base_type))
    if t.type_type == "composite":
        attributes = join(raw(a) for a in t.attributes)
        return render("CREATE TYPE {} AS ({})", name, attributes)
    if t.type_type == "domain" and t.base_type is not None:
        parts: list[Sql] = [raw(t.base_type)]
        if t.default is not None:
            parts.append(sql.SQL("DEFAULT {}").format(raw(t.default)))
        if t.not_null:
            parts.append(raw("NOT NULL"))
        for cname, definition in _domain_constraints(t).items():
            parts.append(
                sql.SQL("CONSTRAINT {} {}").format(ident(cname), raw(definition))
            )
        return render("CREATE DOMAIN {} AS {}", name, join(parts, " "))
    return None


def _enum_additions(
    source: tuple[str, ...], target: tuple[str, ...]
) -> list[tuple[str, str | None, str | None]] | None:
    """``(label, "BEFORE"/"AFTER", neighbour)`` to add, in order; None when the
    labels both sides share are in another order (no DDL reorders them)."""
    shared_src = [label for label in source if label in target]
    shared_tgt = [label for label in target if label in source]
    if shared_src != shared_tgt:
        return None
    out: list[tuple[str, str | None, str | None]] = []
    for i, label in enumerate(source):
        if label in target:
            continue
        if i > 0:
            out.append((label, "AFTER", source[i - 1]))
        elif shared_src:
            out.append((label, "BEFORE", shared_src[0]))
        else:
            out.append((label, None, None))
    return out


def plan_types(plan: Plan) -> None:
    for item in plan.of("type"):
        src, tgt = narrow(item.src, Type), narrow(plan.target(item), Type)
        raw_tgt = narrow(item.tgt, Type)
        if src is None:
            if raw_tgt is None or not item.findings:
                continue
            sub = -TYPE_ORDER.get(raw_tgt.type_type, 9)
            statement = render(
                f"DROP {_type_keyword(raw_tgt)} {{}}",
                ident(raw_tgt.schema, raw_tgt.name),
            )
            plan.add(
                DROP_TYPE,
                item.key,
                statement,
                item.findings,
                sub=sub,
                destructive="drops the type; fails while columns, functions or "
                "other types use it",
            )
            continue
        sub = TYPE_ORDER.get(src.type_type, 9)
        if tgt is None:
            if raw_tgt is None and not item.findings:
                continue
            blocked = plan.missing_parent(src)
            if raw_tgt is None and blocked:
                plan.not_reconciled(item, blocked)
                continue
            _recreate_or_create(plan, item, src, raw_tgt, sub)
            continue
        if not item.findings:
            continue
        if plan.type_needs_recreate(item):  # not allowed: written commented out
            _recreate_or_create(plan, item, src, tgt, sub)
            continue
        name = ident(src.schema, src.name)
        if found := item.about("labels"):
            _plan_enum(plan, item, src, tgt, found)
        if src.type_type == "domain":
            _plan_domain(plan, item, src, tgt, sub)
        if found := item.about("comment"):
            plan.set_comment(_type_keyword(src), name, src.comment, item.key, found)
        rest = [
            f
            for f in item.findings
            if f.attribute
            not in ("labels", "comment", "default", "not_null", "constraints")
        ]
        if rest:
            plan.add(
                NOT_RECONCILED,
                item.key,
                None,
                rest,
                notes=["why: no DDL changes this in place"],
            )


def _recreate_or_create(
    plan: Plan, item: Item, src: Type, old: Type | None, sub: int
) -> None:
    statement = _create_type(src)
    if statement is None:
        plan.not_reconciled(item, "dbparity does not read enough of this type")
        return
    destructive = None
    if old is not None:
        destructive = "drops the type and creates it again"
        warning = (
            "WARNING: the type is dropped and created again from the source: "
            "fails while columns, functions or other types use it"
        )
        plan.add(
            DROP_TYPE,
            item.key,
            render(f"DROP {_type_keyword(old)} {{}}", ident(old.schema, old.name)),
            item.findings,
            notes=[warning, *plan.recreate_note(item)],
            destructive=destructive,
            sub=-TYPE_ORDER.get(old.type_type, 9),
        )
    plan.add(TYPE, item.key, statement, item.findings, destructive=destructive, sub=sub)
    if src.comment is not None:
        name = ident(src.schema, src.name)
        plan.set_comment(_type_keyword(src), name, src.comment, item.key, item.findings)


def _plan_enum(
    plan: Plan, item: Item, src: Type, tgt: Type, found: tuple[Finding, ...]
) -> None:
    additions = _enum_additions(src.labels, tgt.labels)
    if additions is None:
        plan.add(
            NOT_RECONCILED,
            item.key,
            None,
            found,
            notes=[
                "why: enum labels are in another order; PostgreSQL "
                "cannot reorder or remove labels in place (create a new type, "
                "convert the columns with USING col::text::new_type, drop the old "
                "type and rename the new one)"
            ],
        )
        return
    name = ident(src.schema, src.name)
    for label, where, neighbour in additions:
        if where is None or neighbour is None:
            statement = render(
                "ALTER TYPE {} ADD VALUE IF NOT EXISTS {}", name, lit(label)
            )
        else:
            statement = render(
                f"ALTER TYPE {{}} ADD VALUE IF NOT EXISTS {{}} {where} {{}}",
                name,
                lit(label),
                lit(neighbour),
            )
        plan.new_labels.add(lit(label).as_string(None))
        plan.add(ENUM_VALUE, item.key, statement, found)
    extra = [label for label in tgt.labels if label not in src.labels]
    if extra:
        plan.add(
            NOT_RECONCILED,
            item.key,
            None,
            found,
            notes=["why: PostgreSQL cannot remove enum labels: " + ", ".join(extra)],
        )


def _plan_domain(plan: Plan, item: Item, src: Type, tgt: Type, sub: int) -> None:
    name = ident(src.schema, src.name)
    if found := item.about("default"):
        if src.default is None:
            statement = render("ALTER DOMAIN {} DROP DEFAULT", name)
        else:
            statement = render("ALTER DOMAIN {} SET DEFAULT {}", name, raw(src.default))
        plan.add(TYPE, item.key, statement, found, sub=sub)
    if found := item.about("not_null"):
        action = "SET" if src.not_null else "DROP"
        statement = render(f"ALTER DOMAIN {{}} {action} NOT NULL", name)
        notes = (
            ["fails while a column of the domain holds NULLs"] if src.not_null else []
        )
        plan.add(TYPE, item.key, statement, found, sub=sub, notes=notes)
    if found := item.about("constraints"):
        new, old = _domain_constraints(src), _domain_constraints(tgt)
        for cname in sorted(old):
            if new.get(cname) != old[cname]:
                statement = render(
                    "ALTER DOMAIN {} DROP CONSTRAINT {}", name, ident(cname)
                )
                plan.add(TYPE, item.key, statement, found, sub=sub)
        for cname in sorted(new):
            if old.get(cname) != new[cname]:
                statement = render(
                    "ALTER DOMAIN {} ADD CONSTRAINT {} {}",
                    name,
                    ident(cname),
                    raw(new[cname]),
                )
                plan.add(TYPE, item.key, statement, found, sub=sub)


# -------------------------------------------------------------------- sequences


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
                DROP_SEQUENCE,
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
            plan.add(SEQUENCE, item.key, statement, found, notes=notes)
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
                SEQUENCE,
                item.key,
                render("ALTER SEQUENCE {} {}", name, options),
                found,
            )
        if found := item.about("owned_by"):
            owner = raw("NONE") if src.owned_by is None else raw(src.owned_by)
            statement = render("ALTER SEQUENCE {} OWNED BY {}", name, owner)
            plan.add(SEQUENCE_OWNER, item.key, statement, found)


# ----------------------------------------------------------------------- tables

_IDENTITY = {"always": "ALWAYS", "by default": "BY DEFAULT"}


def column_definition(col: Column) -> sql.Composed:
    """``name type [COLLATE c] [GENERATED ...|DEFAULT ...] [NOT NULL]``."""
    parts: list[Sql] = [ident(col.name), raw(col.type)]
    if col.collation is not None:
        parts.append(sql.SQL("COLLATE {}").format(raw(col.collation)))
    if col.identity_kind in _IDENTITY:
        parts.append(raw(f"GENERATED {_IDENTITY[col.identity_kind]} AS IDENTITY"))
    elif col.generated is not None:
        parts.append(
            sql.SQL("GENERATED ALWAYS AS ({}) STORED").format(raw(col.generated))
        )
    elif col.default is not None:
        parts.append(sql.SQL("DEFAULT {}").format(raw(col.default)))
    if col.not_null:
        parts.append(raw("NOT NULL"))
    return join(parts, " ")


def _depth(plan: Plan, table: Table, side: str) -> int:
    """How deep *table* sits in a partition tree (0: not a partition)."""
    index = plan.src_index if side == "src" else plan.tgt_index
    depth, seen = 0, {table.key}
    parent = table.partition_of
    while parent is not None and parent not in seen and depth < 32:
        seen.add(parent)
        depth += 1
        item = index.get(("table", parent))
        obj = None if item is None else (item.src if side == "src" else item.tgt)
        parent = obj.partition_of if isinstance(obj, Table) else None
    return depth


def plan_tables(plan: Plan) -> None:
    for item in plan.of("table"):
        src, tgt = narrow(item.src, Table), narrow(plan.target(item), Table)
        raw_tgt = narrow(item.tgt, Table)
        if src is None:
            if raw_tgt is None or not item.findings:
                continue
            _drop_table(plan, item, raw_tgt, item.findings)
            continue
        if tgt is None:
            if raw_tgt is None and not item.findings:
                continue
            if raw_tgt is None:
                pending = plan.pending.get(("table", src.key))
                if pending is not None:
                    _create_table(plan, item, src, pending, with_children=False)
                    continue
                blocked = plan.missing_parent(src)
                if blocked:
                    plan.not_reconciled(item, blocked)
                    continue
                _create_table(plan, item, src, None)
            else:  # re-created: its type or partition key changes
                _drop_table(plan, item, raw_tgt, item.findings, recreate=True)
                _create_table(plan, item, src, "re-creates the table dropped above")
            continue
        if not item.findings:
            continue
        if plan.table_needs_recreate(item):  # not allowed: written commented out
            _drop_table(plan, item, tgt, item.findings, recreate=True)
            _create_table(
                plan,
                item,
                src,
                "re-creates the table dropped above",
                with_children=False,
            )
            continue
        _alter_table(plan, item, src, tgt)


def _drop_table(
    plan: Plan,
    item: Item,
    tgt: Table,
    findings: tuple[Finding, ...],
    *,
    recreate: bool = False,
) -> None:
    notes = []
    if recreate:
        notes = [
            "WARNING: PostgreSQL cannot change a table's type or partition key in "
            "place: the table is dropped and created again, empty",
            *plan.recreate_note(item),
        ]
        if not plan.allow:
            notes.append(
                "its columns, constraints, indexes, triggers, policies and grants "
                "are re-created too when destructive statements are allowed"
            )
    keyword = "FOREIGN TABLE" if tgt.table_type == "foreign" else "TABLE"
    plan.add(
        DROP_TABLE,
        item.key,
        render(f"DROP {keyword} {{}}", ident(tgt.schema, tgt.name)),
        (*findings, *plan.orphans(tgt)),
        notes=notes,
        destructive="drops the table and its data; fails while other tables' "
        "foreign keys or views use it",
        sub=-_depth(plan, tgt, "tgt"),
    )


def _create_table(
    plan: Plan,
    item: Item,
    src: Table,
    destructive: str | None,
    *,
    with_children: bool = True,
) -> None:
    name = ident(src.schema, src.name)
    sub = _depth(plan, src, "src")
    if src.table_type == "foreign":
        plan.not_reconciled(
            item,
            "a foreign table needs its server and options, which dbparity does "
            "not read",
        )
        return
    unlogged = "UNLOGGED " if src.persistence == "unlogged" else ""
    findings = list(item.findings)
    columns: list[Column] = []
    if src.partition_of is not None and src.partition_bound is not None:
        statement = render(
            f"CREATE {unlogged}TABLE {{}} PARTITION OF {{}} {{}}",
            name,
            raw(src.partition_of),
            raw(src.partition_bound),
        )
    else:
        for col_item, col in plan.source_columns(src.schema, src.name):
            fresh = col_item.tgt is None
            if fresh and col_item.skipped and not col_item.findings:
                continue  # its absence is accepted
            columns.append(col)
            if with_children:
                findings += col_item.findings
        body = sql.SQL(",\n").join(
            sql.SQL("    {}").format(column_definition(c)) for c in columns
        )
        statement = render(f"CREATE {unlogged}TABLE {{}} (\n{{}}\n)", name, body)
        if not columns:
            statement = render(f"CREATE {unlogged}TABLE {{}} ()", name)
    if src.partition_key is not None:
        statement += render(" PARTITION BY {}", raw(src.partition_key))
    plan.add(
        TABLE,
        item.key,
        statement,
        findings,
        destructive=destructive,
        sub=sub,
        notes=["columns in name order: dbparity does not read their positions"]
        if src.partition_of is None
        else [],
    )
    if not with_children:
        return
    plan.set_owner("TABLE", name, src.owner, item.key, item.findings)
    if src.comment is not None:
        plan.set_comment("TABLE", name, src.comment, item.key, item.findings)
    for col in columns:
        if col.comment is not None:
            plan.set_comment(
                "COLUMN", _column_name(col), col.comment, col.key, item.findings
            )


def _alter_table(plan: Plan, item: Item, src: Table, tgt: Table) -> None:
    name = ident(src.schema, src.name)
    if found := item.about("table_type", "partition_key"):
        plan.add(
            NOT_RECONCILED,
            item.key,
            None,
            found,
            notes=[
                "why: a foreign table cannot be turned into another kind of table "
                "in place, and dbparity does not read its server and options"
            ],
        )
    if found := item.about("persistence"):
        logged = "UNLOGGED" if src.persistence == "unlogged" else "LOGGED"
        plan.add(
            TABLE,
            item.key,
            render(f"ALTER TABLE {{}} SET {logged}", name),
            found,
            sub=_depth(plan, src, "src"),
        )
    if found := item.about("partition_of", "partition_bound"):
        if tgt.partition_of is not None:
            statement = render(
                "ALTER TABLE {} DETACH PARTITION {}", raw(tgt.partition_of), name
            )
            plan.add(DROP_TABLE, item.key, statement, found, sub=-100)
        if src.partition_of is not None and src.partition_bound is not None:
            statement = render(
                "ALTER TABLE {} ATTACH PARTITION {} {}",
                raw(src.partition_of),
                name,
                raw(src.partition_bound),
            )
            parent = plan.src_index.get(("table", src.partition_of))
            pending = ("table", src.partition_of) in plan.pending or (
                parent is not None
                and parent.tgt is not None
                and plan.table_needs_recreate(parent)
                and not plan.allow
            )
            plan.add(
                TABLE,
                item.key,
                statement,
                found,
                sub=_depth(plan, src, "src"),
                notes=["fails if rows fall outside the partition bound"],
                destructive=f"its parent {src.partition_of} becomes partitioned "
                "only through a destructive statement above"
                if pending
                else None,
            )
    if found := item.about("owner"):
        plan.set_owner("TABLE", name, src.owner, item.key, found)
    if found := item.about("comment"):
        plan.set_comment("TABLE", name, src.comment, item.key, found)


# ---------------------------------------------------------------------- columns


def plan_columns(plan: Plan) -> None:
    for item in plan.of("column"):
        src, tgt = narrow(item.src, Column), narrow(plan.target(item), Column)
        raw_tgt = narrow(item.tgt, Column)
        if src is None:
            if raw_tgt is None or not item.findings or plan.taken_by_parent(item):
                continue
            plan.add(
                DROP_COLUMN,
                item.key,
                _drop_column(raw_tgt),
                (*item.findings, *plan.orphans(raw_tgt)),
                destructive="drops the column and its data",
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
                _add_column(plan, item, src, item.findings, None)
                if src.comment is not None:
                    plan.set_comment(
                        "COLUMN",
                        _column_name(src),
                        src.comment,
                        item.key,
                        item.findings,
                    )
            continue
        if not item.findings:
            continue
        if plan.column_recreate(item):  # not allowed: written commented out
            _recreate_column(plan, item, src, tgt)
            continue
        _alter_column(plan, item, src, tgt)


def _column_name(col: Column) -> sql.Identifier:
    return ident(col.schema, col.table, col.name)


def _drop_column(col: Column) -> str:
    return render(
        "ALTER TABLE {} DROP COLUMN {}", ident(col.schema, col.table), ident(col.name)
    )


def _add_column(
    plan: Plan,
    item: Item,
    col: Column,
    findings: tuple[Finding, ...],
    destructive: str | None,
) -> None:
    statement = render(
        "ALTER TABLE {} ADD COLUMN {}",
        ident(col.schema, col.table),
        column_definition(col),
    )
    notes = []
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
        COLUMN,
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
        DROP_COLUMN,
        item.key,
        _drop_column(tgt),
        (*found, *plan.orphans(tgt)),
        notes=[*notes, *plan.recreate_note(item)],
        destructive=why,
    )
    _add_column(plan, item, src, found, why)
    if src.comment is not None:
        plan.set_comment("COLUMN", _column_name(src), src.comment, item.key, found)


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
        statement = render(
            f"ALTER TABLE {{}} ALTER COLUMN {{}} {action}", table, col, *args
        )
        plan.add(
            COLUMN,
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
        alter("DROP IDENTITY", findings=found)
    retype = ("type" in attrs and src.type != tgt.type) or "collation" in attrs
    moved = "type" in attrs and plan.moved_type(src, tgt)
    default_gone = False
    if moved and "collation" not in attrs:
        plan.add(
            COLUMN,
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
                + render("SELECT count(*) FROM {} WHERE {} IS NULL", table, col)
            ],
        )
    if (found := item.about("identity_kind")) and src.identity_kind in _IDENTITY:
        kind = _IDENTITY[src.identity_kind]
        if tgt.identity_kind is not None:
            alter(f"SET GENERATED {kind}", findings=found)
        else:
            restart = render(
                "SELECT setval(pg_get_serial_sequence({}, {}), "
                "coalesce(max({}), 0) + 1, false) FROM {}",
                lit(qualify(src.schema, src.table)),
                lit(src.name),
                col,
                table,
            )
            alter(
                f"ADD GENERATED {kind} AS IDENTITY",
                findings=found,
                notes=[
                    "the new identity starts at 1; to continue after the rows "
                    f"already there: {restart}"
                ],
            )
    if (found := item.about("not_null")) and not src.not_null:
        alter("DROP NOT NULL", findings=found)
    if found := item.about("comment"):
        plan.set_comment("COLUMN", _column_name(src), src.comment, key, found)

"""Tables in the fix script: CREATE TABLE (with its columns), DROP, ALTER (logged,
partitions, replica identity, storage parameters, owner, comment), and re-creation
when the type or partition key changes."""

from __future__ import annotations

from psycopg import sql

from pytest_dbparity.core.secrets import is_hidden
from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._kinds import KindFix, ObjKey, fix_of
from pytest_dbparity.fixsql._phases import NOT_RECONCILED, create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Item, Plan, narrow
from pytest_dbparity.fixsql._skeleton import reconcile
from pytest_dbparity.fixsql._sql import Sql, compose, ident, join, raw
from pytest_dbparity.kinds.column import Column
from pytest_dbparity.kinds.column.fix import (
    column_definition,
    column_name,
    set_column_settings,
    source_columns,
)
from pytest_dbparity.kinds.foreign_data_wrapper.fix import (
    by_hand_note,
    option_findings,
    options_change,
    options_clause,
)
from pytest_dbparity.kinds.index import SPEC as INDEX_SPEC
from pytest_dbparity.kinds.table import SPEC, Table
from pytest_dbparity.kinds.view.fix import reloption

DROP, CREATE = drop_phase(SPEC), create_phase(SPEC)
#: REPLICA IDENTITY USING INDEX runs once the target's indexes and keys exist.
INDEXES = create_phase(INDEX_SPEC)
_USING_INDEX = "using index "


def relation(obj: Table) -> tuple[str, str]:
    return (obj.schema, obj.name)


def needs_recreate(item: Item) -> bool:
    """A table whose type or partition key changes (foreign tables aside:
    dbparity does not read what re-creating one needs)."""
    src, tgt = narrow(item.src, Table), narrow(item.tgt, Table)
    if src is None or tgt is None or "foreign" in (src.table_type, tgt.table_type):
        return False
    return bool(item.attributes & {"table_type", "partition_key"})


def decide(plan: Plan) -> None:
    """Tables to drop and create anew (when destructive statements run), with
    their partitions; partitions whose parent becomes partitioned only that way."""
    for item in plan.of("table"):
        src, tgt = narrow(item.src, Table), narrow(item.tgt, Table)
        if src and tgt and needs_recreate(item) and plan.allow:
            plan.reset.add(("table", tgt.key))
    _reset_partitions(plan)
    _pending_partitions(plan)


def _reset_partitions(plan: Plan) -> None:
    """Partitions of a re-created table go with it: re-create them too."""
    while True:
        more = set()
        for item in plan.of("table"):
            tgt = narrow(item.tgt, Table)
            if tgt is None or tgt.partition_of is None:
                continue
            key = ("table", tgt.key)
            if key in plan.reset or key in plan.dropped:
                continue
            if ("table", tgt.partition_of) in plan.reset and item.src is not None:
                more.add(key)
        if not more:
            return
        plan.reset |= more


def _pending_partitions(plan: Plan) -> None:
    """Partitions to create under a table that becomes partitioned only by a
    destructive re-creation, which is written commented out."""
    while True:
        more: dict[ObjKey, str] = {}
        for item in plan.of("table"):
            src = narrow(item.src, Table)
            if src is None or item.tgt is not None or src.partition_of is None:
                continue
            key = ("table", src.key)
            if key in plan.pending:
                continue
            parent = plan.src_index.get(("table", src.partition_of))
            if parent is None:
                continue
            if (
                parent.tgt is not None and needs_recreate(parent) and not plan.allow
            ) or ("table", src.partition_of) in plan.pending:
                more[key] = (
                    f"its parent {src.partition_of} becomes partitioned only "
                    "through a destructive statement above"
                )
        if not more:
            return
        plan.pending.update(more)
        plan.created -= set(more)


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


def _drop(plan: Plan, item: Item, old: Table) -> None:
    _drop_table(plan, item, old, item.findings)


def _create(plan: Plan, item: Item, src: Table, old: Table | None) -> None:
    if old is not None:  # re-created: its type or partition key changes
        _drop_table(plan, item, old, item.findings, recreate=True)
        _create_table(plan, item, src, "re-creates the table dropped above")
        return
    pending = plan.pending.get(("table", src.key))
    _create_table(plan, item, src, pending, with_children=pending is None)


def _change(plan: Plan, item: Item, src: Table, tgt: Table) -> None:
    if not needs_recreate(item):
        _alter_table(plan, item, src, tgt)
        return
    # Not allowed (else the table is gone): written commented out.
    _drop_table(plan, item, tgt, item.findings, recreate=True)
    why = "re-creates the table dropped above"
    _create_table(plan, item, src, why, with_children=False)


def plan_tables(plan: Plan) -> None:
    reconcile(plan, Table, drop=_drop, create=_create, change=_change)


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
    keyword = _keyword(tgt)
    plan.add(
        DROP,
        item.key,
        compose(f"DROP {keyword} {{}}", ident(tgt.schema, tgt.name)),
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
    foreign = src.table_type == "foreign"
    if foreign and src.server is None:  # read by a version without servers
        plan.not_reconciled(
            item,
            "a foreign table needs its server and options, which this catalog "
            "does not hold",
        )
        return
    unlogged = "UNLOGGED " if src.persistence == "unlogged" else ""
    if foreign:
        unlogged = "FOREIGN "
    findings = list(item.findings)
    columns: list[Column] = []
    if src.partition_of is not None and src.partition_bound is not None:
        statement = compose(
            f"CREATE {unlogged}TABLE {{}} PARTITION OF {{}} {{}}",
            name,
            raw(src.partition_of),
            raw(src.partition_bound),
        )
        # Its columns, keys, indexes and triggers come from the parent.
        findings += [
            f for c in plan.copies_on(src.schema, src.name, "src") for f in c.findings
        ]
    else:
        for col_item, col in source_columns(plan, src.schema, src.name):
            fresh = col_item.tgt is None
            if fresh and col_item.skipped and not col_item.findings:
                continue  # its absence is accepted
            columns.append(col)
            if with_children:
                findings += col_item.findings
        body = sql.SQL(",\n").join(
            sql.SQL("    {}").format(column_definition(c)) for c in columns
        )
        statement = compose(f"CREATE {unlogged}TABLE {{}} (\n{{}}\n)", name, body)
        if not columns:
            statement = compose(f"CREATE {unlogged}TABLE {{}} ()", name)
    if src.partition_key is not None:
        statement += compose(" PARTITION BY {}", raw(src.partition_key))
    hidden: list[str] = []
    if foreign and src.server is not None:
        statement += compose(" SERVER {}", raw(src.server))
        options, hidden = options_clause(src.options)
        if options is not None:
            statement += compose(" {}", options)
    plan.add(
        CREATE,
        item.key,
        statement,
        findings,
        destructive=destructive,
        sub=sub,
        notes=["columns in name order: dbparity does not read their positions"]
        if src.partition_of is None
        else [],
    )
    keyword = _keyword(src)
    if hidden:
        head = compose(f"ALTER {keyword} {{}}", name)
        by_hand_note(plan, item, head, hidden, {}, item.findings)
    if not with_children:
        return
    if src.storage_parameters:
        want = dict(src.storage_parameters)
        _storage_parameters(plan, item, src, want, {}, item.findings)
    if src.replica_identity != "default" and not foreign:  # none of its own
        _replica_identity(plan, item, src, item.findings)
    plan.set_owner(keyword, name, src.owner, item.key, item.findings)
    if src.comment is not None:
        plan.set_comment(keyword, name, src.comment, item.key, item.findings)
    for col in columns:
        col_hidden = [n for n, v in col.options if is_hidden(v)]
        if col_hidden:
            head = compose(
                "ALTER FOREIGN TABLE {} ALTER COLUMN {}", name, ident(col.name)
            )
            by_hand_note(plan, item, head, col_hidden, {}, item.findings)
        set_column_settings(plan, col.key, col, item.findings)
        if col.comment is not None:
            plan.set_comment(
                "COLUMN", column_name(col), col.comment, col.key, item.findings
            )


def _after_detach(plan: Plan, tgt: Table) -> list[Finding]:
    """What a detached partition keeps of its parent's objects that the source's
    table lacks is dropped after the detach (``KindFix.drop_copy``); what DETACH
    PARTITION removes itself (cloned triggers) is the detach's: their findings
    are returned, for its statement."""
    gone: list[Finding] = []
    for copy in plan.copies_on(tgt.schema, tgt.name, "tgt"):
        drop = fix_of(copy.kind).drop_copy
        if drop is None:
            gone += copy.findings
        elif copy.findings and copy.tgt is not None:
            statement, destructive = drop(copy.tgt)
            plan.add(
                CREATE,
                copy.key,
                statement,
                copy.findings,
                destructive=destructive,
                sub=-100,
                notes=[f"kept by DETACH PARTITION: the parent's {copy.kind}"],
            )
    return gone


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
            CREATE,
            item.key,
            compose(f"ALTER TABLE {{}} SET {logged}", name),
            found,
            sub=_depth(plan, src, "src"),
        )
    if found := item.about("partition_of", "partition_bound"):
        if tgt.partition_of is not None:
            statement = compose(
                "ALTER TABLE {} DETACH PARTITION {}", raw(tgt.partition_of), name
            )
            gone = _after_detach(plan, tgt)
            plan.add(DROP, item.key, statement, (*found, *gone), sub=-100)
        if src.partition_of is not None and src.partition_bound is not None:
            statement = compose(
                "ALTER TABLE {} ATTACH PARTITION {} {}",
                raw(src.partition_of),
                name,
                raw(src.partition_bound),
            )
            parent = plan.src_index.get(("table", src.partition_of))
            pending = ("table", src.partition_of) in plan.pending or (
                parent is not None
                and parent.tgt is not None
                and needs_recreate(parent)
                and not plan.allow
            )
            copies = plan.copies_on(src.schema, src.name, "src")
            plan.add(
                CREATE,
                item.key,
                statement,
                (*found, *(f for c in copies for f in c.findings)),
                sub=_depth(plan, src, "src"),
                notes=[
                    "fails if rows fall outside the partition bound",
                    *(
                        ["the parent's keys, indexes and triggers are added to it"]
                        if copies
                        else []
                    ),
                ],
                destructive=f"its parent {src.partition_of} becomes partitioned "
                "only through a destructive statement above"
                if pending
                else None,
            )
    if found := item.about("storage_parameters["):
        want, have = dict(src.storage_parameters), dict(tgt.storage_parameters)
        _storage_parameters(plan, item, src, want, have, found)
    if found := item.about("replica_identity"):
        _replica_identity(plan, item, src, found)
    if found := item.about("server"):
        plan.not_reconciled(
            item,
            "no statement moves a foreign table to another server (reconcile by "
            "hand: drop the foreign table and create it on the server)",
        )
    if found := item.about("options["):
        _foreign_options(plan, item, src, tgt, found)
    if found := item.about("owner"):
        plan.set_owner(_keyword(src), name, src.owner, item.key, found)
    if found := item.about("comment"):
        plan.set_comment(_keyword(src), name, src.comment, item.key, found)


def _keyword(obj: Table) -> str:
    """``FOREIGN TABLE`` for a foreign table (``COMMENT ON TABLE`` refuses
    one), else ``TABLE``."""
    return "FOREIGN TABLE" if obj.table_type == "foreign" else "TABLE"


def _foreign_options(
    plan: Plan, item: Item, src: Table, tgt: Table, found: tuple[Finding, ...]
) -> None:
    """``ALTER FOREIGN TABLE ... OPTIONS (ADD|SET|DROP ...)``; hidden values
    are named to set by hand."""
    names = [f.attribute[len("options[") : -1] for f in found if f.attribute]
    want, have = dict(src.options), dict(tgt.options)
    change, hidden = options_change(want, have, names)
    head = compose("ALTER FOREIGN TABLE {}", ident(src.schema, src.name))
    if change is not None:
        shown = [n for n in names if n not in hidden]
        statement = compose("{} {}", raw(head), change)
        plan.add(CREATE, item.key, statement, option_findings(item, shown))
    by_hand_note(plan, item, head, hidden, have, option_findings(item, hidden))


def _replica_identity(
    plan: Plan, item: Item, src: Table, findings: tuple[Finding, ...]
) -> None:
    """``ALTER TABLE ... REPLICA IDENTITY``: after the indexes when it names one."""
    name, value = ident(src.schema, src.name), src.replica_identity
    if value.startswith(_USING_INDEX):
        index = raw(value[len(_USING_INDEX) :])  # quoted by the catalog query
        statement = compose(
            "ALTER TABLE {} REPLICA IDENTITY USING INDEX {}", name, index
        )
        plan.add(
            INDEXES,
            item.key,
            statement,
            findings,
            sub=1000,
            notes=["the index must be unique, not partial, on NOT NULL columns"],
        )
    elif value in ("default", "full", "nothing"):
        statement = compose(f"ALTER TABLE {{}} REPLICA IDENTITY {value.upper()}", name)
        plan.add(CREATE, item.key, statement, findings, sub=_depth(plan, src, "src"))
    else:
        plan.not_reconciled(
            item, f"replica identity {value!r} is not one dbparity knows"
        )


def _storage_parameters(
    plan: Plan,
    item: Item,
    src: Table,
    want: dict[str, str],
    have: dict[str, str],
    findings: tuple[Finding, ...],
) -> None:
    """``ALTER TABLE ... SET (...)`` for the source's parameters the target lacks
    or holds otherwise, ``RESET (...)`` for the target's others."""
    name, sub = ident(src.schema, src.name), _depth(plan, src, "src")

    def about(names: list[str]) -> tuple[Finding, ...]:
        wanted = {f"storage_parameters[{n}]" for n in names}
        return tuple(f for f in findings if f.attribute in wanted) or findings

    changed = sorted(n for n, v in want.items() if have.get(n) != v)
    settings = [reloption(f"{n}={want[n]}") for n in changed]
    gone = sorted(n for n in have if n not in want)
    resets: list[Sql | None] = [
        raw(n) if reloption(f"{n}=0") is not None else None for n in gone
    ]
    if None in settings or None in resets:
        plan.not_reconciled(item, "a storage parameter dbparity cannot write")
        return
    if changed:
        statement = compose(
            "ALTER TABLE {} SET ({})", name, join(s for s in settings if s is not None)
        )
        plan.add(CREATE, item.key, statement, about(changed), sub=sub)
    if gone:
        statement = compose(
            "ALTER TABLE {} RESET ({})", name, join(r for r in resets if r is not None)
        )
        plan.add(CREATE, item.key, statement, about(gone), sub=sub)


FIX = KindFix(plan=plan_tables, decide=decide, is_relation=True, relation=relation)

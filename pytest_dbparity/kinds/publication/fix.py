"""Publications in the fix script: CREATE PUBLICATION, ALTER PUBLICATION (member
tables and schemas, options, owner), DROP PUBLICATION.

A member that changes (its column list or row filter) is dropped and added
again: ``ALTER PUBLICATION ... SET TABLE`` would replace every member, those
whose differences are accepted too. Members are dropped in the first drop
section, before the tables whose drop or re-creation they would stand in the way
of, and added in the publications' section, once every table exists.
"""

from __future__ import annotations

from psycopg import sql

from pytest_dbparity.core.identifiers import split_name
from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._kinds import KindFix
from pytest_dbparity.fixsql._phases import NOT_RECONCILED, create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Item, Plan, narrow
from pytest_dbparity.fixsql._skeleton import reconcile
from pytest_dbparity.fixsql._sql import (
    Sql,
    compose,
    ident,
    join,
    lit,
    raw,
    referenced_names,
)
from pytest_dbparity.kinds.column import Column
from pytest_dbparity.kinds.publication import (
    ALL_COLUMNS,
    NO_OPERATIONS,
    SPEC,
    Publication,
)

DROP, CREATE = drop_phase(SPEC), create_phase(SPEC)

_COLUMNS = "columns ("
_WHERE = " WHERE ("


def split_member(value: str) -> tuple[str | None, str | None]:
    """A ``tables[...]`` value as ``(column list, row filter)``, each as SQL text
    (``(a, "B")``, ``(id > 0)``) or None: ``all columns WHERE (id > 0)`` ->
    ``(None, "(id > 0)")``. Raises ValueError on anything else."""
    if value.startswith(ALL_COLUMNS):
        columns, rest = None, value[len(ALL_COLUMNS) :]
    elif value.startswith(_COLUMNS):
        start = len(_COLUMNS) - 1
        end = _closing(value, start)
        columns, rest = value[start : end + 1], value[end + 1 :]
    else:
        raise ValueError(f"not a publication member: {value!r}")
    if not rest:
        return columns, None
    if rest.startswith(_WHERE) and rest.endswith(")"):
        return columns, rest[len(_WHERE) - 1 :]
    raise ValueError(f"not a publication member: {value!r}")


def _closing(text: str, start: int) -> int:
    """Index of the parenthesis closing the one at *start* (quoted names skipped:
    a column list holds identifiers only)."""
    quoted = False
    for i in range(start + 1, len(text)):
        if text[i] == '"':
            quoted = not quoted  # a doubled quote toggles twice
        elif text[i] == ")" and not quoted:
            return i
    raise ValueError(f"unbalanced column list: {text!r}")


def _table(member: str, value: str) -> Sql:
    """``TABLE ONLY s.t (a, b) WHERE (...)``: ONLY, as the catalog lists each
    inheritance child that is a member on its own."""
    columns, where = split_member(value)
    parts: list[Sql] = [sql.SQL("TABLE ONLY {}").format(ident(*split_name(member)))]
    if columns is not None:
        parts.append(raw(columns))
    if where is not None:
        parts.append(sql.SQL("WHERE {}").format(raw(where)))
    return join(parts, " ")


def _schema(member: str) -> Sql:
    return sql.SQL("TABLES IN SCHEMA {}").format(ident(*split_name(member)))


def _options(p: Publication, names: set[str]) -> Sql:
    """``(publish = '...', publish_via_partition_root = ...)`` of *names*."""
    out: list[Sql] = []
    if "operations" in names:
        publish = "" if p.operations == NO_OPERATIONS else p.operations
        out.append(sql.SQL("publish = {}").format(lit(publish)))
    if "publish_via_partition_root" in names:
        value = "true" if p.publish_via_partition_root else "false"
        out.append(raw(f"publish_via_partition_root = {value}"))
    return sql.SQL("({})").format(join(out))


def _create_publication(p: Publication) -> str:
    parts: list[Sql] = [sql.SQL("CREATE PUBLICATION {}").format(ident(p.name))]
    if p.all_tables:
        parts.append(raw("FOR ALL TABLES"))
    else:
        members = [_table(m, v) for m, v in p.tables]
        members += [_schema(m) for m, _ in p.schemas]
        if members:
            parts.append(sql.SQL("FOR {}").format(join(members, ",\n        ")))
    options = _options(p, {"operations", "publish_via_partition_root"})
    parts.append(sql.SQL("WITH {}").format(options))
    return join(parts, "\n    ").as_string(None)


def _blocked_table(plan: Plan, member: str) -> str | None:
    """Why the table *member* cannot be added in the target: it is missing there
    and the script does not create it (None: it can)."""
    key = ("table", member)
    if key in plan.pending:
        return f"table {member} is created only by a destructive statement"
    table = plan.src_index.get(key)
    if table is not None and table.tgt is None and key not in plan.created:
        return f"table {member} is not created"
    return _blocked_schema(plan, member)


def _blocked_schema(plan: Plan, name: str) -> str | None:
    """Why the schema of *name* (a schema, or ``schema.table``) is missing."""
    return plan.schema_not_created(split_name(name)[0])


def _blocked(plan: Plan, p: Publication) -> str | None:
    for member, _ in p.tables:
        if why := _blocked_table(plan, member):
            return why
    for member, _ in p.schemas:
        if why := _blocked_schema(plan, member):
            return why
    return None


def _drop(plan: Plan, item: Item, old: Publication) -> None:
    plan.add(
        DROP,
        item.key,
        compose("DROP PUBLICATION {}", ident(old.name)),
        item.findings,
        destructive="drops the publication: subscriptions to it fail until changed",
    )


def _create(plan: Plan, item: Item, src: Publication, old: Publication | None) -> None:
    if why := _blocked(plan, src):
        plan.not_reconciled(item, why)
        return
    _create_with_owner(plan, item, src, plan.cause(item))


def _create_with_owner(
    plan: Plan,
    item: Item,
    src: Publication,
    found: tuple[Finding, ...],
    *,
    destructive: str | None = None,
) -> None:
    """CREATE PUBLICATION, its owner (in this section: the owners' section runs
    before it) and its comment."""
    plan.add(CREATE, item.key, _create_publication(src), found, destructive=destructive)
    name = ident(src.name)
    statement = compose("ALTER PUBLICATION {} OWNER TO {}", name, ident(src.owner))
    plan.add(CREATE, item.key, statement, found, destructive=destructive, sub=1)
    if src.comment is not None and destructive is None:
        plan.set_comment("PUBLICATION", name, src.comment, item.key, found)


def _change(plan: Plan, item: Item, src: Publication, tgt: Publication) -> None:
    name = ident(src.name)
    if "all_tables" in item.attributes:
        # No ALTER turns FOR ALL TABLES on or off: drop it and create it anew.
        if why := _blocked(plan, src):
            plan.not_reconciled(item, why)
            return
        plan.add(
            DROP,
            item.key,
            compose("DROP PUBLICATION {}", ident(tgt.name)),
            item.findings,
            destructive="drops the publication to create it anew (no ALTER "
            "changes FOR ALL TABLES); refresh the subscriptions to it afterwards",
        )
        _create_with_owner(
            plan,
            item,
            src,
            item.findings,
            destructive="re-creates the publication dropped above",
        )
        # The new publication has no comment; one that differs is set either way.
        if src.comment is not None or item.about("comment"):
            found = item.about("comment") or item.findings
            plan.set_comment("PUBLICATION", name, src.comment, item.key, found)
        return
    options = {"operations", "publish_via_partition_root"} & item.attributes
    if options:
        statement = compose("ALTER PUBLICATION {} SET {}", name, _options(src, options))
        plan.add(CREATE, item.key, statement, item.about(*sorted(options)))
    _change_members(plan, item, src, tgt)
    if found := item.about("owner"):
        plan.set_owner("PUBLICATION", name, src.owner, item.key, found)
    if found := item.about("comment"):
        plan.set_comment("PUBLICATION", name, src.comment, item.key, found)


def _change_members(plan: Plan, item: Item, src: Publication, tgt: Publication) -> None:
    """DROP what the target publishes of a differing member, ADD what the source
    does."""
    name = ident(src.name)
    want_tables, have_tables = dict(src.tables), dict(tgt.tables)
    for f in item.about("tables["):
        member = (f.attribute or "")[len("tables[") : -1]
        if member in have_tables:
            statement = compose(
                "ALTER PUBLICATION {} DROP {}", name, _table(member, ALL_COLUMNS)
            )
            plan.add(DROP, item.key, statement, (f,))
        if member in want_tables:
            why = _blocked_table(plan, member)
            if why:
                _member_not_reconciled(plan, item, f, why)
                continue
            statement = compose(
                "ALTER PUBLICATION {} ADD {}",
                name,
                _table(member, want_tables[member]),
            )
            plan.add(CREATE, item.key, statement, (f,))
    want_schemas, have_schemas = dict(src.schemas), dict(tgt.schemas)
    for f in item.about("schemas["):
        member = (f.attribute or "")[len("schemas[") : -1]
        if member in have_schemas:
            statement = compose("ALTER PUBLICATION {} DROP {}", name, _schema(member))
            plan.add(DROP, item.key, statement, (f,))
        if member in want_schemas:
            why = _blocked_schema(plan, member)
            if why:
                _member_not_reconciled(plan, item, f, why)
                continue
            statement = compose("ALTER PUBLICATION {} ADD {}", name, _schema(member))
            plan.add(CREATE, item.key, statement, (f,))


def _member_not_reconciled(plan: Plan, item: Item, f: Finding, why: str) -> None:
    plan.add(
        NOT_RECONCILED,
        f"{item.kind} {item.key}",
        None,
        (f,),
        notes=[f"why: {why}"],
    )


def _changing_columns(plan: Plan) -> dict[tuple[str, str], dict[str, Item]]:
    """Target columns the script changes in place or drops and adds again, by
    ``(schema, table)`` and name: PostgreSQL refuses both while a publication's
    column list or row filter uses the column."""
    out: dict[tuple[str, str], dict[str, Item]] = {}
    for item in plan.of("column"):
        tgt = narrow(item.tgt, Column)
        if tgt is None or item.src is None:
            continue
        if item.key in plan.retype or ("column", tgt.key) in plan.reset_columns:
            out.setdefault((tgt.schema, tgt.table), {})[tgt.name] = item
    return out


def _restore_members(plan: Plan) -> None:
    """Members both sides publish alike that the script's other changes take
    out of the target's publication: a table dropped and created anew leaves it
    (added again here); a column its column list or row filter uses cannot
    change while it is a member (dropped first, added again here)."""
    changing = _changing_columns(plan)
    for item in plan.of(SPEC.name):
        src = narrow(item.src, Publication)
        tgt = narrow(plan.target(item), Publication)
        if src is None or tgt is None or "all_tables" in item.attributes:
            continue  # created anew, or dropped and created anew
        have = dict(tgt.tables)
        name = ident(src.name)
        for member, value in src.tables:
            if have.get(member) != value:
                continue  # a differing member: dropped and added as the source's
            add = compose("ALTER PUBLICATION {} ADD {}", name, _table(member, value))
            table = plan.tgt_index.get(("table", member))
            if table is not None and ("table", member) in plan.reset:
                notes = [
                    f"re-adds table {member}: it left the publication when it was "
                    "dropped and created again above"
                ]
                plan.add(CREATE, item.key, add, plan.cause(table), notes=notes)
                continue
            schema, table_name = split_name(member)
            columns = changing.get((schema, table_name), {})
            used = [c for n, c in columns.items() if n in referenced_names(value)]
            if not used:
                continue
            found = tuple(f for c in used for f in plan.cause(c))
            names = ", ".join(c.key for c in used)
            drop = compose(
                "ALTER PUBLICATION {} DROP {}", name, _table(member, ALL_COLUMNS)
            )
            note = f"its column list or row filter uses {names}, which changes below"
            plan.add(DROP, item.key, drop, found, notes=[note])
            notes = [f"adds table {member} again after {names} changed"]
            plan.add(CREATE, item.key, add, found, notes=notes)


def plan_publications(plan: Plan) -> None:
    reconcile(plan, Publication, drop=_drop, create=_create, change=_change)
    _restore_members(plan)


FIX = KindFix(plan=plan_publications, needs_schema=False)

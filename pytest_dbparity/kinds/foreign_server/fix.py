"""Foreign servers in the fix script: CREATE SERVER, ALTER SERVER (version,
options), DROP, owner, comment. No statement changes a server's wrapper or type,
and dropping it takes its user mappings and foreign tables: those are left to
reconcile by hand."""

from __future__ import annotations

from psycopg import sql

from pytest_dbparity.fixsql._kinds import KindFix
from pytest_dbparity.fixsql._phases import NOT_RECONCILED, create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Item, Plan
from pytest_dbparity.fixsql._skeleton import reconcile
from pytest_dbparity.fixsql._sql import Sql, compose, ident, join, lit, raw
from pytest_dbparity.kinds.foreign_data_wrapper.fix import (
    by_hand_note,
    option_findings,
    options_change,
    options_clause,
)
from pytest_dbparity.kinds.foreign_server import SPEC, ForeignServer

DROP, CREATE = drop_phase(SPEC), create_phase(SPEC)
WHAT = "SERVER"


def _name(s: ForeignServer) -> sql.Identifier:
    return ident(s.name)


def _drop(plan: Plan, item: Item, old: ForeignServer) -> None:
    plan.add(
        DROP,
        item.key,
        compose(f"DROP {WHAT} {{}}", _name(old)),
        item.findings,
        destructive="drops the server; fails while user mappings or foreign "
        "tables use it",
    )


def _create(
    plan: Plan, item: Item, src: ForeignServer, old: ForeignServer | None
) -> None:
    found = plan.cause(item)
    parts: list[Sql] = [_name(src)]
    if src.type is not None:
        parts.append(sql.SQL("TYPE {}").format(lit(src.type)))
    if src.version is not None:
        parts.append(sql.SQL("VERSION {}").format(lit(src.version)))
    parts.append(sql.SQL("FOREIGN DATA WRAPPER {}").format(raw(src.wrapper)))
    options, hidden = options_clause(src.options)
    if options is not None:
        parts.append(options)
    plan.add(CREATE, item.key, compose("CREATE SERVER {}", join(parts, " ")), found)
    by_hand_note(plan, item, compose("ALTER SERVER {}", _name(src)), hidden, {}, found)
    plan.set_owner(WHAT, _name(src), src.owner, item.key, found)
    if src.comment is not None:
        plan.set_comment(WHAT, _name(src), src.comment, item.key, found)


def _change(plan: Plan, item: Item, src: ForeignServer, tgt: ForeignServer) -> None:
    name = _name(src)
    if found := item.about("wrapper", "type"):
        plan.add(
            NOT_RECONCILED,
            f"{item.kind} {item.key}",
            None,
            found,
            notes=[
                "why: no statement changes a server's foreign data wrapper or "
                "type; dropping it takes its user mappings and foreign tables "
                "(reconcile by hand: DROP SERVER ... CASCADE, then create them "
                "again)"
            ],
        )
    if found := item.about("version"):
        version = raw("NULL") if src.version is None else lit(src.version)
        statement = compose("ALTER SERVER {} VERSION {}", name, version)
        plan.add(CREATE, item.key, statement, found)
    if found := item.about("options["):
        names = [f.attribute[len("options[") : -1] for f in found if f.attribute]
        want, have = dict(src.options), dict(tgt.options)
        change, hidden = options_change(want, have, names)
        if change is not None:
            statement = compose("ALTER SERVER {} {}", name, change)
            shown = [n for n in names if n not in hidden]
            plan.add(CREATE, item.key, statement, option_findings(item, shown))
        head = compose("ALTER SERVER {}", name)
        by_hand_note(plan, item, head, hidden, have, option_findings(item, hidden))
    if found := item.about("owner"):
        plan.set_owner(WHAT, name, src.owner, item.key, found)
    if found := item.about("comment"):
        plan.set_comment(WHAT, name, src.comment, item.key, found)


def plan_servers(plan: Plan) -> None:
    reconcile(plan, ForeignServer, drop=_drop, create=_create, change=_change)


FIX = KindFix(plan=plan_servers, needs_schema=False)

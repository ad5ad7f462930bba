"""Text search dictionaries in the fix script: CREATE, ALTER (options), DROP, and
DROP and CREATE when the template changes (no statement changes it)."""

from __future__ import annotations

from psycopg import sql

from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._kinds import KindFix
from pytest_dbparity.fixsql._phases import create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Item, Plan
from pytest_dbparity.fixsql._skeleton import drop_then_create, reconcile
from pytest_dbparity.fixsql._sql import Sql, compose, ident, join, lit, raw
from pytest_dbparity.kinds.ts_dictionary import SPEC, TsDictionary

DROP, CREATE = drop_phase(SPEC), create_phase(SPEC)
WHAT = "TEXT SEARCH DICTIONARY"


def _name(d: TsDictionary) -> sql.Identifier:
    return ident(d.schema, d.name)


def _drop_statement(d: TsDictionary) -> str:
    return compose(f"DROP {WHAT} {{}}", _name(d))


def _create_statement(d: TsDictionary) -> str:
    parts: list[Sql] = [sql.SQL("TEMPLATE = {}").format(raw(d.template))]
    parts += [sql.SQL("{} = {}").format(ident(k), lit(v)) for k, v in d.options]
    return compose(f"CREATE {WHAT} {{}} ({{}})", _name(d), join(parts))


def _define(
    plan: Plan, item: Item, src: TsDictionary, found: tuple[Finding, ...]
) -> None:
    """CREATE the dictionary with its owner and comment."""
    plan.add(CREATE, item.key, _create_statement(src), found)
    plan.set_owner(WHAT, _name(src), src.owner, item.key, found)
    if src.comment is not None:
        plan.set_comment(WHAT, _name(src), src.comment, item.key, found)


_drop, _create = drop_then_create(
    DROP,
    _drop_statement,
    _define,
    why="drops the dictionary; fails while a text search configuration maps to it",
)


def _change(plan: Plan, item: Item, src: TsDictionary, tgt: TsDictionary) -> None:
    name = _name(src)
    if found := item.about("template"):
        # No ALTER changes a dictionary's template: drop it, create it anew.
        plan.add(
            DROP,
            item.key,
            _drop_statement(tgt),
            item.findings,
            notes=[
                "dropped to be created again below: no statement changes a "
                "dictionary's template (fails while a text search configuration "
                "maps to it)",
                *plan.recreate_note(item),
            ],
        )
        plan.add(CREATE, item.key, _create_statement(src), item.findings)
        plan.set_owner(WHAT, name, src.owner, item.key, item.findings)
        if src.comment is not None:
            plan.set_comment(WHAT, name, src.comment, item.key, item.findings)
        return
    if found := item.about("options["):
        wanted, had = dict(src.options), dict(tgt.options)
        changes: list[Sql] = []
        for key in sorted(wanted.keys() | had.keys()):
            if key not in wanted:
                changes.append(ident(key))  # an option without a value is removed
            elif wanted[key] != had.get(key):
                changes.append(sql.SQL("{} = {}").format(ident(key), lit(wanted[key])))
        statement = compose(f"ALTER {WHAT} {{}} ({{}})", name, join(changes))
        plan.add(CREATE, item.key, statement, found)
    if found := item.about("owner"):
        plan.set_owner(WHAT, name, src.owner, item.key, found)
    if found := item.about("comment"):
        plan.set_comment(WHAT, name, src.comment, item.key, found)


def plan_dictionaries(plan: Plan) -> None:
    reconcile(plan, TsDictionary, drop=_drop, create=_create, change=_change)


FIX = KindFix(plan=plan_dictionaries)

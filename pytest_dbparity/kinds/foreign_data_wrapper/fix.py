"""Foreign data wrappers in the fix script: CREATE, ALTER (handler, validator,
options), DROP, owner, comment; and the ``OPTIONS (...)`` clauses every kind of
foreign data writes (a wrapper's, a server's, a user mapping's, a foreign
table's and its columns').

A hidden value (a secret-looking option's; every user mapping option's) is
never written: the option is left out and a note asks to set it by hand.
"""

from __future__ import annotations

from collections.abc import Iterable

from psycopg import sql

from pytest_dbparity.core.secrets import is_hidden
from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._kinds import KindFix
from pytest_dbparity.fixsql._phases import NOT_RECONCILED, create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Item, Plan
from pytest_dbparity.fixsql._skeleton import reconcile
from pytest_dbparity.fixsql._sql import Sql, compose, ident, join, lit, raw
from pytest_dbparity.kinds.foreign_data_wrapper import SPEC, ForeignDataWrapper

DROP, CREATE = drop_phase(SPEC), create_phase(SPEC)
WHAT = "FOREIGN DATA WRAPPER"


def options_clause(pairs: Iterable[tuple[str, str]]) -> tuple[Sql | None, list[str]]:
    """``OPTIONS (name 'value', ...)`` of the options whose value is shown (None:
    none), and the names of those whose value is hidden."""
    shown = [(n, v) for n, v in pairs if not is_hidden(v)]
    hidden = [n for n, v in pairs if is_hidden(v)]
    if not shown:
        return None, hidden
    parts = [sql.SQL("{} {}").format(ident(n), lit(v)) for n, v in shown]
    return sql.SQL("OPTIONS ({})").format(join(parts)), hidden


def options_change(
    want: dict[str, str], have: dict[str, str], names: Iterable[str]
) -> tuple[Sql | None, list[str]]:
    """``OPTIONS (ADD|SET|DROP ...)`` making *have* like *want* for the option
    *names*, and the names whose wanted value is hidden (set by hand)."""
    parts: list[Sql] = []
    by_hand: list[str] = []
    for name in sorted(set(names)):
        if name not in want:
            if name in have:
                parts.append(sql.SQL("DROP {}").format(ident(name)))
        elif is_hidden(want[name]):
            by_hand.append(name)
        elif want[name] != have.get(name):
            verb = "SET" if name in have else "ADD"
            parts.append(
                sql.SQL(f"{verb} {{}} {{}}").format(ident(name), lit(want[name]))
            )
    if not parts:
        return None, by_hand
    return sql.SQL("OPTIONS ({})").format(join(parts)), by_hand


def by_hand_note(
    plan: Plan,
    item: Item,
    statement_head: str,
    names: list[str],
    have: dict[str, str],
    findings: tuple[Finding, ...],
) -> None:
    """Name options whose value is hidden: the statement to run by hand, the
    values left out."""
    if not names:
        return
    parts = ", ".join(
        f"{'SET' if n in have else 'ADD'} {ident(n).as_string(None)} '...'"
        for n in sorted(names)
    )
    plan.add(
        NOT_RECONCILED,
        f"{item.kind} {item.key}",
        None,
        findings,
        notes=[f"set by hand (value hidden): {statement_head} OPTIONS ({parts})"],
    )


def option_findings(item: Item, names: Iterable[str]) -> tuple[Finding, ...]:
    """The findings of ``options[<name>]`` for *names*."""
    wanted = {f"options[{n}]" for n in names}
    return tuple(f for f in item.findings if f.attribute in wanted)


def _name(w: ForeignDataWrapper) -> sql.Identifier:
    return ident(w.name)


def _function(clause: str, value: str | None) -> str:
    return f"{clause} {value}" if value is not None else f"NO {clause}"


def _drop(plan: Plan, item: Item, old: ForeignDataWrapper) -> None:
    plan.add(
        DROP,
        item.key,
        compose(f"DROP {WHAT} {{}}", _name(old)),
        item.findings,
        destructive="drops the wrapper; fails while a server uses it",
    )


def _create(
    plan: Plan, item: Item, src: ForeignDataWrapper, old: ForeignDataWrapper | None
) -> None:
    found = plan.cause(item)
    parts: list[Sql] = [_name(src)]
    if src.handler is not None:
        parts.append(raw(f"HANDLER {src.handler}"))
    if src.validator is not None:
        parts.append(raw(f"VALIDATOR {src.validator}"))
    options, hidden = options_clause(src.options)
    if options is not None:
        parts.append(options)
    plan.add(
        CREATE,
        item.key,
        compose(f"CREATE {WHAT} {{}}", join(parts, " ")),
        found,
        notes=["needs a superuser"],
    )
    head = compose(f"ALTER {WHAT} {{}}", _name(src))
    by_hand_note(plan, item, head, hidden, {}, found)
    plan.set_owner(WHAT, _name(src), src.owner, item.key, found)
    if src.comment is not None:
        plan.set_comment(WHAT, _name(src), src.comment, item.key, found)


def _change(
    plan: Plan, item: Item, src: ForeignDataWrapper, tgt: ForeignDataWrapper
) -> None:
    name = _name(src)
    for attribute, clause in (("handler", "HANDLER"), ("validator", "VALIDATOR")):
        if found := item.about(attribute):
            value = getattr(src, attribute)
            statement = compose(
                f"ALTER {WHAT} {{}} {{}}", name, raw(_function(clause, value))
            )
            notes = (
                [
                    "options of the wrapper, its servers and user mappings are not "
                    "checked again by the new validator"
                ]
                if attribute == "validator"
                else []
            )
            plan.add(CREATE, item.key, statement, found, notes=notes)
    if found := item.about("options["):
        assert all(f.attribute for f in found)
        names = [f.attribute[len("options[") : -1] for f in found if f.attribute]
        want, have = dict(src.options), dict(tgt.options)
        change, hidden = options_change(want, have, names)
        if change is not None:
            statement = compose(f"ALTER {WHAT} {{}} {{}}", name, change)
            shown = [n for n in names if n not in hidden]
            plan.add(CREATE, item.key, statement, option_findings(item, shown))
        head = compose(f"ALTER {WHAT} {{}}", name)
        by_hand_note(plan, item, head, hidden, have, option_findings(item, hidden))
    if found := item.about("owner"):
        plan.set_owner(WHAT, name, src.owner, item.key, found)
    if found := item.about("comment"):
        plan.set_comment(WHAT, name, src.comment, item.key, found)


def plan_wrappers(plan: Plan) -> None:
    reconcile(plan, ForeignDataWrapper, drop=_drop, create=_create, change=_change)


FIX = KindFix(plan=plan_wrappers, needs_schema=False)

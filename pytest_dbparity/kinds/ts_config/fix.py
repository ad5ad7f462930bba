"""Text search configurations in the fix script: CREATE (with its mappings),
ALTER ... ADD / ALTER / DROP MAPPING FOR, DROP, and DROP and CREATE when the
parser changes (no statement changes it)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from psycopg import sql

from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._kinds import KindFix
from pytest_dbparity.fixsql._phases import create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Item, Plan
from pytest_dbparity.fixsql._skeleton import drop_then_create, reconcile
from pytest_dbparity.fixsql._sql import compose, ident, join, raw
from pytest_dbparity.kinds.ts_config import SPEC, TsConfig

DROP, CREATE = drop_phase(SPEC), create_phase(SPEC)
WHAT = "TEXT SEARCH CONFIGURATION"


def _name(c: TsConfig) -> sql.Identifier:
    return ident(c.schema, c.name)


def _drop_statement(c: TsConfig) -> str:
    return compose(f"DROP {WHAT} {{}}", _name(c))


def _by_dictionaries(mapping: Iterable[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """``(dictionaries, token types)``: token types that map alike, together."""
    groups: dict[str, list[str]] = defaultdict(list)
    for token, dictionaries in mapping:
        groups[dictionaries].append(token)
    return sorted((d, sorted(t)) for d, t in groups.items())


def _map(c: TsConfig, verb: str, mapping: Iterable[tuple[str, str]]) -> list[str]:
    """``ALTER ... ADD|ALTER MAPPING FOR <tokens> WITH <dictionaries>``."""
    return [
        compose(
            f"ALTER {WHAT} {{}} {verb} MAPPING FOR {{}} WITH {{}}",
            _name(c),
            join(ident(t) for t in tokens),
            raw(dictionaries),
        )
        for dictionaries, tokens in _by_dictionaries(mapping)
    ]


def _define(plan: Plan, item: Item, src: TsConfig, found: tuple[Finding, ...]) -> None:
    """CREATE the configuration with its mappings, owner and comment."""
    create = compose(f"CREATE {WHAT} {{}} (PARSER = {{}})", _name(src), raw(src.parser))
    plan.add(CREATE, item.key, create, found)
    for statement in _map(src, "ADD", src.mapping):
        plan.add(CREATE, item.key, statement, found)
    plan.set_owner(WHAT, _name(src), src.owner, item.key, found)
    if src.comment is not None:
        plan.set_comment(WHAT, _name(src), src.comment, item.key, found)


_drop, _create = drop_then_create(
    DROP,
    _drop_statement,
    _define,
    why="drops the configuration; fails while columns, indexes or views use it",
)


def _change(plan: Plan, item: Item, src: TsConfig, tgt: TsConfig) -> None:
    name = _name(src)
    if item.about("parser"):
        plan.add(
            DROP,
            item.key,
            _drop_statement(tgt),
            item.findings,
            notes=[
                "dropped to be created again below: no statement changes a "
                "configuration's parser (fails while columns, indexes or views "
                "use it)",
                *plan.recreate_note(item),
            ],
        )
        _define(plan, item, src, item.findings)
        return
    if found := item.about("mapping["):
        wanted, had = dict(src.mapping), dict(tgt.mapping)
        tokens = {f.attribute[len("mapping[") : -1] for f in found if f.attribute}
        gone = sorted(t for t in tokens if t not in wanted and t in had)
        if gone:
            statement = compose(
                f"ALTER {WHAT} {{}} DROP MAPPING FOR {{}}",
                name,
                join(ident(t) for t in gone),
            )
            plan.add(CREATE, item.key, statement, found)
        for verb, keep in (("ALTER", True), ("ADD", False)):
            mapping = [
                (t, wanted[t]) for t in tokens if t in wanted and (t in had) == keep
            ]
            for statement in _map(src, verb, mapping):
                plan.add(CREATE, item.key, statement, found)
    if found := item.about("owner"):
        plan.set_owner(WHAT, name, src.owner, item.key, found)
    if found := item.about("comment"):
        plan.set_comment(WHAT, name, src.comment, item.key, found)


def plan_configurations(plan: Plan) -> None:
    reconcile(plan, TsConfig, drop=_drop, create=_create, change=_change)


FIX = KindFix(plan=plan_configurations)

"""Collations in the fix script: CREATE COLLATION, DROP COLLATION, owner and
comment. No ALTER COLLATION changes a provider, locale, ICU rules or
determinism: such a collation is dropped and created again, which fails while a
column, index or other object uses it, so both statements count as destructive."""

from __future__ import annotations

from psycopg import sql

from pytest_dbparity.fixsql._kinds import KindFix
from pytest_dbparity.fixsql._phases import create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Item, Plan
from pytest_dbparity.fixsql._skeleton import reconcile
from pytest_dbparity.fixsql._sql import Sql, compose, ident, join, lit, raw
from pytest_dbparity.kinds.collation import SPEC, Collation

DROP, CREATE = drop_phase(SPEC), create_phase(SPEC)

#: What only DROP and CREATE change.
_DEFINITION = ("provider", "locale", "icu_rules", "deterministic")

_IN_USE = (
    "fails while a column, index or other object uses it (no CASCADE here): "
    "move them to another collation first"
)


def _options(c: Collation) -> Sql | None:
    """``(PROVIDER = ..., ...)`` of CREATE COLLATION; None for a provider or
    locale this module does not know how to write."""
    if c.provider == "libc":
        if c.lc_collate is None or c.lc_ctype is None:
            return None
        parts: list[Sql] = [
            raw("PROVIDER = libc"),
            sql.SQL("LC_COLLATE = {}").format(lit(c.lc_collate)),
            sql.SQL("LC_CTYPE = {}").format(lit(c.lc_ctype)),
        ]
    elif c.provider in ("icu", "builtin") and c.locale is not None:
        parts = [
            raw(f"PROVIDER = {c.provider}"),
            sql.SQL("LOCALE = {}").format(lit(c.locale)),
        ]
    else:
        return None
    if not c.deterministic:
        parts.append(raw("DETERMINISTIC = false"))
    if c.icu_rules is not None:
        parts.append(sql.SQL("RULES = {}").format(lit(c.icu_rules)))
    return sql.SQL("({})").format(join(parts))


def _drop_collation(c: Collation) -> str:
    return compose("DROP COLLATION {}", ident(c.schema, c.name))


def _drop(plan: Plan, item: Item, old: Collation) -> None:
    plan.add(
        DROP,
        item.key,
        _drop_collation(old),
        item.findings,
        destructive=f"drops the collation; {_IN_USE}",
    )


def _create(plan: Plan, item: Item, src: Collation, old: Collation | None) -> None:
    _define(plan, item, src, None)


def _change(plan: Plan, item: Item, src: Collation, tgt: Collation) -> None:
    if any(a in item.attributes for a in _DEFINITION):
        _define(plan, item, src, tgt)
        if plan.allow:
            return  # created anew with the source's owner and comment
    name = ident(src.schema, src.name)
    if found := item.about("owner"):
        plan.set_owner("COLLATION", name, src.owner, item.key, found)
    if found := item.about("comment"):
        plan.set_comment("COLLATION", name, src.comment, item.key, found)


def _define(plan: Plan, item: Item, src: Collation, replaced: Collation | None) -> None:
    """CREATE COLLATION with its owner and comment, after DROP COLLATION of the
    *replaced* one."""
    options = _options(src)
    if options is None:
        plan.not_reconciled(
            item, f"no CREATE COLLATION is written for provider {src.provider}"
        )
        return
    name = ident(src.schema, src.name)
    found = plan.cause(item)
    destructive = None
    if replaced is not None:
        destructive = f"no ALTER COLLATION changes its definition; {_IN_USE}"
        plan.add(
            DROP,
            item.key,
            _drop_collation(replaced),
            found,
            notes=plan.recreate_note(item),
            destructive=destructive,
        )
        destructive = "creates the collation dropped above again, as in the source"
    statement = compose("CREATE COLLATION {} {}", name, options)
    plan.add(CREATE, item.key, statement, found, destructive=destructive)
    if replaced is not None and not plan.allow:
        return  # not dropped: the target's keeps its owner and comment
    plan.set_owner("COLLATION", name, src.owner, item.key, found)
    if src.comment is not None:
        plan.set_comment("COLLATION", name, src.comment, item.key, found)


def plan_collations(plan: Plan) -> None:
    reconcile(plan, Collation, drop=_drop, create=_create, change=_change)


FIX = KindFix(plan=plan_collations)

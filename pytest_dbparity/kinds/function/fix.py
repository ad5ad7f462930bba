"""Functions and procedures in the fix script: the catalog's own definition
(``pg_get_functiondef``) as CREATE OR REPLACE; DROP first when the signature
changes. Dropping one is destructive when something calls it or the API roles
can execute it (``drop_risk``); a function only the target has always is."""

from __future__ import annotations

import weakref

from psycopg import sql

from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._kinds import KindFix, fix_of
from pytest_dbparity.fixsql._phases import create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Item, Plan, narrow
from pytest_dbparity.fixsql._skeleton import reconcile
from pytest_dbparity.fixsql._sql import compose, ident, raw, referenced_names
from pytest_dbparity.kinds.function import SPEC, Function
from pytest_dbparity.kinds.privilege.fix import parse_privileges

DROP, CREATE = drop_phase(SPEC), create_phase(SPEC)

#: Function attributes that only a new CREATE (after a DROP) can change.
SIGNATURE = frozenset({"arguments", "result", "function_type"})


def needs_recreate(item: Item) -> bool:
    """A function whose arguments, result type or kind change: CREATE OR
    REPLACE cannot, so the old one is dropped first."""
    src, tgt = narrow(item.src, Function), narrow(item.tgt, Function)
    assert src is not None
    assert tgt is not None
    if not item.findings:
        return False
    changed = src.identity_arguments != tgt.identity_arguments
    return changed or bool(item.attributes & SIGNATURE)


#: Roles a Supabase-style API (PostgREST) serves requests as, and PUBLIC, which
#: every role is a member of: a function they can execute is an API endpoint
#: (``/rpc/<name>``) wherever its schema is exposed.
API_ROLES = ("PUBLIC", "anon", "authenticated", "service_role")


#: Per plan and side: a word -> the ``(kind, key, item)`` of the objects whose
#: SQL (``KindFix.calls``) has it; built once, as many drops ask.
_NAMED: weakref.WeakKeyDictionary[
    Plan, dict[str, dict[str, list[tuple[str, str, Item]]]]
]
_NAMED = weakref.WeakKeyDictionary()


def _named(plan: Plan, side: str) -> dict[str, list[tuple[str, str, Item]]]:
    sides = _NAMED.setdefault(plan, {})
    if side in sides:
        return sides[side]
    index: dict[str, list[tuple[str, str, Item]]] = {}
    for kind, items in plan.items.items():
        fields = fix_of(kind).calls
        if not fields:
            continue
        for item in items:
            obj = item.src if side == "src" else item.tgt
            if obj is None:
                continue
            words: set[str] = set()
            for name in fields:
                text = getattr(obj, name, None)
                if isinstance(text, str):
                    words |= referenced_names(text)
            for word in words:
                index.setdefault(word, []).append((kind, obj.key, item))
    sides[side] = index
    return index


def callers(plan: Plan, f: Function, side: str) -> list[str]:
    """``kind key`` of the objects of the ``src`` or ``tgt`` side whose SQL
    (``KindFix.calls``) names *f*, the target's objects the script drops
    itself left out.

    By name only, as the catalog holds function bodies (a call with other
    arguments, or of a same-named function of another schema, counts too); a
    name built at run time (``EXECUTE format(...)``) or inside a string is not
    seen, nor what calls it from outside the database."""
    out = []
    for kind, key, item in _named(plan, side).get(f.name, []):
        if kind == "function" and key == f.key:
            continue
        if side == "tgt" and item.src is None and item.findings:
            continue  # dropped by the script too
        out.append(f"{kind} {key}")
    return sorted(out)


def executable_by(plan: Plan, f: Function, side: str) -> list[str]:
    """The API roles (``API_ROLES``) holding EXECUTE on *f* on the side."""
    index = plan.src_index if side == "src" else plan.tgt_index
    item = index.get(("privilege", f.key))
    obj = None if item is None else item.src if side == "src" else item.tgt
    grants = dict(getattr(obj, "grants", ()))
    return [
        role for role in API_ROLES if "EXECUTE" in parse_privileges(grants.get(role))
    ]


def drop_risk(plan: Plan, f: Function) -> str | None:
    """Why dropping the target's *f* is destructive: what calls it on either
    side, the API roles that can execute it (None: nothing found)."""
    parts = []
    for side, name in (("tgt", "target"), ("src", "source")):
        found = callers(plan, f, side)
        if found:
            shown = ", ".join(found[:5]) + (" ..." if len(found) > 5 else "")
            parts.append(f"the {name}'s {shown} name it")
    roles = executable_by(plan, f, "tgt")
    if roles:
        parts.append(
            f"{', '.join(roles)} can execute it (an API endpoint where its schema "
            "is exposed)"
        )
    if not parts:
        return None
    return "; ".join(parts)


def _destructive_drop(plan: Plan, old: Function) -> str:
    """Why dropping *old* (only the target has it) is destructive."""
    why = (
        f"drops the {routine_keyword(old).lower()}; fails while views, triggers, "
        "policies or defaults use it"
    )
    risk = drop_risk(plan, old)
    return why if risk is None else f"{why}; {risk}"


def decide(plan: Plan) -> None:
    """Functions to drop and create anew: their signature changes (unless the
    drop is destructive and not allowed: then both are written commented out,
    see ``_change``)."""
    for item in plan.of("function"):
        if item.src is not None and item.tgt is not None and needs_recreate(item):
            tgt = narrow(item.tgt, Function)
            assert tgt is not None
            if plan.allow or drop_risk(plan, tgt) is None:
                plan.reset.add(("function", item.tgt.key))


def signature(f: Function) -> sql.Composed:
    """``schema.name(identity arguments)``."""
    return sql.SQL("{}({})").format(ident(f.schema, f.name), raw(f.identity_arguments))


def routine_keyword(f: Function) -> str:
    return "PROCEDURE" if f.function_type == "procedure" else "FUNCTION"


def _drop_function(f: Function) -> str:
    return compose(f"DROP {routine_keyword(f)} {{}}", signature(f))


def _drop(plan: Plan, item: Item, old: Function) -> None:
    plan.add(
        DROP,
        item.key,
        _drop_function(old),
        (*item.findings, *plan.orphans(old)),
        destructive=_destructive_drop(plan, old),
    )


#: Said beside the drop of a function that is created again.
RECREATE_NOTE = (
    "dropped to be created again below: CREATE OR REPLACE cannot change "
    "arguments, result type or kind (fails while views, triggers or policies "
    "use it)"
)


def _create(plan: Plan, item: Item, src: Function, old: Function | None) -> None:
    if old is not None:  # its signature changes: drop the old one, create the new
        risk = drop_risk(plan, old)
        plan.add(
            DROP,
            item.key,
            _drop_function(old),
            (*item.findings, *plan.orphans(old)),
            notes=[RECREATE_NOTE, *plan.recreate_note(item)],
            destructive=None if risk is None else f"until created again: {risk}",
        )
    found = plan.cause(item)
    _define(plan, item, src, found)
    kind = routine_keyword(src)
    plan.set_owner(kind, signature(src), src.owner, item.key, found)
    if src.comment is not None:
        plan.set_comment(kind, signature(src), src.comment, item.key, found)


#: Attributes ``ALTER FUNCTION`` changes alone (the definition repeats them).
ESTIMATES = ("cost", "rows")


def _estimate(f: Function, attribute: str) -> str:
    """``ALTER FUNCTION f(...) COST n`` or ``ROWS n`` (None: the default)."""
    value = getattr(f, attribute)
    if value is None:
        value = (
            1000
            if attribute == "rows"
            else 1
            if f.language in ("c", "internal")
            else 100
        )
    return compose(
        f"ALTER FUNCTION {{}} {attribute.upper()} {{}}", signature(f), raw(f"{value:g}")
    )


def _change(plan: Plan, item: Item, src: Function, tgt: Function) -> None:
    if needs_recreate(item):  # its drop is destructive, not allowed (``decide``)
        risk = drop_risk(plan, tgt)
        assert risk is not None
        why = f"until created again: {risk}"
        plan.add(
            DROP,
            item.key,
            _drop_function(tgt),
            item.findings,
            notes=[RECREATE_NOTE],
            destructive=why,
        )
        if src.definition:
            plan.add(
                CREATE,
                item.key,
                src.definition.rstrip(),
                item.findings,
                notes=["runs only after the DROP above, which is commented out"],
                destructive=why,
            )
        return
    replaced = item.attributes - {"owner", "comment"}
    if replaced - set(ESTIMATES):  # CREATE OR REPLACE: every attribute, estimates too
        _define(plan, item, src, item.about(*sorted(replaced)))
    else:
        for attribute in ESTIMATES:
            if found := item.about(attribute):
                plan.add(CREATE, item.key, _estimate(src, attribute), found)
    kind = routine_keyword(src)
    if found := item.about("owner"):
        plan.set_owner(kind, signature(src), src.owner, item.key, found)
    if found := item.about("comment"):
        plan.set_comment(kind, signature(src), src.comment, item.key, found)


def plan_functions(plan: Plan) -> None:
    reconcile(plan, Function, drop=_drop, create=_create, change=_change)


def _define(plan: Plan, item: Item, f: Function, findings: tuple[Finding, ...]) -> None:
    if not f.definition:
        plan.not_reconciled(item, "the catalog holds no definition of the function")
        return
    plan.add(CREATE, item.key, f.definition.rstrip(), findings)


FIX = KindFix(plan=plan_functions, decide=decide, calls=("body",))

"""Types in the fix script: enums, ranges, domains and composites."""

from __future__ import annotations

from collections.abc import Mapping

from psycopg import sql

from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._kinds import KindFix
from pytest_dbparity.fixsql._phases import (
    ENUM_VALUE,
    NOT_RECONCILED,
    create_phase,
    drop_phase,
)
from pytest_dbparity.fixsql._plan import Item, Plan, narrow
from pytest_dbparity.fixsql._skeleton import reconcile
from pytest_dbparity.fixsql._sql import Sql, compose, ident, join, lit, raw
from pytest_dbparity.kinds.type import SPEC, Type

DROP, CREATE = drop_phase(SPEC), create_phase(SPEC)


def needs_recreate(item: Item) -> bool:
    """A type no ALTER changes: another kind, a domain's or range's base
    type, a composite's attributes."""
    src, tgt = narrow(item.src, Type), narrow(item.tgt, Type)
    assert src is not None
    assert tgt is not None
    if src.type_type != tgt.type_type:
        return bool(item.findings)
    if src.type_type == "domain":
        return "base_type" in item.attributes
    if src.type_type == "composite":
        return "attributes" in item.attributes
    if src.type_type == "range":
        return "base_type" in item.attributes
    return False


def decide(plan: Plan) -> None:
    """Types to drop and create anew (when destructive statements run)."""
    for item in plan.of("type"):
        if item.src and item.tgt and needs_recreate(item) and plan.allow:
            plan.reset.add(("type", item.tgt.key))


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
        return compose("CREATE TYPE {} AS ENUM ({})", name, labels)
    if t.type_type == "range" and t.base_type is not None:
        return compose("CREATE TYPE {} AS RANGE (SUBTYPE = {})", name, raw(t.base_type))
    if t.type_type == "composite":
        attributes = join(raw(a) for a in t.attributes)
        return compose("CREATE TYPE {} AS ({})", name, attributes)
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
        return compose("CREATE DOMAIN {} AS {}", name, join(parts, " "))
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


def _drop(plan: Plan, item: Item, old: Type) -> None:
    statement = compose(f"DROP {_type_keyword(old)} {{}}", ident(old.schema, old.name))
    plan.add(
        DROP,
        item.key,
        statement,
        item.findings,
        sub=-TYPE_ORDER.get(old.type_type, 9),
        destructive="drops the type; fails while columns, functions or "
        "other types use it",
    )


def _change(plan: Plan, item: Item, src: Type, tgt: Type) -> None:
    if needs_recreate(item):  # not allowed: written commented out
        _recreate_or_create(plan, item, src, tgt)
        return
    name = ident(src.schema, src.name)
    if found := item.about("labels"):
        _plan_enum(plan, item, src, tgt, found)
    if src.type_type == "domain":
        _plan_domain(plan, item, src, tgt)
    if found := item.about("comment"):
        plan.set_comment(_type_keyword(src), name, src.comment, item.key, found)
    if found := item.about("owner"):
        plan.set_owner(_type_keyword(src), name, src.owner, item.key, found)
    done = ("labels", "comment", "owner", "default", "not_null", "constraints")
    rest = [f for f in item.findings if f.attribute not in done]
    if rest:
        plan.add(
            NOT_RECONCILED,
            item.key,
            None,
            rest,
            notes=["why: no DDL changes this in place"],
        )


def plan_types(plan: Plan) -> None:
    reconcile(plan, Type, drop=_drop, create=_recreate_or_create, change=_change)


def _recreate_or_create(plan: Plan, item: Item, src: Type, old: Type | None) -> None:
    """Create the type; drop the old one first when it is re-created."""
    sub = TYPE_ORDER.get(src.type_type, 9)
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
            DROP,
            item.key,
            compose(f"DROP {_type_keyword(old)} {{}}", ident(old.schema, old.name)),
            item.findings,
            notes=[warning, *plan.recreate_note(item)],
            destructive=destructive,
            sub=-TYPE_ORDER.get(old.type_type, 9),
        )
    plan.add(
        CREATE, item.key, statement, item.findings, destructive=destructive, sub=sub
    )
    name = ident(src.schema, src.name)
    plan.set_owner(_type_keyword(src), name, src.owner, item.key, item.findings)
    if src.comment is not None:
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
            statement = compose(
                "ALTER TYPE {} ADD VALUE IF NOT EXISTS {}", name, lit(label)
            )
        else:
            statement = compose(
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


def _plan_domain(plan: Plan, item: Item, src: Type, tgt: Type) -> None:
    name, sub = ident(src.schema, src.name), TYPE_ORDER.get(src.type_type, 9)
    if found := item.about("default"):
        if src.default is None:
            statement = compose("ALTER DOMAIN {} DROP DEFAULT", name)
        else:
            statement = compose(
                "ALTER DOMAIN {} SET DEFAULT {}", name, raw(src.default)
            )
        plan.add(CREATE, item.key, statement, found, sub=sub)
    if found := item.about("not_null"):
        action = "SET" if src.not_null else "DROP"
        statement = compose(f"ALTER DOMAIN {{}} {action} NOT NULL", name)
        notes = (
            ["fails while a column of the domain holds NULLs"] if src.not_null else []
        )
        plan.add(CREATE, item.key, statement, found, sub=sub, notes=notes)
    if found := item.about("constraints"):
        new, old = _domain_constraints(src), _domain_constraints(tgt)
        for cname in sorted(old):
            if new.get(cname) != old[cname]:
                statement = compose(
                    "ALTER DOMAIN {} DROP CONSTRAINT {}", name, ident(cname)
                )
                plan.add(CREATE, item.key, statement, found, sub=sub)
        for cname in sorted(new):
            if old.get(cname) != new[cname]:
                statement = compose(
                    "ALTER DOMAIN {} ADD CONSTRAINT {} {}",
                    name,
                    ident(cname),
                    raw(new[cname]),
                )
                plan.add(CREATE, item.key, statement, found, sub=sub)


FIX = KindFix(plan=plan_types, decide=decide)

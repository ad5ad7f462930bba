"""Extensions in the fix script: CREATE, DROP, ALTER EXTENSION (version, schema)."""

from __future__ import annotations

import re

from pytest_dbparity.fixsql._kinds import KindFix
from pytest_dbparity.fixsql._phases import create_phase, drop_phase
from pytest_dbparity.fixsql._plan import Item, Plan, narrow
from pytest_dbparity.fixsql._skeleton import reconcile
from pytest_dbparity.fixsql._sql import compose, ident, lit
from pytest_dbparity.kinds.extension import SPEC, Extension

DROP, CREATE = drop_phase(SPEC), create_phase(SPEC)


def version_key(version: str) -> tuple[int, ...] | None:
    """``"1.10"`` to ``(1, 10)``; None for versions that are not dotted numbers."""
    if not re.fullmatch(r"\d+(?:\.\d+)*", version):
        return None
    return tuple(int(p) for p in version.split("."))


def is_downgrade(source: str, target: str) -> bool:
    """True when moving from *target* to *source* lowers the version."""
    s, t = version_key(source), version_key(target)
    return s is not None and t is not None and s < t


def downgrade(item: Item) -> bool:
    """Whether the extension's version goes down: no update path leads there."""
    src, tgt = narrow(item.src, Extension), narrow(item.tgt, Extension)
    assert src is not None
    assert tgt is not None
    return "version" in item.attributes and is_downgrade(src.version, tgt.version)


def decide(plan: Plan) -> None:
    """Schema moves (``Plan.moves``): what uses the extension's types moves too."""
    for item in plan.of("extension"):
        ext_src = narrow(item.src, Extension)
        ext_tgt = narrow(item.tgt, Extension)
        if ext_src is None or ext_tgt is None or "schema" not in item.attributes:
            continue
        if plan.allow or not downgrade(item):
            plan.moves.add((ext_tgt.schema, ext_src.schema))


def _create_extension(ext: Extension) -> str:
    return compose(
        "CREATE EXTENSION {} VERSION {} SCHEMA {}",
        ident(ext.name),
        lit(ext.version),
        ident(ext.schema),
    )


def _drop(plan: Plan, item: Item, old: Extension) -> None:
    plan.add(
        DROP,
        item.key,
        compose("DROP EXTENSION {}", ident(old.name)),
        item.findings,
        destructive="drops the extension and every object it created; "
        "fails while other objects use them",
    )


def _create(plan: Plan, item: Item, src: Extension, old: Extension | None) -> None:
    plan.add(CREATE, item.key, _create_extension(src), item.findings)


def _change(plan: Plan, item: Item, src: Extension, tgt: Extension) -> None:
    name = ident(src.name)
    if downgrade(item):
        found = item.about("version", "schema")
        why = (
            f"no update path leads down from {tgt.version} to "
            f"{src.version}: the extension is dropped and created again "
            "(fails while other objects use it)"
        )
        notes = [f"WARNING: {why}"]
        plan.add(
            DROP,
            item.key,
            compose("DROP EXTENSION {}", name),
            found,
            notes=notes,
            destructive="drops the extension and every object it created",
        )
        plan.add(
            CREATE,
            item.key,
            _create_extension(src),
            found,
            destructive="re-creates the extension dropped above",
        )
        return
    if found := item.about("version"):
        statement = compose("ALTER EXTENSION {} UPDATE TO {}", name, lit(src.version))
        plan.add(CREATE, item.key, statement, found)
    if found := item.about("schema"):
        statement = compose("ALTER EXTENSION {} SET SCHEMA {}", name, ident(src.schema))
        warning = (
            f"WARNING: every object of the extension moves to {src.schema}"
            ", and with it what uses them: columns of its types, functions"
            " taking them; fails for an extension that is not relocatable"
        )
        plan.add(CREATE, item.key, statement, found, notes=[warning])


def plan_extensions(plan: Plan) -> None:
    reconcile(plan, Extension, drop=_drop, create=_create, change=_change)


FIX = KindFix(plan=plan_extensions, decide=decide)

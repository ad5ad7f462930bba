"""The skeleton a kind's planning follows: for each paired object, drop what only
the target has, create what the script finds missing, change what differs.

A kind's ``fix.py`` gives the three statements-writing parts to ``reconcile``;
which objects get which part, and when a missing parent stops a creation, is
decided here, the same way for every kind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._phases import Phase
from pytest_dbparity.fixsql._plan import Item, Plan, narrow

M = TypeVar("M", bound=CatalogObject)


def reconcile(
    plan: Plan,
    model: type[M],
    *,
    drop: Callable[[Plan, Item, M], None],
    create: Callable[[Plan, Item, M, M | None], None],
    change: Callable[[Plan, Item, M, M], None],
) -> None:
    """Plan every object of *model*'s kind:

    * only in the target, with findings to fix, and not taken with a parent the
      script drops or re-creates: ``drop(plan, item, old)``;
    * missing in the target as the script finds it, new (with findings to fix)
      or gone with what is re-created: ``create(plan, item, src, old)``, *old*
      being the target object the re-creation dropped (None: a new object). A
      new object whose parent is not created gets a note instead, unless it waits
      on a destructive statement (``Plan.pending``);
    * in both, with findings to fix: ``change(plan, item, src, tgt)``.
    """
    for item in plan.of(model.kind):
        src, old = narrow(item.src, model), narrow(item.tgt, model)
        tgt = narrow(plan.target(item), model)
        if src is None:
            if old is not None and item.findings and not plan.taken_by_parent(item):
                drop(plan, item, old)
        elif tgt is None:
            if old is None and not item.findings:
                continue
            if old is None and (item.kind, src.key) not in plan.pending:
                blocked = plan.missing_parent(src)
                if blocked:
                    plan.not_reconciled(item, blocked)
                    continue
            create(plan, item, src, old)
        elif item.findings:
            change(plan, item, src, tgt)


def drop_then_create(
    phase: Phase,
    drop_statement: Callable[[M], str],
    define: Callable[[Plan, Item, M, tuple[Finding, ...]], None],
    *,
    why: str,
) -> tuple[Callable[[Plan, Item, M], None], Callable[[Plan, Item, M, M | None], None]]:
    """``drop`` and ``create`` for ``reconcile``, for a kind whose objects no
    ALTER changes in place: an object only the target has is dropped (in
    *phase*, destructive: *why*); one to create is written by *define* (with
    the findings it serves), after the DROP of the target's when it is
    re-created."""

    def drop(plan: Plan, item: Item, old: M) -> None:
        plan.add(phase, item.key, drop_statement(old), item.findings, destructive=why)

    def create(plan: Plan, item: Item, src: M, old: M | None) -> None:
        found = plan.cause(item)
        if old is not None:
            plan.add(phase, item.key, drop_statement(old), found)
        define(plan, item, src, found)

    return drop, create

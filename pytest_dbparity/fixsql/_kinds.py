"""Each kind's part in the script, as its ``fix.py`` declares it.

A kind the script reconciles with DDL (``KindSpec.fix_order`` set) has a ``fix.py``
beside its ``__init__``. It holds the kind's planning and the helpers only it
uses, and ends with ``FIX = KindFix(...)``: what the engine calls, and the facts
about the kind's objects the plan needs (what they belong to, what they stand
on). The engine imports these modules the first time a script is written, not
with the registry: they import the engine, which imports the registry.

Kinds without ``fix.py`` (the data kinds) get the defaults: nothing to plan (the
engine notes their differences) and the generic facts.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.kinds.registry import REGISTRY

if TYPE_CHECKING:
    from pytest_dbparity.fixsql._plan import Plan

#: ``(kind, key)`` of an object.
ObjKey = tuple[str, str]
#: ``(schema, table, name)`` of a column.
ColumnName = tuple[str, str, str]


def table_of(obj: Any) -> tuple[str, str] | None:
    """``(schema, table)`` from the object's own ``schema`` and ``table`` fields."""
    schema, table = getattr(obj, "schema", None), getattr(obj, "table", None)
    if isinstance(schema, str) and isinstance(table, str):
        return (schema, table)
    return None


def relation_parents(obj: CatalogObject) -> list[ObjKey]:
    """The table or view *obj* belongs to, as ``(kind, key)`` of every relation
    kind (the catalog tells which one it is only through the parent's own item)."""
    if fix_of(obj.kind).is_relation:
        return []
    rel = relation_of(obj)
    if rel is None:
        return []
    key = qualify(*rel)
    return [(kind, key) for kind in relation_kinds()]


def _no_columns(obj: Any) -> list[ObjKey]:
    return []


@dataclass(frozen=True, slots=True, kw_only=True)
class KindFix:
    """One kind's part in the script (``FIX`` in the kind's ``fix.py``).

    The plan runs every kind's ``decide``, then every kind's ``make_room``, then
    every kind's ``plan``, each in ``fix_order``.
    """

    #: Plans the kind's steps (``Plan.add``).
    plan: Callable[[Plan], None] | None = None
    #: Decisions other kinds' planning depends on, taken before any planning:
    #: what the kind drops and creates anew for its own sake (``Plan.reset``),
    #: what waits on a destructive statement (``Plan.pending``), schema moves
    #: (``Plan.moves``).
    decide: Callable[[Plan], None] | None = None
    #: Runs once every kind has decided: what must be dropped before the kind's
    #: changes and created again after them.
    make_room: Callable[[Plan], None] | None = None
    #: Objects of the kind are relations (tables, views): other objects' ``table``
    #: names one, and dropping one takes them with it.
    is_relation: bool = False
    #: ``(schema, name)`` of the table or view an object is or belongs to.
    relation: Callable[[Any], tuple[str, str] | None] = table_of
    #: ``(kind, key)`` of every object whose removal takes an object with it.
    parents: Callable[[Any], list[ObjKey]] = relation_parents
    #: ``(kind, key)`` of the columns an object stands on: dropping one takes
    #: the object with it.
    columns: Callable[[Any], list[ObjKey]] = _no_columns
    #: Whether a target object uses a target column (its SQL mentions it), so
    #: that the column cannot change under it (None: objects of the kind never do).
    uses_column: Callable[[Any, ColumnName], bool] | None = None
    #: Attributes holding SQL text (or a function's name) through which an
    #: object calls functions: a trigger's definition, a function's body, a
    #: view's query, a default... (the script marks dropping a function that
    #: something calls as destructive).
    calls: tuple[str, ...] = ()
    #: Whether an object cannot be created while its schema is not.
    needs_schema: bool = True
    #: For a partition's copy of its parent's object (``from_parent``) that the
    #: source's plain table lacks: ``object -> (statement, why it is destructive
    #: or None)`` dropping what DETACH PARTITION leaves of it on the table (None:
    #: DETACH PARTITION removes such copies itself).
    drop_copy: Callable[[Any], tuple[str, str | None]] | None = None


_DEFAULT = KindFix()


@cache
def _loaded() -> dict[str, KindFix]:
    """``FIX`` of every kind's ``fix.py``, in ``fix_order``."""
    specs = [s for s in REGISTRY if s.fix_order is not None]
    out: dict[str, KindFix] = {}
    for spec in sorted(specs, key=lambda s: s.fix_order or 0):
        module = importlib.import_module(f"{spec.package}.fix")
        fix = getattr(module, "FIX", None)
        if not isinstance(fix, KindFix):
            raise TypeError(f"{module.__name__} must define FIX = KindFix(...)")
        out[spec.name] = fix
    return out


def fixes() -> list[tuple[str, KindFix]]:
    """``(kind, its part)`` of every kind with ``fix.py``, in ``fix_order``."""
    return list(_loaded().items())


def fix_of(kind: str) -> KindFix:
    """The part of *kind* (the defaults for a kind without ``fix.py``)."""
    return _loaded().get(kind, _DEFAULT)


@cache
def relation_kinds() -> tuple[str, ...]:
    """Kinds whose objects are tables or views, in ``fix_order``."""
    return tuple(kind for kind, fix in _loaded().items() if fix.is_relation)


def relation_of(obj: CatalogObject) -> tuple[str, str] | None:
    """``(schema, name)`` of the table or view *obj* is or belongs to."""
    return fix_of(obj.kind).relation(obj)


def parents_of(obj: CatalogObject) -> list[ObjKey]:
    """``(kind, key)`` of every object whose removal takes *obj* with it."""
    return fix_of(obj.kind).parents(obj)


def columns_of(obj: CatalogObject) -> list[ObjKey]:
    """``(kind, key)`` of the columns *obj* stands on (dropping one takes *obj*
    with it)."""
    return fix_of(obj.kind).columns(obj)

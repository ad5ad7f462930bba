"""The registry: every object kind, in the order kinds are read, compared and
listed. Adding a kind is a folder beside this module and one line here (plus its
parity test module, integration case and README row: ``tests/unit/test_registry.py``
checks they agree)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache

from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.kinds import (
    aggregate,
    cast,
    collation,
    column,
    constraint,
    data,
    default_privilege,
    event_trigger,
    extension,
    foreign_data_wrapper,
    foreign_server,
    function,
    index,
    migration,
    policy,
    privilege,
    publication,
    rls,
    role,
    row_count,
    rule,
    schema,
    sequence,
    setting,
    statistics,
    table,
    trigger,
    ts_config,
    ts_dictionary,
    unmodeled,
    user_mapping,
    view,
)
from pytest_dbparity.kinds import operator as operator_kind
from pytest_dbparity.kinds import type as type_kind
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.names import Kind

REGISTRY: tuple[KindSpec, ...] = (
    schema.SPEC,
    extension.SPEC,
    table.SPEC,
    column.SPEC,
    constraint.SPEC,
    index.SPEC,
    rls.SPEC,
    policy.SPEC,
    function.SPEC,
    trigger.SPEC,
    view.SPEC,
    sequence.SPEC,
    type_kind.SPEC,
    privilege.SPEC,
    default_privilege.SPEC,
    ts_dictionary.SPEC,
    ts_config.SPEC,
    cast.SPEC,
    operator_kind.SPEC,
    publication.SPEC,
    role.SPEC,
    setting.SPEC,
    event_trigger.SPEC,
    rule.SPEC,
    collation.SPEC,
    statistics.SPEC,
    aggregate.SPEC,
    data.SPEC,
    foreign_data_wrapper.SPEC,
    foreign_server.SPEC,
    user_mapping.SPEC,
    unmodeled.SPEC,
    migration.SPEC,
    row_count.SPEC,
)

#: What the plugin does not compare at all (named in every run's header). Objects
#: of the other kinds it does not model are compared by name: kind ``unmodeled``
#: (``catalog/sql/unchecked.sql`` counts them for the header).
NOT_COMPARED: tuple[str, ...] = ("privileges on parameters (GRANT SET ON PARAMETER)",)

SPECS: Mapping[str, KindSpec] = {spec.name: spec for spec in REGISTRY}
MODEL_BY_KIND: Mapping[str, type[CatalogObject]] = {
    spec.name: spec.model for spec in REGISTRY
}


def spec_of(kind: str) -> KindSpec:
    """The spec of *kind* (KeyError names the kind if there is none)."""
    return SPECS[kind]


def kinds_where(**wanted: object) -> tuple[Kind, ...]:
    """Kinds whose spec fields equal *wanted*, in registry order."""
    return tuple(
        s.name
        for s in REGISTRY
        if all(getattr(s, name) == value for name, value in wanted.items())
    )


def kind_name(kind: str, n: int = 1) -> str:
    """A kind's human name, singular (n == 1) or plural."""
    spec = SPECS.get(kind)
    if spec is None:
        return kind if n == 1 else kind + "s"
    return spec.singular if n == 1 else spec.plural


def kind_rank(kind: str) -> int:
    """Position of *kind* in report lists (unknown kinds last)."""
    spec = SPECS.get(kind)
    return spec.rank if spec is not None else len(REGISTRY)


def describe(obj: CatalogObject | None) -> str:
    """What an object is, in a few words; ``missing`` for None."""
    if obj is None:
        return "missing"
    return SPECS[obj.kind].describe(obj)


@cache
def _privilege_types() -> Mapping[str, str]:
    return {t: spec.name for spec in REGISTRY for t in spec.privilege_types}


def kind_of_privilege_type(object_type: str) -> str:
    """The kind of the object a privilege row is on (tables by default)."""
    return _privilege_types().get(object_type, "table")


#: Makes our key from the names of an address (None: not one of the kind's).
KeyMaker = Callable[[list[str]], str | None]


@cache
def _addresses() -> Mapping[str, tuple[tuple[str, KeyMaker], ...]]:
    out: dict[str, tuple[tuple[str, KeyMaker], ...]] = {}
    for spec in REGISTRY:
        for address, make_key in spec.addresses.items():
            out[address] = (*out.get(address, ()), (spec.name, make_key))
    return out


def address_key(object_type: str, names: list[str]) -> tuple[str, str] | None:
    """Our ``(kind, key)`` for a ``pg_identify_object_as_address`` address.

    Kinds may share an address type (a ``rule`` is a view's ``_RETURN`` or a rule
    of its own): the first, in registry order, whose key maker gives a key wins.
    """
    for kind, make_key in _addresses().get(object_type, ()):
        key = make_key(names)
        if key is not None:
            return (kind, key)
    return None

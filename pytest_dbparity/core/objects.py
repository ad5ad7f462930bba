"""Catalog objects: the frozen dataclass every kind's model derives from.

Each model says three things about itself, and nothing else (no comparison logic,
no DDL):

* ``kind``: the name used in test ids, findings and rules;
* ``identity``: the fields that name the object (they build its key);
* every other field is an attribute that is compared and reported on its own, except
  those listed in ``informational`` (carried for reports, never compared).

Fields whose metadata says ``mapping`` hold ``(name, value)`` pairs; the diff engine
reports each name as its own attribute (``grants[anon]``, ``config[search_path]``).

Row aliases of a kind's query equal the field names, so a row becomes an object
through :func:`from_rows` (a query's rows) or :func:`from_row` (one row).
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Sequence as Seq
from dataclasses import dataclass
from sys import intern
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

from pytest_dbparity.core.identifiers import qualify, quote_ident

if TYPE_CHECKING:
    from pytest_dbparity.kinds.names import Kind

Pairs: TypeAlias = tuple[tuple[str, str], ...]

MAPPING: Mapping[str, bool] = {"mapping": True}


@dataclass(frozen=True, slots=True, kw_only=True)
class CatalogObject:
    """Base of every catalog object; subclasses add fields."""

    kind: ClassVar[Kind]
    identity: ClassVar[tuple[str, ...]]
    informational: ClassVar[tuple[str, ...]] = ()
    #: The model has a ``from_parent`` field: True for an object a partition
    #: holds because its partitioned parent has it (a column, a key's clone, an
    #: attached index, a cloned trigger). Such an object is compared only with a
    #: twin that is not one (the table is a partition on one side only): where
    #: both are, the parent's own object is compared instead.
    follows_parent: ClassVar[bool] = False
    #: Fields where None means "not known" (a planner estimate never made): an
    #: unknown value on one side is no difference.
    unknown_when_null: ClassVar[tuple[str, ...]] = ()

    @property
    def key(self) -> str:
        """The stable key that pairs this object with its twin in the other env."""
        values = _identity_of(type(self))(self)
        if type(values) is not tuple:  # one identity field
            return quote_ident(str(values))
        return ".".join([quote_ident(str(v)) for v in values])

    @property
    def group(self) -> str:
        """A looser key used to pair objects whose exact key changed (overloads)."""
        return self.key

    def group_of_key(self, key: str) -> str:
        """``group``, given this object's ``key`` (cheaper where the group is a
        prefix of the key)."""
        return key

    @property
    def parent(self) -> tuple[str, str] | None:
        """``(kind, key)`` of the object this one belongs to, if any."""
        return None

    @classmethod
    def compared_fields(cls) -> tuple[dataclasses.Field[Any], ...]:
        return _compared_fields(cls)


def is_copy(obj: CatalogObject | None) -> bool:
    """Whether *obj* is a partition's copy of its parent's object (see
    ``CatalogObject.follows_parent``)."""
    return (
        obj is not None
        and obj.follows_parent
        and getattr(obj, "from_parent", False) is True
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Routine(CatalogObject):
    """An object of ``pg_proc`` (a function, an aggregate): keyed by schema, name
    and identity arguments, and paired by schema and name (``group``) where a
    side has one overload only, so a changed argument list is one difference."""

    identity: ClassVar[tuple[str, ...]] = ("schema", "name", "identity_arguments")
    schema: str
    name: str
    identity_arguments: str

    @property
    def key(self) -> str:
        return f"{qualify(self.schema, self.name)}({self.identity_arguments})"

    @property
    def group(self) -> str:
        return qualify(self.schema, self.name)

    def group_of_key(self, key: str) -> str:
        # key is group + "(" + identity_arguments + ")"
        return key[: len(key) - len(self.identity_arguments) - 2]


def routine_address(names: list[str]) -> str | None:
    """The group key of a routine's ``pg_identify_object_as_address`` names
    (``[schema, name]``; its arguments are not part of the names)."""
    return qualify(*names) if len(names) == 2 else None


@dataclass(frozen=True, slots=True)
class Dependency:
    """``dependent`` uses ``referenced``; both ``(kind, key)``. Functions are keyed
    by schema and name (no arguments)."""

    dependent: tuple[str, str]
    referenced: tuple[str, str]


def _freeze(value: Any, shared: dict[Any, Any] | None = None) -> Any:
    """A list (an array, nested arrays) as tuples, their strings interned;
    anything else as it is. With *shared*, equal arrays are one tuple (the same
    grants, options and column lists come back in thousands of rows)."""
    if not isinstance(value, list):
        return value
    frozen = tuple(
        [
            _freeze(v, shared)
            if isinstance(v, list)
            else intern(v)
            if type(v) is str
            else v
            for v in value
        ]
    )
    if shared is None:
        return frozen
    try:
        return shared.setdefault(frozen, frozen)
    except TypeError:  # an unhashable element: kept as it is
        return frozen


#: Per model, computed once: field names, identity getter, compared fields.
_FIELD_NAMES: dict[type[CatalogObject], frozenset[str]] = {}
_IDENTITY: dict[type[CatalogObject], Callable[[Any], Any]] = {}
_COMPARED: dict[type[CatalogObject], tuple[dataclasses.Field[Any], ...]] = {}


def _identity_of(model: type[CatalogObject]) -> Callable[[Any], Any]:
    """A getter of the identity fields (a value for one field, else a tuple)."""
    getter = _IDENTITY.get(model)
    if getter is None:
        getter = _IDENTITY[model] = operator.attrgetter(*model.identity)
    return getter


def _field_names(model: type[CatalogObject]) -> frozenset[str]:
    names = _FIELD_NAMES.get(model)
    if names is None:
        names = _FIELD_NAMES[model] = frozenset(
            f.name for f in dataclasses.fields(model)
        )
    return names


def _compared_fields(
    model: type[CatalogObject],
) -> tuple[dataclasses.Field[Any], ...]:
    found = _COMPARED.get(model)
    if found is None:
        skip = set(model.identity) | set(model.informational)
        found = tuple(f for f in dataclasses.fields(model) if f.name not in skip)
        _COMPARED[model] = found
    return found


def from_row(model: type[CatalogObject], row: Mapping[str, Any]) -> CatalogObject:
    """Build *model* from a row whose keys equal its field names.

    Arrays arrive as lists; they become tuples so objects stay hashable.
    """
    (obj,) = from_rows(model, list(row), [tuple(row.values())])
    return obj


def from_rows(
    model: type[CatalogObject],
    names: Seq[str],
    rows: Iterable[Seq[Any]],
    *,
    arrays: Seq[int] | None = None,
) -> list[CatalogObject]:
    """``from_row`` for the tuple rows of one query with columns *names*: the
    names are checked once, and only the columns listed in *arrays* (indexes;
    None: every column) are looked at for arrays to freeze."""
    unknown = set(names) - _field_names(model)
    if unknown:
        raise ValueError(f"{model.kind}: unexpected columns {sorted(unknown)}")
    if arrays is None:
        arrays = range(len(names))
    if isinstance(rows, Seq) and not rows:
        return []
    build = _builder(model, tuple(names))
    out: list[CatalogObject] = []
    append = out.append
    shared: dict[Any, Any] = {}
    for row in rows:
        # Interned: the same schema, table and type names come back in thousands
        # of rows; one copy each (a third of a catalog's memory).
        values = [intern(v) if type(v) is str else v for v in row]
        for i in arrays:
            if type(values[i]) is list:
                values[i] = _freeze(values[i], shared)
        append(build(*values))
    return out


def _builder(
    model: type[CatalogObject], names: tuple[str, ...]
) -> Callable[..., CatalogObject]:
    found = _BUILDERS.get((model, names))
    if found is None:
        found = _BUILDERS[(model, names)] = _make_builder(model, names)
    return found


#: (model, column names) -> builder; a handful per model (one per query shape).
_BUILDERS: dict[tuple[type[CatalogObject], tuple[str, ...]], Callable[..., Any]] = {}


def _make_builder(
    model: type[CatalogObject], names: tuple[str, ...]
) -> Callable[..., CatalogObject]:
    """A function taking one value per column of *names*, positionally, that
    builds *model* as ``model(**dict(zip(names, values)))`` would (fields not in
    *names* take their defaults; a missing field without one is a TypeError now,
    not per row), without a dict and keyword parsing per row: about 3x faster
    than the dataclass ``__init__`` on the 250,000 rows of a large catalog.

    The models have no ``__post_init__`` (checked here), so setting each slot is
    all their ``__init__`` does; generated source, as ``dataclasses`` does.
    """
    if "__post_init__" in vars(model):
        raise TypeError(f"{model.__name__} has __post_init__: build it with __init__")
    given = {name: f"_v{i}" for i, name in enumerate(names)}
    defaults: dict[str, Any] = {}
    lines = []
    for f in dataclasses.fields(model):
        if f.name in given:
            value = given[f.name]
        elif f.default is not dataclasses.MISSING:
            value = f"_d_{f.name}"
            defaults[value] = f.default
        elif f.default_factory is not dataclasses.MISSING:
            value = f"_f_{f.name}()"
            defaults[f"_f_{f.name}"] = f.default_factory
        else:
            raise TypeError(f"{model.kind}: no column for field {f.name!r}")
        lines.append(f"    _set(obj, {f.name!r}, {value})")
    params = ", ".join(given.values())
    source = f"def build({params}):\n    obj = _new(_model)\n"
    source += "\n".join(lines) + "\n    return obj\n"
    namespace: dict[str, Any] = {
        "_new": object.__new__,
        "_model": model,
        "_set": object.__setattr__,
        **defaults,
    }
    # Safe: *names* were checked against the model's fields above their use here.
    exec(source, namespace)
    builder: Callable[..., CatalogObject] = namespace["build"]
    return builder


def to_dict(obj: CatalogObject) -> dict[str, Any]:
    """All fields of *obj* as plain JSON-able values (tuples become lists)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if f.metadata.get("mapping"):
            value = dict(value)
        elif isinstance(value, tuple):
            value = list(value)
        out[f.name] = value
    return out


def attributes(obj: CatalogObject) -> dict[str, Any]:
    """The compared attributes of *obj*, mappings expanded, as JSON-able values."""
    out: dict[str, Any] = {}
    for f in obj.compared_fields():
        value = getattr(obj, f.name)
        if f.metadata.get("mapping"):
            for name, v in value:
                out[f"{f.name}[{name}]"] = v
        elif isinstance(value, tuple):
            out[f.name] = list(value)
        else:
            out[f.name] = value
    return out

"""The diff engine: pure functions from two catalogs to object pairs and differences.

Nothing here reads a database, prints or decides severity (see ``severity.py``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import chain
from typing import Any, Literal, TypeAlias

from pytest_dbparity.core.objects import CatalogObject, attributes, is_copy

Change: TypeAlias = Literal["missing_in_a", "missing_in_b", "different"]
#: ``(object in A, object in B, attribute, value in A, value in B) -> True``
#: when two values that differ mean the same (read from servers of two majors).
Equivalent: TypeAlias = Callable[[CatalogObject, CatalogObject, str, Any, Any], bool]

#: Attributes whose text is SQL: a change of whitespace or comments only is
#: reported under ``<name>_formatting`` so rules can tell it apart.
SQL_TEXT_ATTRIBUTES: frozenset[str] = frozenset({"body"})


@dataclass(frozen=True, slots=True)
class AttributeDiff:
    """One attribute that differs; ``attribute`` is None for a missing object."""

    attribute: str | None
    a: Any
    b: Any


@dataclass(frozen=True, slots=True)
class Pair:
    """An object and its twin; one side is None when the object is missing there."""

    kind: str
    key: str
    a: CatalogObject | None
    b: CatalogObject | None

    @property
    def change(self) -> Change | None:
        if self.a is None:
            return "missing_in_a"
        if self.b is None:
            return "missing_in_b"
        return None


@dataclass(frozen=True, slots=True)
class ObjectDiff:
    """The outcome for one paired object: empty ``differences`` means parity."""

    pair: Pair
    differences: tuple[AttributeDiff, ...]

    @property
    def kind(self) -> str:
        return self.pair.kind

    @property
    def key(self) -> str:
        return self.pair.key

    @property
    def change(self) -> Change | None:
        if self.pair.change is not None:
            return self.pair.change
        return "different" if self.differences else None


def pair_objects(
    kind: str,
    a: Iterable[CatalogObject] | Mapping[str, CatalogObject],
    b: Iterable[CatalogObject] | Mapping[str, CatalogObject],
) -> list[Pair]:
    """Pair the objects of one kind by key, sorted by key.

    Objects whose looser ``group`` (a function's schema and name) holds exactly one
    object on each side that is present (so not overloaded) are paired by group and
    keyed by it: a function whose arguments changed is one object that differs in
    its arguments, not one missing and one extra. A group with one object on one
    side and none on the other is keyed by the group too, so ids stay short.
    """
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        models: set[type[CatalogObject]] = set(map(type, chain(a.values(), b.values())))
        # A model with a ``group`` of its own (functions) pairs by it.
        if not any(m.group is not CatalogObject.group for m in models):
            # Keyed already (a catalog's objects of one kind) and no object with a
            # looser group: pair by key without recomputing any key.
            keys = sorted(a.keys() | b.keys())
            return _without_copies([Pair(kind, k, a.get(k), b.get(k)) for k in keys])
    groups_a = _groups(a)
    groups_b = _groups(b)
    pairs: list[Pair] = []
    for group in groups_a.keys() | groups_b.keys():
        in_a, in_b = groups_a.get(group, []), groups_b.get(group, [])
        if len(in_a) <= 1 and len(in_b) <= 1:
            pairs.append(
                Pair(kind, group, in_a[0] if in_a else None, in_b[0] if in_b else None)
            )
            continue
        by_key_a = {o.key: o for o in in_a}
        by_key_b = {o.key: o for o in in_b}
        for key in by_key_a.keys() | by_key_b.keys():
            pairs.append(Pair(kind, key, by_key_a.get(key), by_key_b.get(key)))
    pairs.sort(key=lambda p: p.key)
    return _without_copies(pairs)


def _without_copies(pairs: list[Pair]) -> list[Pair]:
    """*pairs* without those whose two sides are both a partition's copy of its
    parent's object (``CatalogObject.follows_parent``): the parents' own objects
    are compared, and the partition's membership is the table's attribute."""
    if not pairs:
        return pairs
    sample = pairs[0].a if pairs[0].a is not None else pairs[0].b
    if sample is None or not sample.follows_parent:
        return pairs
    return [p for p in pairs if not (is_copy(p.a) and is_copy(p.b))]


def _groups(
    objs: Iterable[CatalogObject] | Mapping[str, CatalogObject],
) -> dict[str, list[CatalogObject]]:
    groups: dict[str, list[CatalogObject]] = defaultdict(list)
    if isinstance(objs, Mapping):
        # Keyed by their keys already: the group follows from the key.
        for key, obj in objs.items():
            groups[obj.group_of_key(key)].append(obj)
    else:
        for obj in objs:
            groups[obj.group].append(obj)
    return groups


def diff_values(
    a: Mapping[str, Any],
    b: Mapping[str, Any],
    *,
    same_sql: Callable[[str, str], bool] | None = None,
) -> tuple[AttributeDiff, ...]:
    """Attribute-by-attribute differences of two attribute maps, in a fixed order.

    An attribute present on one side only (a mapping entry such as one grantee)
    differs from ``None`` on the other.
    """
    out: list[AttributeDiff] = []
    names = list(a) + [n for n in b if n not in a]
    for name in names:
        va, vb = a.get(name), b.get(name)
        if va == vb:
            continue
        if (
            name in SQL_TEXT_ATTRIBUTES
            and same_sql is not None
            and isinstance(va, str)
            and isinstance(vb, str)
            and same_sql(va, vb)
        ):
            name = f"{name}_formatting"
        out.append(AttributeDiff(name, va, vb))
    return tuple(out)


def diff_pair(
    pair: Pair,
    *,
    same_sql: Callable[[str, str], bool] | None = None,
    equivalent: Equivalent | None = None,
) -> ObjectDiff:
    """Compare the two sides of *pair*; an attribute whose values *equivalent*
    holds for is no difference."""
    if pair.a is None or pair.b is None:
        present = pair.a if pair.a is not None else pair.b
        assert present is not None
        values = attributes(present)
        diff = AttributeDiff(
            None,
            values if pair.a is not None else None,
            values if pair.b is not None else None,
        )
        return ObjectDiff(pair, (diff,))
    if pair.a == pair.b:
        return ObjectDiff(pair, ())  # equal fields: equal attributes, cheaply
    found = diff_values(attributes(pair.a), attributes(pair.b), same_sql=same_sql)
    unknown = pair.a.unknown_when_null
    if unknown:
        found = tuple(
            d
            for d in found
            if not (d.attribute in unknown and (d.a is None or d.b is None))
        )
    if equivalent is not None and found:
        a, b = pair.a, pair.b
        found = tuple(
            d
            for d in found
            if d.attribute is None or not equivalent(a, b, d.attribute, d.a, d.b)
        )
    return ObjectDiff(pair, found)


def diff_kind(
    kind: str,
    a: Iterable[CatalogObject] | Mapping[str, CatalogObject],
    b: Iterable[CatalogObject] | Mapping[str, CatalogObject],
    *,
    same_sql: Callable[[str, str], bool] | None = None,
    equivalent: Equivalent | None = None,
) -> list[ObjectDiff]:
    """Pair and compare every object of one kind; parity objects included."""
    return [
        diff_pair(p, same_sql=same_sql, equivalent=equivalent)
        for p in pair_objects(kind, a, b)
    ]

"""Impact: what uses a differing object, from a catalog's dependency edges.

Pure functions over ``Catalog.dependencies`` (``dependent`` uses ``referenced``,
both ``(kind, key)``; functions keyed ``schema.name`` without arguments). The walk
follows edges backwards from the object, up to a few hops, so an extension leads
to its types and on to the columns that use them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from pytest_dbparity.catalog import Catalog, Dependency

Node = tuple[str, str]

MAX_HOPS = 3


@dataclass(frozen=True, slots=True)
class Dependent:
    """An object that uses the start object; ``via`` are the hops in between."""

    node: Node
    via: tuple[Node, ...] = ()


def strip_arguments(key: str) -> str:
    """``public.f(integer, text)`` -> ``public.f`` (quoted names kept intact)."""
    quoted = False
    for i, ch in enumerate(key):
        if ch == '"':
            quoted = not quoted
        elif ch == "(" and not quoted:
            return key[:i]
    return key


def reverse_index(dependencies: Iterable[Dependency]) -> dict[Node, list[Node]]:
    """``referenced -> [dependents]``, each list sorted."""
    out: dict[Node, set[Node]] = {}
    for d in dependencies:
        out.setdefault(d.referenced, set()).add(d.dependent)
    return {k: sorted(v) for k, v in out.items()}


# The registry is imported on first use: the kinds import this module (for
# ``Dependent``) while the registry is being built.


@cache
def _dependency_keys() -> Mapping[str, Callable[[str], str]]:
    """Kinds whose objects the dependency records key otherwise (``dependency_key``)."""
    from pytest_dbparity.kinds.registry import REGISTRY

    return {s.name: s.dependency_key for s in REGISTRY if s.dependency_key}


@cache
def _dependency_parts() -> Mapping[str, tuple[str, ...]]:
    """Kinds whose parts stand for their objects (``dependency_parts``)."""
    from pytest_dbparity.kinds.registry import REGISTRY

    return {s.name: s.dependency_parts for s in REGISTRY if s.dependency_parts}


def _own_child(container: Node, node: Node) -> bool:
    """*node* is a dotted part of *container* (an object with parts)."""
    return container[0] in _dependency_parts() and node[1].startswith(
        container[1] + "."
    )


def seeds(kind: str, key: str, index: Mapping[Node, Sequence[Node]]) -> list[Node]:
    """The dependency nodes standing for the object ``(kind, key)``.

    An object whose kind has ``dependency_parts`` stands for itself and those
    parts (a table for its columns: foreign keys of other tables and views
    reference columns, not the table); a kind's ``dependency_key`` gives the key
    the records use (a function's, without arguments).
    """
    dependency_key = _dependency_keys().get(kind)
    if dependency_key is not None:
        return [(kind, dependency_key(key))]
    parts = _dependency_parts().get(kind)
    if parts:
        prefix = key + "."
        found = sorted(n for n in index if n[0] in parts and n[1].startswith(prefix))
        return [(kind, key), *found]
    return [(kind, key)]


def dependents(
    kind: str,
    key: str,
    index: Mapping[Node, Sequence[Node]],
    *,
    max_hops: int = MAX_HOPS,
) -> tuple[Dependent, ...]:
    """Everything that uses ``(kind, key)``, breadth first, up to *max_hops*.

    A table's own columns, constraints, policies and triggers are left out (they
    are part of it, not users of it); so are those of any table on the way.
    """
    start = seeds(kind, key, index)
    own: list[Node] = [n for n in start if n[0] in _dependency_parts()]
    seen: set[Node] = set(start)
    found: list[Dependent] = []
    queue: deque[tuple[Node, tuple[Node, ...], int]] = deque((n, (), 0) for n in start)
    while queue:
        node, via, hops = queue.popleft()
        if hops >= max_hops:
            continue
        for dep in index.get(node, ()):
            if dep in seen:
                continue
            if any(_own_child(c, dep) for c in (*own, node)):
                continue
            seen.add(dep)
            path = via if node == start[0] else (*via, node)
            found.append(Dependent(dep, path))
            queue.append((dep, path, hops + 1))
    return tuple(found)


def impact(kind: str, key: str, catalog: Catalog) -> tuple[Dependent, ...]:
    """What uses ``(kind, key)`` in *catalog*."""
    return dependents(kind, key, reverse_index(catalog.dependencies))

"""The sections of the script, in the order they run, derived from the registry.

Every kind the script reconciles with DDL (``KindSpec.fix_order`` set) has a
section at its ``fix_order`` where its objects are created and changed, and, if
it has a ``fix_drop_title``, a drop section. Drops come first, in reverse order
(what uses an object is dropped before it); creates and changes follow in order
(what an object uses exists before it).

The engine's own sections belong to no kind. They sit among the kinds' by the
same numbers (``_ENGINE``), each where what it does can run:

* enum labels (30): after extensions (20), before types (40) and everything else
  that may use a new label;
* sequence ownership (80): once the columns OWNED BY names exist (70);
* owners (160): once every object exists, and before privileges (170), which are
  planned from what the source owner holds;
* comments, data (notes only) and what is not reconciled come last;
* foreign keys added ``NOT VALID`` are validated after the main transaction has
  committed, each in a transaction of its own after a check for orphan rows
  (``_script`` writes this section after the ``COMMIT``).

A step names its section; steps run section by section (see ``_script``).
"""

from __future__ import annotations

from dataclasses import dataclass

from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.registry import REGISTRY


@dataclass(frozen=True, slots=True)
class Phase:
    """One section of the script: where it runs (0 first) and its title."""

    position: int
    title: str


#: The engine's own sections: name -> (slot among the kinds' ``fix_order``, title).
_ENGINE: dict[str, tuple[int, str]] = {
    "enum labels": (30, "enum labels"),
    "sequence ownership": (80, "sequence ownership"),
    "owners": (160, "owners"),
    "comments": (180, "comments"),
    "data": (190, "data (no statements)"),
    "not reconciled": (200, "not reconciled"),
    "validation": (210, "validate foreign keys"),
}


def _sections() -> dict[tuple[str, str], Phase]:
    """Every section, keyed ``("engine", name)``, ``("create", kind)`` or
    ``("drop", kind)``."""
    slots: list[tuple[int, str, tuple[str, str]]] = [
        (slot, title, ("engine", name)) for name, (slot, title) in _ENGINE.items()
    ]
    for spec in REGISTRY:
        if spec.fix_order is None:
            continue
        title = spec.fix_title or spec.plural
        slots.append((spec.fix_order, title, ("create", spec.name)))
    places = [slot for slot, _, _ in slots]
    if min(places) <= 0 or len(set(places)) != len(places):
        raise ValueError(f"fix_order must be positive and unique: {sorted(places)}")
    for spec in REGISTRY:
        if spec.fix_order is not None and spec.fix_drop_title is not None:
            slots.append((-spec.fix_order, spec.fix_drop_title, ("drop", spec.name)))
    ordered = sorted(slots)
    return {key: Phase(i, title) for i, (_, title, key) in enumerate(ordered)}


_SECTIONS = _sections()

#: Every section, in the order the script runs them.
PHASES: tuple[Phase, ...] = tuple(sorted(_SECTIONS.values(), key=lambda p: p.position))

ENUM_VALUE = _SECTIONS[("engine", "enum labels")]
SEQUENCE_OWNER = _SECTIONS[("engine", "sequence ownership")]
OWNER = _SECTIONS[("engine", "owners")]
COMMENT = _SECTIONS[("engine", "comments")]
DATA = _SECTIONS[("engine", "data")]
NOT_RECONCILED = _SECTIONS[("engine", "not reconciled")]
VALIDATION = _SECTIONS[("engine", "validation")]


def create_phase(spec: KindSpec) -> Phase:
    """The section where objects of *spec*'s kind are created and changed."""
    return _SECTIONS[("create", spec.name)]


def drop_phase(spec: KindSpec) -> Phase:
    """The section where objects of *spec*'s kind are dropped."""
    return _SECTIONS[("drop", spec.name)]

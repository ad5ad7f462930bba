"""What the xdist controller hands its workers when two environments are compared.

A worker needs the items, not the catalogs: the key of every object (to collect the
same items in the same order as every other worker), the result of each object that
differs (its findings and both sides, for the failure message and the snapshot),
the environments' names and which kinds a side did not read. Objects in parity
travel as their keys only. At 10,000 tables this is a few megabytes that load in a
fraction of a second, where the two catalogs were 100 MB of JSON to parse and
compare again in every worker.

The file is written by the controller into a private temporary folder and read by
its own workers only (pickle: the results are frozen dataclasses).
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pytest_dbparity.catalog import Catalog, EnvInfo
from pytest_dbparity.findings import Comparison, ObjectResult

FORMAT = "dbparity-handover/1"


@dataclass(frozen=True, slots=True)
class InParityObject:
    """An object in parity as a worker knows it: its kind and key."""

    kind: str
    key: str


@dataclass(frozen=True, slots=True)
class Handover:
    env_a: EnvInfo
    env_b: EnvInfo
    #: kind -> the key of every object, in the comparison's (the items') order.
    keys: Mapping[str, tuple[str, ...]]
    #: kind -> position in ``keys`` -> the result of an object that differs.
    differing: Mapping[str, Mapping[int, ObjectResult]]
    #: kind -> "A"/"B" -> why that side did not read it (``Comparison.not_read``).
    not_read: Mapping[str, Mapping[str, str]]

    @property
    def kinds(self) -> tuple[str, ...]:
        """The compared kinds, in the comparison's order."""
        return tuple(self.keys)

    def results(self, kind: str) -> tuple[ObjectResult | InParityObject, ...]:
        """The items of *kind*, as the controller's comparison orders them."""
        differing = self.differing.get(kind, {})
        return tuple(
            differing[i] if i in differing else InParityObject(kind, key)
            for i, key in enumerate(self.keys.get(kind, ()))
        )


def handover_of(comparison: Comparison, a: Catalog, b: Catalog) -> Handover:
    keys: dict[str, tuple[str, ...]] = {}
    differing: dict[str, dict[int, ObjectResult]] = {}
    for kind in comparison.kinds:
        results = comparison.of(kind)
        keys[kind] = tuple(r.key for r in results)
        differing[kind] = {i: r for i, r in enumerate(results) if r.findings}
    return Handover(
        env_a=comparison.env_a,
        env_b=comparison.env_b,
        keys=keys,
        differing=differing,
        not_read={k: dict(v) for k, v in comparison.not_read.items()},
    )


def write_handover(path: Path, handover: Handover) -> None:
    """Write *handover* to *path*, atomically."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as f:
        pickle.dump((FORMAT, handover), f, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)


def read_handover(path: Path) -> Handover:
    with path.open("rb") as f:
        fmt, handover = pickle.load(f)
    if fmt != FORMAT or not isinstance(handover, Handover):
        raise ValueError(f"{path}: not a {FORMAT} file")
    return handover

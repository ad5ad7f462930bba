"""What one parity item carries: an object's result, an object in parity (as a
worker knows it), an object of drift mode, all objects in parity of a kind, or a
kind a side did not read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.findings import ObjectResult
from pytest_dbparity.handover import InParityObject


@dataclass(frozen=True, slots=True)
class DriftObject:
    """One object of env A, compared with its approved snapshot (drift mode)."""

    kind: str
    key: str
    obj: CatalogObject


@dataclass(frozen=True, slots=True)
class InParity:
    """All objects of one kind without a difference, as one item
    (``--dbparity-items differences``)."""

    kind: str
    count: int
    #: The keys of those objects: ``-k`` selects the item by any of them.
    keys: tuple[str, ...] = ()

    #: The item id: never an object key (an unquoted identifier has no dash).
    key = "in-parity"


@dataclass(frozen=True, slots=True)
class NotRead:
    """A kind asked for that a side did not read: one item, which fails."""

    kind: str
    #: side ("A"/"B") -> why.
    reasons: Mapping[str, str]

    #: The item id: never an object key (an unquoted identifier has no dash).
    key = "not-read"

    def message(self) -> str:
        why = "; ".join(
            f"not read in {s}: {r}" for s, r in sorted(self.reasons.items())
        )
        return (
            f"{self.kind} was not compared: {why}. Nothing of this kind is checked "
            "until both sides read it (or leave the kind out: --dbparity-kinds, or "
            "kinds in the config)."
        )


Payload = ObjectResult | InParityObject | DriftObject | InParity | NotRead

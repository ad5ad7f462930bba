"""What an approval says about a difference: when it was approved and why.

An approval records a difference; it never removes it. The report's risk
summary and plan and the fix script keep approved differences and mark them with
``Approval.note`` ("approved on 2026-05-04, <reason>"), unless a run asks to
leave them out (``EXCLUDE_APPROVED``). The date and the reason come from the
snapshot file (``approved:``, written by ``--snapshot-update``; ``reason:``,
written by a reviewer and kept by later updates).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: The option that leaves approved differences out of the report's risk
#: summary and plan and out of the fix script.
EXCLUDE_APPROVED = "--dbparity-exclude-approved"


@dataclass(frozen=True, slots=True)
class Approval:
    """The approval of one object's difference, as its snapshot file states it."""

    #: ``YYYY-MM-DD``; None for a file written before approvals were dated.
    on: str | None = None
    #: What the reviewer wrote under ``reason:``; None when nobody did.
    reason: str | None = None

    @property
    def when(self) -> str:
        """``on 2026-05-04`` (or that the file records no date)."""
        return f"on {self.on}" if self.on else "(date not recorded)"

    @property
    def why(self) -> str:
        return self.reason or "no reason given"

    def note(self, sep: str = ", ") -> str:
        """``approved on 2026-05-04, <reason>`` (*sep* between date and reason)."""
        return f"approved {self.when}{sep}{self.why}"

    def to_json(self) -> dict[str, Any]:
        return {"approved_on": self.on, "approval_reason": self.reason}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Approval:
        on, reason = data.get("approved_on"), data.get("approval_reason")
        return cls(
            on=str(on) if on else None,
            reason=str(reason) if reason else None,
        )


#: ``(kind, key)`` of an approved object -> its approval.
Approvals = Mapping[tuple[str, str], Approval]

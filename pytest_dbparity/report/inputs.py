"""What a report is built from, and how each finding counts in it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from pytest_dbparity.approvals import Approval
from pytest_dbparity.catalog import Catalog
from pytest_dbparity.findings import Comparison, Finding
from pytest_dbparity.severity import Severity

#: Where a finding stands: failing the run, approved in a snapshot, ignored by a
#: rule, or not accepted but below the fail-on threshold.
Status: TypeAlias = Literal["failing", "approved", "ignored", "below"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportInput:
    """Everything a report states; the caller gives the time, so output repeats."""

    comparison: Comparison
    catalog_a: Catalog
    catalog_b: Catalog
    fail_on: Severity
    #: ``(kind, key)`` of objects whose difference matched an approved snapshot.
    approved: frozenset[tuple[str, str]] = frozenset()
    #: When and why each approved object was approved (its snapshot file).
    approvals: Mapping[tuple[str, str], Approval] = field(default_factory=dict)
    #: Leave approved differences out of the risk summary and the plan
    #: (``--dbparity-exclude-approved``); by default they are in, marked.
    exclude_approved: bool = False
    #: ISO timestamp shown as the generation time.
    generated_at: str

    def status(self, f: Finding) -> Status:
        if f.accepted:
            return "ignored"
        if (f.kind, f.object) in self.approved:
            return "approved"
        if f.severity < self.fail_on:
            return "below"
        return "failing"

    def accepted(self, f: Finding) -> bool:
        """Ignored by a rule or approved in a snapshot: the run does not fail."""
        return f.accepted or (f.kind, f.object) in self.approved

    def approval(self, f: Finding) -> Approval | None:
        """The approval of *f*'s object (None unless approved and not ignored)."""
        if f.accepted or (f.kind, f.object) not in self.approved:
            return None
        return self.approvals.get((f.kind, f.object), Approval())

    def left_out(self, f: Finding) -> bool:
        """Out of the risk summary and the plan: ignored by a rule, or approved
        when the run excludes approved differences. An approval alone never
        hides a difference: it is known, not gone."""
        return f.accepted or (
            self.exclude_approved and (f.kind, f.object) in self.approved
        )

"""What a report is built from, and how each finding counts in it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

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
        """Ignored by a rule or approved in a snapshot: no action is asked."""
        return f.accepted or (f.kind, f.object) in self.approved

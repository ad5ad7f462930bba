"""Helpers of the report's tests: a report input from two catalogs, and the
sections, table rows and text of a built report."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Mapping

from pytest_dbparity.approvals import Approval
from pytest_dbparity.catalog import Catalog
from pytest_dbparity.findings import compare
from pytest_dbparity.kinds.names import KINDS
from pytest_dbparity.report import Report, ReportInput
from pytest_dbparity.report.model import (
    BulletList,
    NumberedList,
    Paragraph,
    Section,
    TableBlock,
    plain_text,
)
from pytest_dbparity.severity import Rule, Severity

NOW = "2025-10-15T12:00:00+00:00"


def make_input(
    a: Catalog,
    b: Catalog,
    *,
    rules: tuple[Rule, ...] = (),
    approved: frozenset[tuple[str, str]] = frozenset(),
    approvals: Mapping[tuple[str, str], Approval] | None = None,
    exclude_approved: bool = False,
    fail_on: Severity = Severity.HIGH,
) -> ReportInput:
    return ReportInput(
        comparison=compare(a, b, kinds=KINDS, rules=rules),
        catalog_a=a,
        catalog_b=b,
        fail_on=fail_on,
        approved=approved,
        approvals=approvals or {},
        exclude_approved=exclude_approved,
        generated_at=NOW,
    )


def section(report: Report, title: str) -> Section:
    """The section whose title contains *title* (at any depth)."""

    def walk(sections: Iterable[Section]) -> Iterator[Section]:
        for s in sections:
            yield s
            yield from walk(b for b in s.blocks if isinstance(b, Section))

    for s in walk(report.sections):
        if title in s.title:
            return s
    raise AssertionError(f"no section {title!r}")


def blocks(s: Section) -> Iterator[object]:
    for b in s.blocks:
        if isinstance(b, Section):
            yield from blocks(b)
        else:
            yield b


def rows(s: Section) -> list[list[str]]:
    """Every table row of a section (subsections too), as plain text cells."""
    return [
        [plain_text(c) for c in row]
        for b in blocks(s)
        if isinstance(b, TableBlock)
        for row in b.rows
    ]


def text(s: Section) -> str:
    parts: list[str] = []
    for b in blocks(s):
        if isinstance(b, Paragraph):
            parts.append(plain_text(b.content))
        elif isinstance(b, (BulletList, NumberedList)):
            parts.extend(plain_text(i) for i in b.items)
        elif isinstance(b, TableBlock):
            parts.extend(" | ".join(r) for r in rows(Section("", (b,))))
    return "\n".join(parts)


def html_text(page: str) -> str:
    body = page.split("<body>", 1)[1]
    return html.unescape(re.sub(r"<[^>]+>", " ", body))

"""The parity report: a readable analysis of two environments' differences.

``build_report`` turns a comparison (and the two catalogs it came from) into a
small document (``model``); ``render_markdown`` and ``render_html`` render that
same document in two formats, and ``write_report`` writes one of them to a file.
Nothing here reads a database or prints. ("Render" means only that in the
package: printing a built document in an output format.)

Where things are:

- A section about certain kinds lives in the folder of the kind that leads it
  (``kinds/<kind>/report.py``) and is registered by its spec (``KindSpec.section``,
  a ``kind_section.KindSection``); the section's kinds are those whose
  ``report_section`` names the same section. The section also gives its lines
  of the executive summary's key findings.
- ``sections/`` holds the sections that read across kinds (summary, overview,
  other differences, accepted differences, impact, plan). They name no kind:
  what they do for one comes from its spec (``action``, ``nouns`` and
  ``action_for_all`` for the plan; ``overview`` and ``overview_rows`` for the
  overview; ``impact_users``, ``impact_label``, ``dependency_key`` and
  ``dependency_parts`` for the impact list; ``has_parts`` for the accepted list).
- ``build`` puts the sections in an order derived from the registry: the
  executive summary, then numbered: the environment overview, the kinds'
  sections of schema kinds (by ``KindSection.order``), the other differences
  (kinds whose ``report_section`` is "other"), the kinds' sections of data kinds
  (``KindSpec.data``), the accepted differences, the impact list and the plan.

The kinds import the report's building blocks (``model``, ``text``, ``cells``,
``kind_section``, ``impact``) while the registry is being built, so those modules
and this ``__init__`` import the registry only when called: ``build_report`` and
``write_report`` (``build``) load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pytest_dbparity.report.inputs import ReportInput, Status
from pytest_dbparity.report.model import Report
from pytest_dbparity.report.to_html import render_html
from pytest_dbparity.report.to_markdown import render_markdown

if TYPE_CHECKING:
    from pytest_dbparity.report.build import build_report, write_report

__all__ = [
    "Report",
    "ReportInput",
    "Status",
    "build_report",
    "render_html",
    "render_markdown",
    "write_report",
]

_LAZY = frozenset({"build_report", "write_report"})


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from pytest_dbparity.report import build

        value = getattr(build, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

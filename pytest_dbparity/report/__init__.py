"""The parity report: a readable analysis of two environments' differences.

``build_report`` turns a comparison (and the two catalogs it came from) into a
small document (``model``); ``render_markdown`` and ``render_html`` render that
same document in two formats, and ``write_report`` writes one of them to a file.
Nothing here reads a database or prints.

This package's ``__init__`` stays light: the kinds import the report's pure
building blocks (``model``, ``text``) while the registry is being built, so
``build_report`` and ``write_report`` (``build``, which needs the registry) load
on first use.
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

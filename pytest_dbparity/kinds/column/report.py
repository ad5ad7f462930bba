"""What the report says of columns."""

from __future__ import annotations

from typing import Any

from pytest_dbparity.report.model import Rich, rich
from pytest_dbparity.report.text import values


def action(attribute: str, a: Any, b: Any, objects: Rich) -> Rich | None:
    """The plan's action for a differing column type."""
    if attribute == "type":
        return rich("Align the type of column ", objects, values(a, b))
    return None

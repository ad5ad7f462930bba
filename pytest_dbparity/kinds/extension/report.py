"""What the report says of extensions."""

from __future__ import annotations

from typing import Any

from pytest_dbparity.report.model import Rich, rich
from pytest_dbparity.report.text import values


def action(attribute: str, a: Any, b: Any, objects: Rich) -> Rich | None:
    """The plan's action for an extension in another schema or version."""
    if attribute == "schema":
        return rich(
            "Install extension ",
            objects,
            " in the same schema on both sides",
            values(a, b),
            "; qualified names and search_path depend on it",
        )
    if attribute == "version":
        return rich("Update extension ", objects, " to the same version", values(a, b))
    return None

"""What the report says of default privileges."""

from __future__ import annotations

from typing import Any

from pytest_dbparity.report.model import Rich, rich
from pytest_dbparity.report.text import values


def action(attribute: str, a: Any, b: Any, objects: Rich) -> Rich | None:
    """The plan's action for a role's differing default grants."""
    if attribute.startswith("grants["):
        role = attribute[len("grants[") : -1]
        return rich(
            f"Align what new objects grant role {role} (default privileges) for ",
            objects,
            values(a, b),
        )
    return None

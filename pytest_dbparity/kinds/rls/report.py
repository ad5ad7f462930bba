"""What the report says of row level security settings."""

from __future__ import annotations

from typing import Any

from pytest_dbparity.catalog import Catalog
from pytest_dbparity.report.impact import Dependent
from pytest_dbparity.report.model import Rich, rich
from pytest_dbparity.report.text import other_side


def action(attribute: str, a: Any, b: Any, objects: Rich) -> Rich | None:
    """The plan's action for a differing ``enabled`` or ``forced`` flag."""
    if attribute not in ("enabled", "forced") or not isinstance(a, bool):
        return None
    on = "A" if a else "B"
    off = other_side(on)
    verb = "Enable" if attribute == "enabled" else "Force"
    undo = "disable" if attribute == "enabled" else "stop forcing"
    return rich(
        f"{verb} row level security on ",
        objects,
        f" in {off} to match {on}, or {undo} it in {on}",
    )


def policies_on(catalog: Catalog, table_key: str) -> tuple[Dependent, ...]:
    """The policies on a table (the impact list's entry for its RLS setting)."""
    return tuple(
        Dependent(("policy", p.key))
        for p in sorted(catalog.of("policy").values(), key=lambda p: p.key)
        if p.parent == ("table", table_key)
    )

"""What the report says of functions and procedures."""

from __future__ import annotations

from typing import Any

from pytest_dbparity.report.model import Rich, rich
from pytest_dbparity.report.text import other_side, values


def action(attribute: str, a: Any, b: Any, objects: Rich) -> Rich | None:
    """The plan's action for a differing security, setting, signature or body."""
    if attribute == "security_definer":
        has = "A" if a else "B"
        return rich(
            "Make ",
            objects,
            f" SECURITY DEFINER in {other_side(has)} to match {has}, or SECURITY "
            f"INVOKER in {has}",
        )
    if attribute.startswith("config["):
        setting = attribute[len("config[") : -1]
        return rich(f"Align the {setting} setting of ", objects, values(a, b))
    if attribute == "arguments":
        return rich(
            "Align the arguments of ",
            objects,
            values(f"({a})", f"({b})"),
            "; callers of the other form break",
        )
    if attribute == "result":
        return rich(
            "Align the return type of ",
            objects,
            values(a, b),
            "; callers expect one type",
        )
    if attribute == "body":
        return rich(
            "Reconcile the body of ",
            objects,
            " (it differs between A and B; see Function differences)",
        )
    return None

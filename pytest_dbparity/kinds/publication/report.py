"""What the report says of publications."""

from __future__ import annotations

from typing import Any

from pytest_dbparity.report.model import Code, Rich, rich
from pytest_dbparity.report.text import values

_MEMBERS = {"tables[": "table", "schemas[": "schema"}


def action(attribute: str, a: Any, b: Any, objects: Rich) -> Rich | None:
    """The plan's action for a member table or schema that differs."""
    for prefix, noun in _MEMBERS.items():
        if not attribute.startswith(prefix):
            continue
        member = Code(attribute[len(prefix) : -1])
        if b is None:
            what = ("Publish ", " in B as A does", ", or stop publishing it in A")
        elif a is None:
            what = ("Stop publishing ", " in B, as A does not", ", or publish it in A")
        else:
            what = ("Align what is published of ", "", "")
        start, middle, end = what
        return rich(
            f"{start}{noun} ", member, " through ", objects, middle, values(a, b), end
        )
    return None

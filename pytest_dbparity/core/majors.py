"""What differs between PostgreSQL majors by version, not by schema.

Read from servers of two majors, a value may differ only because one server has
more to offer: PostgreSQL 17 added the MAINTAIN privilege on tables, so
``GRANT ALL`` grants seven privileges on 15 and eight on 17. Such values mean
the same when each side grants everything its own server has.
"""

from __future__ import annotations

from typing import Any

#: What every table-like object's privileges were before PostgreSQL 17.
_TABLE_PRIVILEGES = frozenset(
    {"DELETE", "INSERT", "REFERENCES", "SELECT", "TRIGGER", "TRUNCATE", "UPDATE"}
)
#: Object types (privilege rows, default-privilege entries) with table privileges.
_TABLE_TYPES = frozenset(
    {"table", "view", "materialized view", "foreign table", "tables"}
)
#: Privileges a major added: name -> the first major that has it.
ADDED_PRIVILEGES: dict[str, int] = {"MAINTAIN": 17}


def all_privileges(object_type: str, major: int) -> frozenset[str] | None:
    """Every privilege a server of *major* has on *object_type*, where that
    depends on the major (None: it does not)."""
    if object_type not in _TABLE_TYPES:
        return None
    added = {p for p, since in ADDED_PRIVILEGES.items() if major >= since}
    return _TABLE_PRIVILEGES | added


def _parse(value: Any) -> dict[str, bool] | None:
    """``"DELETE, INSERT*"`` -> privilege -> with grant option."""
    if not isinstance(value, str) or not value:
        return None
    out = {}
    for item in value.split(","):
        item = item.strip()
        out[item.rstrip("*")] = item.endswith("*")
    return out


def full_grants_alike(
    object_type: str, a: Any, b: Any, major_a: int, major_b: int
) -> bool:
    """Whether privilege lists *a* (read from a server of *major_a*) and *b*
    both grant every privilege their own server has on *object_type*, all with
    grant option or all without: ``GRANT ALL`` on both sides."""
    all_a = all_privileges(object_type, major_a)
    all_b = all_privileges(object_type, major_b)
    if all_a is None or all_b is None or all_a == all_b:
        return False
    pa, pb = _parse(a), _parse(b)
    if pa is None or pb is None or set(pa) != all_a or set(pb) != all_b:
        return False
    options = set(pa.values()) | set(pb.values())
    return len(options) == 1


def grants_across_majors(
    obj_a: Any,
    obj_b: Any,
    attribute: str,
    a: Any,
    b: Any,
    major_a: int,
    major_b: int,
) -> bool:
    """``KindSpec.across_majors`` of the kinds with ``grants[<grantee>]``."""
    return attribute.startswith("grants[") and full_grants_alike(
        str(getattr(obj_a, "object_type", "")), a, b, major_a, major_b
    )

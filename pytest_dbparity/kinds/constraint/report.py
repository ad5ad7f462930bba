"""What the report says of constraints."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pytest_dbparity.kinds.constraint import Constraint

#: How constraints are named, by type (singular, plural).
_NOUNS: dict[str, tuple[str, str]] = {
    "foreign key": ("foreign key", "foreign keys"),
    "primary key": ("primary key", "primary keys"),
    "unique": ("unique constraint", "unique constraints"),
    "check": ("check constraint", "check constraints"),
    "exclusion": ("exclusion constraint", "exclusion constraints"),
}


def nouns(obj: Constraint) -> tuple[str, str]:
    """A constraint named by its type: ``("foreign key", "foreign keys")``."""
    return _NOUNS.get(obj.constraint_type, ("constraint", "constraints"))

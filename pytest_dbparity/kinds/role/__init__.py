"""Roles that compared objects refer to: their attributes, memberships and
comment (never a password).

Roles are cluster-wide and read whole (every role but the ``pg_*`` ones), each
marked ``referenced`` when an object in the read scope refers to it (owner,
grantee, policy role, default privileges, settings that apply in the current
database) or when a referenced role is a member of it, transitively. A role is
compared when it is referenced on one side at least: a role referred to only in
A is still compared with the same role in B, and "missing in B" only when B has
no such role. Roles nothing refers to are never compared (other projects' roles on a
shared server are not this database's business).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from pytest_dbparity.core.identifiers import quote_ident
from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.severity import CRIT, HIGH, LOW, MED, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class Role(CatalogObject):
    """One role. ``member_of`` lists the roles it is a member of, sorted, each
    quoted like ``quote_ident`` and followed by its options in parentheses where
    they are not the defaults: ``admin option``; from PostgreSQL 16 also ``no
    inherit`` / ``inherit`` (against the role's own INHERIT) and ``no set``."""

    kind: ClassVar[Kind] = "role"
    identity: ClassVar[tuple[str, ...]] = ("name",)
    informational: ClassVar[tuple[str, ...]] = ("referenced",)
    name: str
    superuser: bool
    inherit: bool
    create_role: bool
    create_db: bool
    login: bool
    replication: bool
    bypass_rls: bool
    connection_limit: int
    member_of: tuple[str, ...] = ()
    comment: str | None = None
    #: Referred to by an object this side compares (not compared itself).
    referenced: bool = True


def _referenced(obj: Any) -> bool:
    return bool(getattr(obj, "referenced", True))


def _role(names: list[str]) -> str | None:
    return quote_ident(names[0]) if len(names) == 1 else None


_FLAGS = (
    ("superuser", "superuser"),
    ("login", "login"),
    ("bypass_rls", "bypassrls"),
    ("create_role", "createrole"),
    ("create_db", "createdb"),
    ("replication", "replication"),
)


def _describe(obj: Role) -> str:
    flags = [word for name, word in _FLAGS if getattr(obj, name)]
    text = ", ".join(flags) if flags else "nologin"
    if obj.member_of:
        text += "; member of " + ", ".join(obj.member_of)
    return text


SPEC: KindSpec = KindSpec(
    model=Role,
    package=__name__,
    singular="role",
    plural="roles",
    rank=3,
    query="roles",
    scope="cluster",
    compared_if=_referenced,
    rules=(
        rule("-", HIGH, "a role objects refer to exists on one side only"),
        rule(
            "bypass_rls",
            CRIT,
            "BYPASSRLS differs: an API role gaining BYPASSRLS reads and writes "
            "past every row level security policy",
        ),
        rule(
            "superuser",
            CRIT,
            "SUPERUSER differs: a superuser bypasses every check",
        ),
        rule(
            "member_of",
            HIGH,
            "role memberships differ: the role holds other roles' rights",
        ),
        rule("login", HIGH, "LOGIN differs: the role can connect on one side only"),
        rule("comment", LOW, "comment differs"),
        rule(None, MED, "role attribute differs"),
    ),
    addresses={"role": _role},
    describe=_describe,
    impact=False,
    fix_order=5,
)

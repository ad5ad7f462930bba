"""User mappings (``CREATE USER MAPPING``): their options, every value hidden
(a user mapping holds credentials: each option is compared by a keyed hash and
shown as ``differs (values hidden)``).

Keyed ``<role>@<server>``, the role ``PUBLIC`` for a mapping of every role, each
name quoted like ``quote_ident`` (a role named ``PUBLIC`` is ``"PUBLIC"``).

The server shows a mapping's options only to a superuser, to the mapped role,
and for a ``PUBLIC`` mapping to members of the server's owner: options the
reading role cannot see are read as none, with a note.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pytest_dbparity.core.identifiers import quote_ident
from pytest_dbparity.core.objects import MAPPING, CatalogObject, Pairs
from pytest_dbparity.core.secrets import hiding_refine
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.severity import HIGH, rule

#: The key's role part of a mapping for every role.
PUBLIC = "PUBLIC"


@dataclass(frozen=True, slots=True, kw_only=True)
class UserMapping(CatalogObject):
    """One mapping: ``role`` None for ``PUBLIC``; ``server`` its server's name."""

    kind: ClassVar[Kind] = "user_mapping"
    identity: ClassVar[tuple[str, ...]] = ("role", "server")
    informational: ClassVar[tuple[str, ...]] = ("options_readable",)
    role: str | None
    server: str
    #: Option name -> its keyed hash (``options[password]``); never a value.
    options: Pairs = field(default=(), metadata=MAPPING)
    #: Whether the reading role could see the options (not compared).
    options_readable: bool = True

    @property
    def key(self) -> str:
        return user_mapping_key(self.role, self.server)


def user_mapping_key(role: str | None, server: str) -> str:
    """``<role>@<server>``, ``PUBLIC@<server>`` for every role."""
    who = PUBLIC if role is None else quote_ident(role)
    return f"{who}@{quote_ident(server)}"


_hide = hiding_refine(user_mapping=True)


def _refine(cur: Any, options: Any, objects: dict[str, CatalogObject]) -> list[str]:
    """Hide every option value; name the mappings whose options were not read."""
    unread = []
    for key, obj in list(objects.items()):
        assert isinstance(obj, UserMapping)
        if not obj.options_readable:
            unread.append(key)
            objects[key] = dataclasses.replace(obj, options=())
    _hide(cur, options, objects)
    if not unread:
        return []
    return [
        "options of user mappings not read (the reading role may see them only "
        "as a superuser, the mapped role, or for PUBLIC a member of the server's "
        "owner): " + ", ".join(sorted(unread))
    ]


def _describe(obj: UserMapping) -> str:
    n = len(obj.options)
    return f"user mapping with {n} option{'' if n == 1 else 's'} (values hidden)"


SPEC: KindSpec = KindSpec(
    model=UserMapping,
    package=__name__,
    singular="user mapping",
    plural="user mappings",
    rank=20,
    query="user_mappings",
    scope="database",
    refine=_refine,
    rules=(
        rule(
            None,
            HIGH,
            "user mapping differs: the foreign server is reached with other "
            "credentials",
        ),
    ),
    describe=_describe,
    impact=False,
    fix_order=26,
    fix_drop_title="drop user mappings",
)

"""Privileges granted on each object, owner defaults expanded (database-wide for
schemas).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.core.majors import grants_across_majors
from pytest_dbparity.core.objects import MAPPING, CatalogObject, Pairs
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.kinds.privilege.report import action
from pytest_dbparity.severity import CRIT, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class Privilege(CatalogObject):
    """The privileges granted on one object, owner defaults expanded.

    The key is the object's own key (``public.t``, ``public.t.c``, ``public.f(int)``,
    ``public``), built here from raw names like every other key, so it never
    depends on how a server version quotes identifiers.
    """

    kind: ClassVar[Kind] = "privilege"
    identity: ClassVar[tuple[str, ...]] = ("schema", "name", "column", "arguments")
    # A view becoming a materialized view is the view's finding, not a grant's;
    # grant_arguments serves the fix script only.
    informational: ClassVar[tuple[str, ...]] = ("object_type", "grant_arguments")
    object_type: str  # schema, table, view, sequence, function, column, ...
    schema: str | None  # None for a schema itself
    name: str
    column: str | None = None
    arguments: str | None = None  # identity arguments of a function
    #: An aggregate's argument types as GRANT ... ON FUNCTION takes them (its
    #: identity arguments may hold ORDER BY); None for other objects.
    grant_arguments: str | None = None
    grants: Pairs = field(default=(), metadata=MAPPING)

    @property
    def group(self) -> str:
        parts = [p for p in (self.schema, self.name, self.column) if p is not None]
        return qualify(*parts)

    @property
    def key(self) -> str:
        if self.arguments is None:
            return self.group
        return f"{self.group}({self.arguments})"

    def group_of_key(self, key: str) -> str:
        if self.arguments is None:
            return key
        return key[: len(key) - len(self.arguments) - 2]

    @property
    def parent(self) -> tuple[str, str] | None:
        from pytest_dbparity.kinds.registry import kind_of_privilege_type

        return (kind_of_privilege_type(self.object_type), self.key)


SPEC: KindSpec = KindSpec(
    model=Privilege,
    package=__name__,
    singular="privilege",
    plural="privileges",
    rank=1,
    query="privileges",
    across_majors=grants_across_majors,
    rules=(rule(None, CRIT, "privileges differ: one side grants more"),),
    table_part=6,
    impact=False,
    action=action,
    fix_order=170,
)

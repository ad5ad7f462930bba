"""Default privileges (``ALTER DEFAULT PRIVILEGES``): what objects a role creates
later will grant, per role, schema (or the whole database) and object type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.core.majors import grants_across_majors
from pytest_dbparity.core.objects import MAPPING, CatalogObject, Pairs
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.default_privilege.report import action
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.severity import CRIT, rule

#: ``pg_default_acl.defaclobjtype`` -> the words of ``ON ...`` (and of the key).
OBJECT_TYPES: dict[str, str] = {
    "r": "tables",
    "S": "sequences",
    "f": "functions",
    "T": "types",
    "n": "schemas",
    "L": "large objects",  # PostgreSQL 18
}


@dataclass(frozen=True, slots=True, kw_only=True)
class DefaultPrivilege(CatalogObject):
    """One ``pg_default_acl`` entry: what *role* grants on the objects of
    *object_type* it creates in *schema* (None: anywhere in the database).

    The key is ``role.schema.object_type`` for an entry in a schema and
    ``role.object_type`` for a database-wide one (an object type is one of the
    fixed words of ``OBJECT_TYPES``, so the two never meet). A database-wide
    entry holds the whole ACL new objects get; one equal to PostgreSQL's built-in
    default is no entry (the query leaves it out), so a side without the entry
    compares equal to a side with the default written out. An entry in a schema
    holds what is granted on top of the database-wide ACL.
    """

    kind: ClassVar[Kind] = "default_privilege"
    identity: ClassVar[tuple[str, ...]] = ("role", "schema", "object_type")
    role: str
    schema: str | None
    object_type: str  # tables, sequences, functions, types, schemas
    grants: Pairs = field(default=(), metadata=MAPPING)

    @property
    def key(self) -> str:
        if self.schema is None:
            return qualify(self.role, self.object_type)
        return qualify(self.role, self.schema, self.object_type)

    @property
    def parent(self) -> tuple[str, str] | None:
        # Dropping a schema drops the default privileges given in it.
        return None if self.schema is None else ("schema", qualify(self.schema))


def _describe(obj: DefaultPrivilege) -> str:
    where = (
        "database-wide" if obj.schema is None else f"in schema {qualify(obj.schema)}"
    )
    grants = "; ".join(f"{g}: {p}" for g, p in obj.grants) or "nothing"
    return f"{obj.object_type} created by {obj.role} {where} grant {grants}"


SPEC: KindSpec = KindSpec(
    model=DefaultPrivilege,
    package=__name__,
    singular="default privilege",
    plural="default privileges",
    rank=2,
    query="default_privileges",
    across_majors=grants_across_majors,
    rules=(
        rule(
            None,
            CRIT,
            "default privileges differ: new objects will be granted differently",
        ),
    ),
    # Entries in schemas are filtered by the read scope; the database-wide ones
    # are always read (the query says so).
    scope="schema",
    describe=_describe,
    # pg_identify_object_as_address names a "default acl" by role and schema
    # only (the object type is an argument): no address maps to a key.
    impact=False,
    action=action,
    fix_order=175,
)

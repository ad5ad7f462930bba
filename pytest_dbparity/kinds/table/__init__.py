"""Tables (ordinary, partitioned, foreign): type, persistence, partitioning, owner,
comment, replica identity, storage parameters; a foreign table's server and
options.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.core.objects import MAPPING, CatalogObject, Pairs
from pytest_dbparity.core.secrets import hiding_refine
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.kinds.table.report import SECTION
from pytest_dbparity.severity import HIGH, LOW, MED, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class Table(CatalogObject):
    kind: ClassVar[Kind] = "table"
    identity: ClassVar[tuple[str, ...]] = ("schema", "name")
    schema: str
    name: str
    table_type: str  # ordinary, partitioned, foreign
    persistence: str  # permanent, unlogged
    partition_of: str | None = None
    partition_bound: str | None = None
    partition_key: str | None = None
    owner: str | None = None
    comment: str | None = None
    #: What logical replication sends of an updated or deleted row: default
    #: (the primary key), full, nothing, ``using index <name>``.
    replica_identity: str = "default"
    #: ``WITH (...)`` storage parameters (``fillfactor``, ``autovacuum_*``, the
    #: TOAST table's as ``toast.<name>``), each compared on its own.
    storage_parameters: Pairs = field(default=(), metadata=MAPPING)
    #: A foreign table's server (``SERVER``), quoted; None for other tables.
    server: str | None = None
    #: A foreign table's ``OPTIONS (...)`` (``options[table_name]``), each
    #: compared on its own; secret-looking values hidden.
    options: Pairs = field(default=(), metadata=MAPPING)


def _qualified(names: list[str]) -> str:
    return qualify(*names)


SPEC: KindSpec = KindSpec(
    model=Table,
    package=__name__,
    singular="table",
    plural="tables",
    rank=9,
    query="tables",
    refine=hiding_refine(),
    rules=(
        rule("-", HIGH, "table missing on one side"),
        rule("owner", LOW, "owner differs"),
        rule("comment", LOW, "comment differs"),
        rule(
            "replica_identity",
            MED,
            "replica identity differs: logical replication sends other old rows",
        ),
        rule("storage_parameters[*]", LOW, "storage parameter differs"),
        rule(
            "server", HIGH, "foreign table's server differs: rows come from elsewhere"
        ),
        rule(None, MED, "table attribute differs"),
    ),
    report_section="tables",
    addresses={"table": _qualified, "foreign table": _qualified},
    also_found_as=("view",),
    dependency_parts=("column",),
    section=SECTION,
    overview=0,
    has_parts=True,
    fix_order=60,
    fix_drop_title="detach partitions, drop tables",
)

"""Reference data: the contents of configured tables (plans, prices, feature
flags, ...) and of the platform's configuration tables, compared row by row.

Each side's read fingerprints every table in one aggregate query (no row
travels); where the fingerprints differ, both live sides are compared together
(``pair``): key-hash ranges are split until they are small enough to fetch
(``compare.py``), and the object of each side then says what differs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.core.objects import MAPPING, CatalogObject, Pairs
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.data.compare import pair_data
from pytest_dbparity.kinds.data.read import read_data
from pytest_dbparity.kinds.data.report import SECTION, action_for_all
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.severity import MED, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class Data(CatalogObject):
    """The contents of one table.

    ``content`` is, after a side's read, its row count and fingerprint (or why
    it was not compared); after both live sides were compared together, what
    each side holds that the other does not. ``rows[<key>]`` names the first
    keys found on one side only, ``values[<key>: <column>]`` the differing
    columns of the first keys found on both, side by side.
    """

    kind: ClassVar[Kind] = "data"
    identity: ClassVar[tuple[str, ...]] = ("schema", "table")
    informational: ClassVar[tuple[str, ...]] = (
        "count",
        "names",
        "sensitive",
        "only",
        "differing",
    )
    schema: str
    table: str
    #: The compared columns, ``name type`` sorted by name.
    columns: tuple[str, ...] = ()
    #: The columns rows are matched by (empty: compared as a multiset of rows).
    key_columns: tuple[str, ...] = ()
    content: str = ""
    rows: Pairs = field(default=(), metadata=MAPPING)
    values: Pairs = field(default=(), metadata=MAPPING)
    #: Exact number of rows (None: not counted).
    count: int | None = None
    #: The compared columns' raw names, in ``columns`` order.
    names: tuple[str, ...] = ()
    #: Compared columns whose values are never shown.
    sensitive: tuple[str, ...] = ()
    #: After both live sides were compared together: how many rows this side
    #: holds that the other does not, and how many keys differ in some column
    #: (None: not compared row by row).
    only: int | None = None
    differing: int | None = None

    @property
    def parent(self) -> tuple[str, str] | None:
        return ("table", qualify(self.schema, self.table))


def _describe(obj: Any) -> str:
    return str(obj.content) or "present"


SPEC: KindSpec = KindSpec(
    model=Data,
    package=__name__,
    singular="table contents",
    plural="table contents",
    rank=31,
    rules=(rule(None, MED, "reference data differs between the environments"),),
    scope="database",
    read=read_data,
    pair=pair_data,
    impact=False,
    data=True,
    data_note=(
        "table contents are data, not schema: no statement here reconciles them"
        " (copy the rows named, or re-run the import or seed that fills the table)"
    ),
    describe=_describe,
    report_section="data",
    section=SECTION,
    action_for_all=action_for_all,
)

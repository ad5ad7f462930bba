"""Table constraints: primary keys, unique, check, exclusion and foreign keys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.constraint.report import SECTION, nouns
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.severity import HIGH, LOW, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class Constraint(CatalogObject):
    kind: ClassVar[Kind] = "constraint"
    identity: ClassVar[tuple[str, ...]] = ("schema", "table", "name")
    informational: ClassVar[tuple[str, ...]] = (
        "from_parent",
        "definition",
    )
    follows_parent: ClassVar[bool] = True
    schema: str
    table: str
    name: str
    constraint_type: str  # primary key, unique, check, exclusion, foreign key
    columns: tuple[str, ...] = ()
    expression: str | None = None  # check expression or exclusion definition
    ref_table: str | None = None
    ref_columns: tuple[str, ...] = ()
    on_update: str | None = None
    on_delete: str | None = None
    deferrable: bool = False
    initially_deferred: bool = False
    validated: bool = True
    #: ``CHECK ... NO INHERIT``: tables inheriting from this one do not get it.
    no_inherit: bool = False
    definition: str = ""
    comment: str | None = None
    #: A partition's copy of its parent's constraint (see
    #: ``CatalogObject.follows_parent``).
    from_parent: bool = False

    @property
    def parent(self) -> tuple[str, str] | None:
        return ("table", qualify(self.schema, self.table))


def _three(names: list[str]) -> str | None:
    return qualify(*names) if len(names) == 3 else None


def constraint_text(c: Constraint) -> str:
    """``foreign key (a) references public.t (id)``, from the parts."""
    text = f"{c.constraint_type} ({', '.join(c.columns)})"
    if c.ref_table:
        text += f" references {c.ref_table} ({', '.join(c.ref_columns)})"
    if c.expression:
        text += f" {c.expression}"
    return text


def _describe(obj: Constraint) -> str:
    return obj.definition or constraint_text(obj)


SPEC: KindSpec = KindSpec(
    model=Constraint,
    package=__name__,
    singular="constraint",
    plural="constraints",
    rank=11,
    query="constraints",
    expressions=("expression",),
    rules=(
        rule("-", HIGH, "constraint missing on one side"),
        rule("comment", LOW, "comment differs"),
        rule(None, HIGH, "constraint differs"),
    ),
    report_section="constraints",
    table_part=1,
    addresses={"table constraint": _three},
    describe=_describe,
    nouns=nouns,
    section=SECTION,
    fix_order=110,
    fix_title="constraints (primary keys and unique before foreign keys)",
    fix_drop_title="drop constraints (foreign keys first)",
)

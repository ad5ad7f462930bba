"""The report's section on constraints, and how the plan names them."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from pytest_dbparity.findings import ObjectResult
from pytest_dbparity.report.cells import issue, object_cells, present, value_cells
from pytest_dbparity.report.kind_section import KindSection, finish
from pytest_dbparity.report.model import (
    Block,
    Code,
    Paragraph,
    Rich,
    Section,
    TableBlock,
    rich,
)
from pytest_dbparity.report.text import codes

if TYPE_CHECKING:
    from pytest_dbparity.kinds.constraint import Constraint
    from pytest_dbparity.report.context import Context

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


def _type(r: ObjectResult) -> str:
    return cast("Constraint", present(r)).constraint_type


def _is_missing_fk(r: ObjectResult) -> bool:
    missing = r.diff.change in ("missing_in_a", "missing_in_b")
    return missing and _type(r) == "foreign key"


def constraints(ctx: Context, kinds: tuple[str, ...]) -> Section:
    title = "Constraint differences"
    shown = ctx.shown("constraint")
    order = sorted(
        shown,
        key=lambda r: (
            0 if _is_missing_fk(r) else 1 if r.diff.change != "different" else 2,
            r.key,
        ),
    )
    rows: list[tuple[Rich, ...]] = []
    for r in order:
        ctype = _type(r)
        if r.diff.change != "different":
            rows.append(
                ((Code(r.key),), (ctype,), *object_cells(r), issue(ctx, r.findings))
            )
            continue
        for f in r.findings:
            rows.append(
                (
                    (Code(r.key),),
                    (f"{ctype}: {f.attribute}",),
                    *value_cells(f),
                    issue(ctx, [f]),
                )
            )
    if not rows:
        return finish(ctx, title, kinds, [])
    fks = [r for r in shown if _is_missing_fk(r)]
    blocks: list[Block] = []
    if fks:
        blocks.append(
            Paragraph(
                rich(
                    f"{len(fks)} foreign key(s) missing on one side (listed first): ",
                    codes(r.key for r in fks),
                    ".",
                )
            )
        )
    blocks.append(TableBlock(("constraint", "type", "A", "B", "issue"), tuple(rows)))
    return finish(ctx, title, kinds, blocks)


def key_findings(ctx: Context) -> list[Rich]:
    cons = ctx.shown("constraint")
    if not cons:
        return []
    fks = [r for r in cons if _is_missing_fk(r)]
    return [
        (f"Constraints: {len(cons)} differ, {len(fks)} of them missing foreign keys.",)
    ]


SECTION = KindSection(order=3, build=constraints, key_findings=key_findings)

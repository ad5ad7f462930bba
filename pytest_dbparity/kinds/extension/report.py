"""The report's section on extensions, and the plan's actions for them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.report.cells import dependents_text, issue
from pytest_dbparity.report.impact import dependents
from pytest_dbparity.report.kind_section import KindSection, finish
from pytest_dbparity.report.model import (
    Block,
    BulletList,
    Code,
    Rich,
    Section,
    TableBlock,
    rich,
)
from pytest_dbparity.report.text import values

if TYPE_CHECKING:
    from pytest_dbparity.report.context import Context


def action(attribute: str, a: Any, b: Any, objects: Rich) -> Rich | None:
    """The plan's action for an extension in another schema or version."""
    if attribute == "schema":
        return rich(
            "Install extension ",
            objects,
            " in the same schema on both sides",
            values(a, b),
            "; qualified names and search_path depend on it",
        )
    if attribute == "version":
        return rich("Update extension ", objects, " to the same version", values(a, b))
    return None


def _cell(obj: CatalogObject | None, name: str) -> Rich:
    return (Code(str(getattr(obj, name))),) if obj is not None else ("not installed",)


def extensions(ctx: Context, kinds: tuple[str, ...]) -> Section:
    title = "Extension differences"
    rows: list[tuple[Rich, ...]] = []
    notes: list[Rich] = []
    for r in ctx.shown("extension"):
        pa, pb = r.diff.pair.a, r.diff.pair.b
        rows.append(
            (
                (Code(r.key),),
                _cell(pa, "version"),
                _cell(pb, "version"),
                _cell(pa, "schema"),
                _cell(pb, "schema"),
                issue(ctx, r.findings),
            )
        )
        if any(f.attribute == "schema" for f in r.findings):
            used_a = dependents("extension", r.key, ctx.index_a)
            used_b = dependents("extension", r.key, ctx.index_b)
            notes.append(
                rich(
                    "Extension ",
                    Code(r.key),
                    " is installed in schema ",
                    Code(str(getattr(pa, "schema", "?"))),
                    " in A and ",
                    Code(str(getattr(pb, "schema", "?"))),
                    " in B; names qualified with one schema do not resolve on the "
                    "other side. Used by (A): ",
                    dependents_text(used_a),
                    "; (B): ",
                    dependents_text(used_b),
                    ".",
                )
            )
    if not rows:
        return finish(ctx, title, kinds, [])
    header = ("name", "version A", "version B", "schema A", "schema B", "issue")
    blocks: list[Block] = [TableBlock(header, tuple(rows))]
    if notes:
        blocks.append(BulletList(tuple(notes)))
    return finish(ctx, title, kinds, blocks)


def key_findings(ctx: Context) -> list[Rich]:
    ext = [f for r in ctx.shown("extension") for f in r.findings]
    if not ext:
        return []
    n_version = sum(1 for f in ext if f.attribute == "version")
    n_schema = sum(1 for f in ext if f.attribute == "schema")
    n_missing = sum(1 for f in ext if f.attribute is None)
    return [
        (
            f"Extensions: {n_version} version difference(s), {n_schema} schema "
            f"difference(s), {n_missing} installed on one side only.",
        )
    ]


SECTION = KindSection(order=4, build=extensions, key_findings=key_findings)

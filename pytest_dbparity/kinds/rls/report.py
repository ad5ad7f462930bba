"""The report's section on row level security and policies, and what the report
says of an RLS setting elsewhere (its plan action, its impact)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pytest_dbparity.catalog import Catalog
from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.report.cells import attr, issue, object_cells, value_cells
from pytest_dbparity.report.impact import Dependent
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
from pytest_dbparity.report.text import codes, other_side, short

if TYPE_CHECKING:
    from pytest_dbparity.report.context import Context


def action(attribute: str, a: Any, b: Any, objects: Rich) -> Rich | None:
    """The plan's action for a differing ``enabled`` or ``forced`` flag."""
    if attribute not in ("enabled", "forced") or not isinstance(a, bool):
        return None
    on = "A" if a else "B"
    off = other_side(on)
    verb = "Enable" if attribute == "enabled" else "Force"
    undo = "disable" if attribute == "enabled" else "stop forcing"
    return rich(
        f"{verb} row level security on ",
        objects,
        f" in {off} to match {on}, or {undo} it in {on}",
    )


def policies_on(catalog: Catalog, table_key: str) -> tuple[Dependent, ...]:
    """The policies on a table (the impact list's entry for its RLS setting)."""
    return tuple(
        Dependent(("policy", p.key))
        for p in sorted(catalog.of("policy").values(), key=lambda p: p.key)
        if p.parent == ("table", table_key)
    )


def _policy_count(cat: Catalog, table_key: str) -> int:
    return sum(1 for p in cat.of("policy").values() if p.parent == ("table", table_key))


def _flag(obj: CatalogObject | None, name: str) -> Rich:
    return (Code(short(getattr(obj, name))),) if obj is not None else ("-",)


def _rls(ctx: Context) -> Section | None:
    rows: list[tuple[Rich, ...]] = []
    for r in ctx.shown("rls"):
        if r.diff.change != "different":
            continue
        pa, pb = r.diff.pair.a, r.diff.pair.b
        table_key = r.key
        policies = (
            f"{_policy_count(ctx.a, table_key)} / {_policy_count(ctx.b, table_key)}"
        )
        rows.append(
            (
                (Code(table_key),),
                _flag(pa, "enabled"),
                _flag(pb, "enabled"),
                _flag(pa, "forced"),
                _flag(pb, "forced"),
                (policies,),
                issue(ctx, r.findings),
            )
        )
    if not rows:
        return None
    header = ("table", "enabled A", "enabled B", "forced A", "forced B",
              "policies A / B", "issue")  # fmt: skip
    return Section(
        "Row level security",
        (
            Paragraph(
                (
                    "Policies on a table apply only while its row level "
                    "security is enabled.",
                )
            ),
            TableBlock(header, tuple(rows)),
        ),
    )


def _policies(ctx: Context) -> Section | None:
    rows: list[tuple[Rich, ...]] = []
    for r in ctx.shown("policy"):
        if r.diff.change != "different":
            rows.append(
                (
                    (Code(r.key),),
                    ("whole policy",),
                    *object_cells(r),
                    issue(ctx, r.findings),
                )
            )
            continue
        for f in r.findings:
            rows.append(((Code(r.key),), attr(f), *value_cells(f), issue(ctx, [f])))
    if not rows:
        return None
    header = ("policy", "attribute", "A", "B", "issue")
    return Section("Policies", (TableBlock(header, tuple(rows)),))


def rls_and_policies(ctx: Context, kinds: tuple[str, ...]) -> Section:
    blocks: list[Block] = [s for s in (_rls(ctx), _policies(ctx)) if s is not None]
    return finish(ctx, "RLS and policy differences", kinds, blocks)


def key_findings(ctx: Context) -> list[Rich]:
    out: list[Rich] = []
    rls = ctx.shown("rls")
    if rls:
        out.append(
            rich(
                f"Row level security differs on {len(rls)} table(s): ",
                codes((r.key for r in rls), 6),
                ".",
            )
        )
    policies = ctx.shown("policy")
    if policies:
        out.append((f"Policies: {len(policies)} differ or exist on one side only.",))
    return out


SECTION = KindSection(order=2, build=rls_and_policies, key_findings=key_findings)

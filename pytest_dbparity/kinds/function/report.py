"""The report's section on functions and procedures, and the plan's actions for
them."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.findings import Finding, ObjectResult
from pytest_dbparity.report.cells import attr, issue, present, value_cells
from pytest_dbparity.report.impact import strip_arguments
from pytest_dbparity.report.kind_section import KindSection, finish
from pytest_dbparity.report.model import (
    Block,
    BulletList,
    Code,
    CodeBlock,
    Paragraph,
    Rich,
    Section,
    TableBlock,
    rich,
)
from pytest_dbparity.report.text import other_side, status_badges, values

if TYPE_CHECKING:
    from pytest_dbparity.kinds.function import Function
    from pytest_dbparity.report.context import Context

MAX_DIFF_LINES = 40


def action(attribute: str, a: Any, b: Any, objects: Rich) -> Rich | None:
    """The plan's action for a differing security, setting, signature or body."""
    if attribute == "security_definer":
        has = "A" if a else "B"
        return rich(
            "Make ",
            objects,
            f" SECURITY DEFINER in {other_side(has)} to match {has}, or SECURITY "
            f"INVOKER in {has}",
        )
    if attribute.startswith("config["):
        setting = attribute[len("config[") : -1]
        return rich(f"Align the {setting} setting of ", objects, values(a, b))
    if attribute == "arguments":
        return rich(
            "Align the arguments of ",
            objects,
            values(f"({a})", f"({b})"),
            "; callers of the other form break",
        )
    if attribute == "result":
        return rich(
            "Align the return type of ",
            objects,
            values(a, b),
            "; callers expect one type",
        )
    if attribute == "body":
        return rich(
            "Reconcile the body of ",
            objects,
            " (it differs between A and B; see Function differences)",
        )
    return None


_SIGNATURE = frozenset({"arguments", "result", "body", "body_formatting"})


def _signature(obj: CatalogObject) -> str:
    # Imported when called: the kind's package imports this module as it loads.
    from pytest_dbparity.kinds.function import signature

    return signature(cast("Function", obj))


def _sig(obj: CatalogObject | None) -> Rich:
    if obj is None:
        return ("-",)
    return (Code(_signature(obj)),)


def _function_bullets(ctx: Context, results: Iterable[ObjectResult]) -> list[Rich]:
    items: list[Rich] = []
    for r in results:
        obj = cast("Function", present(r))
        item: Rich = (Code(strip_arguments(r.key) + _signature(obj)),)
        traits = [obj.language, obj.volatility]
        if obj.security_definer:
            traits.append("security definer")
        if obj.function_type != "function":
            traits.append(obj.function_type)
        item = rich(item, f" ({', '.join(traits)})")
        items.append(rich(item, " ", status_badges(r.findings[0], ctx.inp)))
    return items


def _body_diff(key: str, f: Finding) -> CodeBlock:
    lines = list(
        difflib.unified_diff(
            str(f.a or "").strip("\n").splitlines(),
            str(f.b or "").strip("\n").splitlines(),
            fromfile=f"{key} in A",
            tofile=f"{key} in B",
            lineterm="",
            n=1,
        )
    )
    if len(lines) > MAX_DIFF_LINES:
        more = len(lines) - MAX_DIFF_LINES
        lines = [*lines[:MAX_DIFF_LINES], f"... {more} more line(s)"]
    return CodeBlock("\n".join(lines), "diff")


def functions(ctx: Context, kinds: tuple[str, ...]) -> Section:
    shown = ctx.shown("function")
    blocks: list[Block] = []
    for change, title in (
        ("missing_in_a", "Functions missing in A (only in B)"),
        ("missing_in_b", "Functions missing in B (only in A)"),
    ):
        items = _function_bullets(ctx, (r for r in shown if r.diff.change == change))
        if items:
            blocks.append(Section(title, (BulletList(tuple(items)),)))
    changed = [r for r in shown if r.diff.change == "different"]

    def with_attr(name: str) -> list[tuple[ObjectResult, Finding]]:
        return [(r, f) for r in changed for f in r.findings if f.attribute == name]

    sig_rows = [
        ((Code(r.key),), _sig(r.diff.pair.a), _sig(r.diff.pair.b), issue(ctx, [f]))
        for r, f in with_attr("arguments")
    ]
    if sig_rows:
        blocks.append(
            Section(
                "Signature changes (arguments)",
                (TableBlock(("function", "A", "B", "issue"), tuple(sig_rows)),),
            )
        )
    result_rows = [
        ((Code(r.key),), *value_cells(f), issue(ctx, [f]))
        for r, f in with_attr("result")
    ]
    if result_rows:
        blocks.append(
            Section(
                "Return-type changes",
                (
                    TableBlock(
                        ("function", "returns in A", "returns in B", "issue"),
                        tuple(result_rows),
                    ),
                ),
            )
        )
    attr_rows = [
        ((Code(r.key),), attr(f), *value_cells(f), issue(ctx, [f]))
        for r in changed
        for f in r.findings
        if f.attribute not in _SIGNATURE
    ]
    if attr_rows:
        blocks.append(
            Section(
                "Attribute changes (security definer, search_path, volatility...)",
                (
                    TableBlock(
                        ("function", "attribute", "A", "B", "issue"), tuple(attr_rows)
                    ),
                ),
            )
        )
    bodies = with_attr("body")
    if bodies:
        body_blocks: list[Block] = []
        rows: list[tuple[Rich, ...]] = []
        for r, f in bodies:
            others = [x.attribute or "" for x in r.findings if x is not f]
            rows.append(
                (
                    (Code(r.key),),
                    (", ".join(others) if others else "nothing (body only)",),
                    issue(ctx, [f]),
                )
            )
        body_blocks.append(
            TableBlock(("function", "also differs", "issue"), tuple(rows))
        )
        for r, f in bodies:
            body_blocks.append(
                Paragraph(rich("Body of ", Code(r.key), ", A against B:"))
            )
            body_blocks.append(_body_diff(r.key, f))
        blocks.append(Section("Body changes", tuple(body_blocks)))
    formatting = with_attr("body_formatting")
    if formatting:
        items = [
            rich(
                Code(r.key),
                " - only whitespace or comments differ ",
                status_badges(f, ctx.inp),
            )
            for r, f in formatting
        ]
        blocks.append(Section("Formatting-only changes", (BulletList(tuple(items)),)))
    return finish(ctx, "Function differences", kinds, blocks)


def key_findings(ctx: Context) -> list[Rich]:
    fns = ctx.shown("function")
    if not fns:
        return []
    attrs = Counter(f.attribute for r in fns for f in r.findings)
    changes = Counter(r.diff.change for r in fns)
    return [
        (
            f"Functions: {changes['missing_in_b']} only in A, "
            f"{changes['missing_in_a']} only in B, {attrs['arguments']} "
            f"signature change(s), {attrs['result']} return-type change(s), "
            f"{attrs['body']} body change(s), {attrs['body_formatting']} "
            "formatting-only.",
        )
    ]


SECTION = KindSection(order=5, build=functions, key_findings=key_findings)

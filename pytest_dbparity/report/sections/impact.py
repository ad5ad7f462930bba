"""The impact list: what uses each differing object, on each side."""

from __future__ import annotations

from pytest_dbparity.findings import ObjectResult
from pytest_dbparity.kinds.registry import SPECS, kind_name, kind_rank, kinds_where
from pytest_dbparity.report.cells import dependents_text
from pytest_dbparity.report.context import Context
from pytest_dbparity.report.impact import Dependent, dependents
from pytest_dbparity.report.model import (
    Badge,
    Block,
    BulletList,
    Code,
    Paragraph,
    Rich,
    Section,
    rich,
)

#: Kinds whose differing objects are listed with what uses them.
_IMPACT_KINDS = frozenset(kinds_where(impact=True))


def _uses(
    ctx: Context, r: ObjectResult
) -> tuple[tuple[Dependent, ...], tuple[Dependent, ...]]:
    users = SPECS[r.kind].impact_users
    if users is not None:
        return (users(ctx.a, r.key), users(ctx.b, r.key))
    return (
        dependents(r.kind, r.key, ctx.index_a),
        dependents(r.kind, r.key, ctx.index_b),
    )


def impact_section(ctx: Context) -> Section:
    title = "Impact"
    if not ctx.a.dependencies and not ctx.b.dependencies:
        return Section(
            title,
            (
                Paragraph(
                    (
                        "Dependencies were not read for either side, so what uses the "
                        "differing objects is not known.",
                    )
                ),
            ),
        )
    candidates = [
        r
        for r in ctx.results()
        if r.kind in _IMPACT_KINDS and (r.kind, r.key) not in ctx.implied
    ]

    def order(r: ObjectResult) -> tuple[int, int, int, str]:
        open_ = any(not ctx.inp.accepted(f) for f in r.findings)
        return (0 if open_ else 1, -ctx.worst(r), kind_rank(r.kind), r.key)

    items: list[Rich] = []
    quiet = 0
    for r in sorted(candidates, key=order):
        used_a, used_b = _uses(ctx, r)
        if not used_a and not used_b:
            quiet += 1
            continue
        label = SPECS[r.kind].impact_label
        item = rich(
            f"{kind_name(r.kind)} ",
            Code(r.key),
            f" → {label} (A): ",
            dependents_text(used_a),
            "; (B): ",
            dependents_text(used_b),
        )
        if all(ctx.inp.accepted(f) for f in r.findings):
            item = rich(item, " ", Badge("ACCEPTED", "ignored"))
        items.append(item)
    blocks: list[Block] = [
        Paragraph(
            (
                "What uses each differing object in each environment, from the "
                "catalog's dependency records, up to three steps away (an extension, "
                "its types, the columns of those types). Function bodies are not "
                "tracked by PostgreSQL and do not appear here.",
            )
        )
    ]
    if items:
        blocks.append(BulletList(tuple(items)))
    else:
        blocks.append(Paragraph(("No differing object is used by another.",)))
    if quiet:
        blocks.append(
            Paragraph((f"{quiet} other differing object(s) have no recorded users.",))
        )
    return Section(title, tuple(blocks))

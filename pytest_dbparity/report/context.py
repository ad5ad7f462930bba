"""What every section reads: the input, and what is derived from it once."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from pytest_dbparity.catalog import Catalog
from pytest_dbparity.findings import Finding, ObjectResult, implied_by
from pytest_dbparity.report.impact import Node, reverse_index
from pytest_dbparity.report.inputs import ReportInput
from pytest_dbparity.severity import Severity

T = TypeVar("T")


@dataclass(frozen=True, slots=True, kw_only=True)
class Context:
    inp: ReportInput
    #: Results with at least one finding, per compared kind.
    differing: Mapping[str, tuple[ObjectResult, ...]]
    #: ``(kind, key)`` of objects missing only because their table is.
    implied: Mapping[tuple[str, str], str]
    index_a: Mapping[Node, Sequence[Node]]
    index_b: Mapping[Node, Sequence[Node]]
    #: What ``once`` made, by the function that made it.
    made: dict[Callable[[Context], Any], Any] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def a(self) -> Catalog:
        return self.inp.catalog_a

    @property
    def b(self) -> Catalog:
        return self.inp.catalog_b

    def of(self, kind: str) -> tuple[ObjectResult, ...]:
        return self.differing.get(kind, ())

    def shown(self, kind: str) -> tuple[ObjectResult, ...]:
        """Differing objects of *kind*, except those a missing table explains."""
        return tuple(r for r in self.of(kind) if (kind, r.key) not in self.implied)

    def results(self) -> Iterator[ObjectResult]:
        for kind in self.inp.comparison.kinds:
            yield from self.of(kind)

    def findings(self) -> list[Finding]:
        return [f for r in self.results() for f in r.findings]

    def open_findings(self) -> list[Finding]:
        """Findings nobody accepted (neither ignored nor approved)."""
        return [f for f in self.findings() if not self.inp.accepted(f)]

    def risk_findings(self) -> list[Finding]:
        """Findings the risk summary and the plan cover: all but the ignored
        ones (and the approved ones when the run excludes them)."""
        return [f for f in self.findings() if not self.inp.left_out(f)]

    def worst(self, result: ObjectResult) -> Severity:
        return max(f.severity for f in result.findings)

    def once(self, make: Callable[[Context], T]) -> T:
        """``make(self)``, made on first use and kept: what a kind derives from
        the input once for all the sections that show it."""
        if make not in self.made:
            self.made[make] = make(self)
        return cast(T, self.made[make])


def make_context(inp: ReportInput) -> Context:
    comparison = inp.comparison
    differing: dict[str, tuple[ObjectResult, ...]] = {
        kind: tuple(r for r in comparison.of(kind) if r.findings)
        for kind in comparison.kinds
    }
    implied: dict[tuple[str, str], str] = {}
    for results in differing.values():
        for r in results:
            why = implied_by(r.diff, inp.catalog_a, inp.catalog_b)
            if why is not None:
                implied[r.kind, r.key] = why
    return Context(
        inp=inp,
        differing=differing,
        implied=implied,
        index_a=reverse_index(inp.catalog_a.dependencies),
        index_b=reverse_index(inp.catalog_b.dependencies),
    )

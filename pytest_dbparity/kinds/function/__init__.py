"""Functions and procedures: signature, result, language, volatility, security,
settings, body, planner estimates (cost, rows) and support function.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from pytest_dbparity.core.objects import MAPPING, Pairs, Routine, routine_address
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.function.report import SECTION, action
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.report.impact import strip_arguments
from pytest_dbparity.severity import CRIT, HIGH, INFO, LOW, MED, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class Function(Routine):
    kind: ClassVar[Kind] = "function"
    # The CREATE OR REPLACE text, for reconciling SQL; its parts are compared.
    informational: ClassVar[tuple[str, ...]] = ("definition",)
    function_type: str  # function, procedure, window
    arguments: str
    result: str | None
    language: str
    volatility: str  # immutable, stable, volatile
    strict: bool
    security_definer: bool
    leakproof: bool
    parallel: str  # safe, restricted, unsafe
    config: Pairs = field(default=(), metadata=MAPPING)
    body: str | None = None
    owner: str | None = None
    comment: str | None = None
    definition: str | None = None
    #: ``COST``, ``ROWS`` (of a set-returning function) where not the defaults
    #: (None: the default), and the ``SUPPORT`` function (None: none).
    cost: float | None = None
    rows: float | None = None
    support: str | None = None


def signature(f: Function) -> str:
    """``(a integer) -> text``: arguments and result."""
    result = f.result if f.result is not None else f.function_type
    return f"({f.arguments}) -> {result}"


SPEC: KindSpec = KindSpec(
    model=Function,
    package=__name__,
    singular="function",
    plural="functions",
    rank=5,
    query="functions",
    rules=(
        rule("security_definer", CRIT, "SECURITY DEFINER differs"),
        rule("config[search_path]", CRIT, "search_path of the function differs"),
        rule("-", HIGH, "function missing on one side"),
        rule("arguments", HIGH, "function arguments differ: callers break"),
        rule("result", HIGH, "function result type differs: callers break"),
        rule("function_type", HIGH, "function or procedure on one side only"),
        rule("body_formatting", INFO, "only whitespace or comments differ"),
        rule("owner", LOW, "owner differs"),
        rule("comment", LOW, "comment differs"),
        rule("cost", LOW, "planner cost estimate differs"),
        rule("rows", LOW, "planner row estimate differs"),
        rule(None, MED, "function attribute differs"),
    ),
    report_section="functions",
    deparsed=("body", "definition"),
    addresses={"function": routine_address, "procedure": routine_address},
    privilege_types=("function", "procedure"),
    describe=signature,
    action=action,
    dependency_key=strip_arguments,
    section=SECTION,
    overview=1,
    fix_order=90,
    fix_title="functions and procedures",
    fix_drop_title="drop functions and procedures",
)

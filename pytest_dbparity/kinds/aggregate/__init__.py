"""Aggregates: kind, arguments, state, final, combine, serial and moving-aggregate
functions, initial conditions, sort operator, parallel safety, owner, comment.

Keyed like functions (``schema.name``, with the identity arguments where a side
holds overloads: ``core.objects.Routine``). The function kind leaves aggregates
out (``prokind = 'a'``), so an aggregate is never reported twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pytest_dbparity.core.objects import Routine, routine_address
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.report.impact import strip_arguments
from pytest_dbparity.severity import HIGH, LOW, MED, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class Aggregate(Routine):
    """One aggregate. Support functions are named as ``regproc`` prints them
    (schema-qualified outside ``pg_catalog``); options that are not set are None
    (a final function's options without one, every moving-aggregate option
    without a moving state function)."""

    kind: ClassVar[Kind] = "aggregate"
    # Follows from the state type and final function; the fix script needs it
    # (CREATE OR REPLACE cannot change it).
    informational: ClassVar[tuple[str, ...]] = ("result",)
    aggregate_kind: str  # normal, ordered-set, hypothetical
    arguments: str
    state_function: str
    state_type: str
    state_space: int | None = None
    final_function: str | None = None
    final_extra: bool | None = None
    final_modify: str | None = None  # read_only, shareable, read_write
    combine_function: str | None = None
    serial_function: str | None = None
    deserial_function: str | None = None
    initial_condition: str | None = None
    sort_operator: str | None = None  # schema.operator
    moving_state_function: str | None = None
    moving_inverse_function: str | None = None
    moving_state_type: str | None = None
    moving_state_space: int | None = None
    moving_final_function: str | None = None
    moving_final_extra: bool | None = None
    moving_final_modify: str | None = None
    moving_initial_condition: str | None = None
    parallel: str = "unsafe"  # safe, restricted, unsafe
    owner: str | None = None
    comment: str | None = None
    result: str | None = None


def describe(a: Aggregate) -> str:
    """``(integer) -> bigint, state public.f``: arguments, result, state
    function."""
    return f"({a.arguments}) -> {a.result}, state {a.state_function}"


SPEC: KindSpec = KindSpec(
    model=Aggregate,
    package=__name__,
    singular="aggregate",
    plural="aggregates",
    rank=6,
    query="aggregates",
    rules=(
        rule("-", HIGH, "aggregate missing on one side"),
        rule("arguments", HIGH, "aggregate arguments differ: callers break"),
        rule("state_function", HIGH, "aggregate state function differs"),
        rule("final_function", HIGH, "aggregate final function differs"),
        rule("owner", LOW, "owner differs"),
        rule("comment", LOW, "comment differs"),
        rule(None, MED, "aggregate attribute differs"),
    ),
    addresses={"aggregate": routine_address},
    privilege_types=("aggregate",),
    describe=describe,
    dependency_key=strip_arguments,
    fix_order=95,
    fix_drop_title="drop aggregates",
)

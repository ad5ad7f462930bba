"""Functions and procedures: signature, result, language, volatility, security,
settings, body, planner estimates (cost, rows) and support function.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from pytest_dbparity.core.identifiers import quote_ident
from pytest_dbparity.core.objects import MAPPING, Pairs, Routine, routine_address
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.function.report import SECTION, action
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.report.impact import strip_arguments
from pytest_dbparity.severity import CRIT, HIGH, INFO, LOW, MED, Severity, rule


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


#: Roles a function granted to widens what the Data API's callers can run.
WIDENING_ROLES = ("PUBLIC", "anon", "authenticated")


def _grants(catalog: Any, key: str) -> dict[str, set[str]]:
    """role -> privileges the privilege kind holds for *key* on that side."""
    # Imported here: the privilege kind's fix module imports this one.
    from pytest_dbparity.kinds.privilege.fix import parse_privileges

    obj = catalog.of("privilege").get(key)
    return {
        role: set(parse_privileges(text)) for role, text in getattr(obj, "grants", ())
    }


def api_executable(f: Function, catalog: Any) -> list[str]:
    """The roles of ``WIDENING_ROLES`` that can run *f* on its side: EXECUTE
    on it and USAGE on its schema, each to the role or to PUBLIC."""
    on_function = _grants(catalog, f.key)
    on_schema = _grants(catalog, quote_ident(f.schema))

    def holds(grants: dict[str, set[str]], role: str, privilege: str) -> bool:
        return privilege in grants.get(role, set()) | grants.get("PUBLIC", set())

    return [
        role
        for role in WIDENING_ROLES
        if holds(on_function, role, "EXECUTE") and holds(on_schema, role, "USAGE")
    ]


def _escalate(
    a: Function | None,
    b: Function | None,
    attribute: str | None,
    cat_a: Any,
    cat_b: Any,
) -> tuple[Severity, str] | None:
    """Critical: a SECURITY DEFINER function that anon, authenticated or
    PUBLIC can run, on one side only (missing on the other, or SECURITY
    DEFINER there only): it runs with its owner's rights for them."""
    if attribute is not None and attribute != "security_definer":
        return None
    for f, catalog in ((a, cat_a), (b, cat_b)):
        if f is None or not f.security_definer:
            continue
        if attribute == "security_definer" or (a is None) != (b is None):
            roles = api_executable(f, catalog)
            if roles:
                return (
                    CRIT,
                    "a SECURITY DEFINER function "
                    f"{', '.join(roles)} can execute, on one side only: it runs "
                    "with its owner's rights for them",
                )
    return None


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
    escalate=_escalate,
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

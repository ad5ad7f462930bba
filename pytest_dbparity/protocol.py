"""A lean run protocol for parity items that pass without looking anything up:
their object is in parity, or differs below the fail-on threshold only.

pytest runs every item through setup, call and teardown, each wrapped by capture,
logging, warnings and exception hooks and each ending in a report: about 0.5 ms
an item on a 2-core machine, which at 10,000 tables (240,000 objects) is two
minutes spent proving that nothing differs. An item of the shipped parity tests
whose object is in parity has nothing to run: no fixture of its own beyond
``parity``, no database access, no snapshot lookup, no output. For such an item
this protocol sends the same hook calls and the same three passed reports that
pytest's own protocol would send (so the terminal, JUnit XML, ``--lf``, syrupy's
bookkeeping and pytest-xdist see an ordinary passed item), without running the
phases. An object that differs below the threshold (an ``info`` finding, such as
a column of a table missing on one side, under the default ``low``) passes the
same way, with the outcome its call would record in ``user_properties``.

It steps aside, and pytest's protocol runs, whenever running the phases could
make a difference: the object differs at or above the threshold (its approval
is looked up); the item is not one of the shipped tests, has a marker or a
fixture besides the plugin's, or is the first of its kind in this process (it
lets syrupy read the kind's snapshot folder) or the last of its module (its
teardown unwinds the module); a plugin outside a known list, or a
conftest file above the shipped tests, implements a phase hook; ``--pdb``,
``--trace`` or a ``--setup-*`` option is given; or ``--dbparity-full-protocol``
asks for it.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pytest

from pytest_dbparity.findings import ObjectResult
from pytest_dbparity.handover import InParityObject
from pytest_dbparity.severity import Severity
from pytest_dbparity.verdicts import PROPERTY, below_threshold

#: The hooks that pytest's protocol calls and this one does not.
PHASE_HOOKS = (
    "pytest_runtest_setup",
    "pytest_runtest_call",
    "pytest_runtest_teardown",
    "pytest_runtest_makereport",
)
#: Plugins whose phase hooks act only on items of their own (their marker, their
#: fixture, their test types), never on a parity item.
INERT_PLUGINS = (
    "_pytest.",  # pytest itself: capture, logging, skipping, unittest, ...
    "pytest_dbparity.",
    "syrupy.",
    "xdist.",
    "_hypothesis_pytestplugin.",
    "hypothesis.",
    "pytest_benchmark.",
)
#: Fixtures a shipped parity item may have: ``parity`` and syrupy's autouse one
#: (which only patches PyCharm's diff viewer when asked, for failing assertions).
PLAIN_FIXTURES = frozenset({"parity", "request", "_syrupy_apply_ide_patches"})
#: Options (dest: flag) under which every item must run its phases.
FULL_PROTOCOL_OPTIONS = {
    "usepdb": "--pdb",
    "trace": "--trace",
    "setuponly": "--setup-only",
    "setupplan": "--setup-plan",
    "setupshow": "--setup-show",
}


def _plugin_module(plugin: object) -> str:
    name = getattr(plugin, "__name__", None)
    if isinstance(name, str) and not isinstance(plugin, type):
        return name  # a module
    return type(plugin).__module__


def foreign_phase_hooks(hooks: Any, shipped: Path) -> list[str]:
    """``plugin: hook`` for each phase hook of *hooks* (a hook relay) implemented
    outside the known plugins, and that applies to the shipped tests in
    *shipped*: those must see every parity item run. A conftest file applies
    only to tests in its folder, so one beside a project's own tests does not."""
    found = []
    for hook_name in PHASE_HOOKS:
        for impl in getattr(hooks, hook_name).get_hookimpls():
            module = _plugin_module(impl.plugin)
            if any((module + ".").startswith(prefix) for prefix in INERT_PLUGINS):
                continue
            file = getattr(impl.plugin, "__file__", None)
            if (
                isinstance(file, str)
                and Path(file).name == "conftest.py"
                and not shipped.is_relative_to(Path(file).parent)
            ):
                continue
            found.append(f"{impl.plugin_name}: {hook_name}")
    return found


@dataclass
class LeanProtocol:
    """Decides per item whether the lean path applies, and runs it."""

    shipped: Path
    #: Kinds whose first item has run in this process (syrupy saw their folder).
    registered: set[str]
    #: The run's fail-on threshold: an object whose findings all lie below it
    #: passes, and may take the lean path.
    fail_on: Severity
    #: Why the lean path is off for the whole run, or None.
    disabled: str | None = None
    #: ``plugin: hook`` of the phase hooks that turned it off, if they did.
    foreign_hooks: tuple[str, ...] = ()
    _parents: dict[int, _Parent | None] = field(default_factory=dict)

    @classmethod
    def for_config(
        cls,
        config: pytest.Config,
        shipped: Path,
        registered: set[str],
        fail_on: Severity,
    ) -> LeanProtocol:
        reason = None
        if config.getoption("dbparity_full_protocol", False):
            reason = "--dbparity-full-protocol"
        else:
            given = [
                flag
                for dest, flag in FULL_PROTOCOL_OPTIONS.items()
                if config.getoption(dest, False)
            ]
            if given:
                reason = given[0]
        return cls(
            shipped=shipped, registered=registered, fail_on=fail_on, disabled=reason
        )

    def check_plugins(self, hooks: Any) -> None:
        """Turn the lean path off if a foreign plugin implements a phase hook
        that applies to the shipped tests."""
        if self.disabled is None:
            self.foreign_hooks = tuple(foreign_phase_hooks(hooks, self.shipped))
            if self.foreign_hooks:
                self.disabled = "phase hooks of " + ", ".join(self.foreign_hooks)

    def header_lines(self) -> list[str]:
        """What the report header says about the lean path: only when a plugin
        turned it off (the options that do are asked for by the user)."""
        if not self.foreign_hooks:
            return []
        return [
            f"dbparity: every item runs pytest's full protocol ({self.disabled}): "
            "slower on large catalogs"
        ]

    def _parent_info(self, item: pytest.Item) -> _Parent | None:
        """What the items of the item's module share, if the module is a shipped
        parity module with no marks of its own whose test takes only the plugin's
        fixtures; None otherwise."""
        parent = item.parent
        key = id(parent)
        if key in self._parents:
            return self._parents[key]
        info = None
        if (
            parent is not None
            and Path(item.path).parent == self.shipped
            and not list(parent.iter_markers())
            and set(getattr(item, "fixturenames", ())) <= PLAIN_FIXTURES
            and not foreign_phase_hooks(item.ihook, self.shipped)
        ):
            info = _Parent.of(item)
        self._parents[key] = info
        return info

    def lean_parent(
        self, item: pytest.Item, nextitem: pytest.Item | None
    ) -> _Parent | None:
        """What *item* shares with its module's items if it can take the lean
        path, else None."""
        if self.disabled is not None or nextitem is None:
            return None
        if nextitem.parent is not item.parent:
            return None  # the last item of its module tears the module down
        callspec = getattr(item, "callspec", None)
        if callspec is None:
            return None
        payload = callspec.params.get("parity")
        if isinstance(payload, ObjectResult):
            if payload.failing(self.fail_on):
                return None
        elif not isinstance(payload, InParityObject):
            return None
        if payload.kind not in self.registered:
            return None
        if any(m.name != "dbparity" for m in item.own_markers):
            return None
        return self._parent_info(item)

    def run(self, item: pytest.Item, parent: _Parent) -> None:
        """Send what pytest's protocol sends for a passed item with no output."""
        payload = item.callspec.params["parity"]  # type: ignore[attr-defined]
        # What the call records (in its report and the teardown's, as pytest
        # copies the item's properties into each report as it is made).
        recorded = (
            (PROPERTY, json.dumps(below_threshold(payload)))
            if isinstance(payload, ObjectResult) and payload.findings
            else None
        )
        ihook = parent.ihook
        nodeid = item.nodeid
        # What ``item.ihook``, ``item.location`` and the report's keywords would
        # be, from what the module's items share (computing them per item costs
        # a third of the protocol).
        location = (parent.path, parent.lineno, item.name)
        keywords = parent.keywords_of(item)
        ihook.pytest_runtest_logstart(nodeid=nodeid, location=location)
        for when in ("setup", "call", "teardown"):
            if when == "call" and recorded is not None:
                item.user_properties.append(recorded)
            start = time.time()
            report = pytest.TestReport(
                nodeid,
                location,
                keywords,
                "passed",
                None,
                when,
                sections=(),
                duration=0.0,
                start=start,
                stop=start,
                user_properties=item.user_properties,
            )
            ihook.pytest_runtest_logreport(report=report)
        ihook.pytest_runtest_logfinish(nodeid=nodeid, location=location)


@dataclass(frozen=True, slots=True)
class _Parent:
    """What the items of one shipped module share."""

    path: str
    lineno: int | None
    #: Every keyword of an item but its name and parameter id: the module's and
    #: its parents', the test function's attributes and its marks.
    keywords: dict[str, Literal[1]]
    #: The hooks that apply to the module's items (the same path for all).
    ihook: Any

    @classmethod
    def of(cls, item: pytest.Item) -> _Parent | None:
        """From one item of the module; None if its location or keywords are
        not made the way this assumes (a test function at module level)."""
        function = getattr(item, "obj", None)
        path, lineno, domain = item.location
        if domain != item.name or item.parent is None or function is None:
            return None
        shared: dict[str, Literal[1]] = dict.fromkeys(item.parent.keywords, 1)
        shared.update(dict.fromkeys(vars(function), 1))
        shared.update({m.name: 1 for m in item.own_markers})
        parent = cls(path, lineno, shared, item.ihook)
        if parent.keywords_of(item).keys() != set(item.keywords):
            return None
        return parent

    def keywords_of(self, item: pytest.Item) -> dict[str, Literal[1]]:
        """``{keyword: 1 for keyword in item.keywords}``, as pytest's report has."""
        callspec = getattr(item, "callspec", None)
        own: dict[str, Literal[1]] = {item.name: 1}
        if callspec is not None:
            own[callspec.id] = 1
        return {**own, **self.keywords}

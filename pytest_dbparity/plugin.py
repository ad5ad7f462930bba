"""pytest hooks of pytest-dbparity: thin glue, state lives in ``DbParitySession``.

Without ``--env-a`` the plugin is inert: it connects to nothing and adds no tests.
"""

from __future__ import annotations

import functools
import gc
import os
import shutil
import tempfile
from collections.abc import Generator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from pytest_dbparity.errors import ConfigError, DbParityError
from pytest_dbparity.options import add_options

if TYPE_CHECKING:
    from pytest_dbparity.protocol import LeanProtocol
    from pytest_dbparity.session import DbParitySession, ParityCheck

# The rest of the package (psycopg, the catalog reader, syrupy's extension, the
# reports) is imported when the plugin is switched on: every pytest run of a
# project that has it installed loads this module.

#: The shipped parity tests, collected when the plugin is active.
PARITY_TESTS = Path(__file__).resolve().parent.parent / "parity_tests"
#: workerinput key: the file the controller hands its workers (``session.save``).
WORKER_CATALOGS = "dbparity_catalogs"
#: workeroutput key: a usage error a worker found while collecting.
USAGE_ERROR = "dbparity_usage_error"
#: workeroutput key: the snapshot files a worker could not write.
OUTPUT_FAILURES = "dbparity_output_failures"
SESSION_KEY: pytest.StashKey[DbParitySession] = pytest.StashKey()
PROTOCOL_KEY: pytest.StashKey[LeanProtocol] = pytest.StashKey()


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def _state(config: pytest.Config) -> DbParitySession | None:
    return config.stash.get(SESSION_KEY, None)


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "dbparity(kind): parametrize a test that takes `parity` over every object "
        "of this kind in the environments",
    )
    if not config.getoption("dbparity_env_a"):
        if config.getoption("dbparity_env_b"):
            raise pytest.UsageError("dbparity: --env-b needs --env-a")
        return
    from pytest_dbparity.snapshot.compat import problem

    # Before anything imports syrupy's API: a syrupy the plugin cannot drive
    # would ask for --snapshot-update forever instead of failing.
    syrupy_problem = problem(plugin_loaded=config.pluginmanager.hasplugin("syrupy"))
    if syrupy_problem is not None:
        raise pytest.UsageError(f"dbparity: {syrupy_problem}")
    from pytest_dbparity.options import resolve_settings
    from pytest_dbparity.protocol import LeanProtocol
    from pytest_dbparity.session import DbParitySession
    from pytest_dbparity.snapshot.extension import set_location

    try:
        settings = resolve_settings(config)
    except ConfigError as exc:
        raise pytest.UsageError(f"dbparity: {exc}") from None
    state = DbParitySession(settings)
    config.stash[SESSION_KEY] = state
    config.add_cleanup(state.close)
    config.stash[PROTOCOL_KEY] = LeanProtocol.for_config(
        config, PARITY_TESTS, state.registered, settings.fail_on
    )
    config.pluginmanager.register(_ReportHooks(state, config), "dbparity-reports")
    # Runs in the xdist controller and in every worker, so the snapshot extension
    # (which syrupy rebuilds with no arguments) finds the same folder everywhere.
    set_location(
        settings.approvals_folder()[0],
        updating=bool(getattr(config.option, "update_snapshots", False)),
        writing_new=bool(getattr(config.option, "update_new_snapshots_only", False)),
    )
    _tune_syrupy(config)
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(_XdistHooks(), "dbparity-xdist")
    _add_parity_tests(config)


def _partial_run(config: pytest.Config) -> str | None:
    """How this run selects only some items, if it does."""
    option = config.option
    if getattr(option, "keyword", ""):
        return "-k"
    if getattr(option, "markexpr", ""):
        return "-m"
    if getattr(option, "deselect", None):
        return "--deselect"
    if getattr(option, "lf", False) or getattr(option, "failedfirst", False):
        return "--lf/--ff"
    if config.args_source == pytest.Config.ArgsSource.ARGS:
        return "explicit test paths"
    return None


def _tune_syrupy(config: pytest.Config) -> None:
    option = config.option
    if not hasattr(option, "update_snapshots"):
        return
    # Name stale (unused) approvals, not just count them.
    option.include_snapshot_details = True
    partial = _partial_run(config)
    if partial is not None:
        # syrupy decides which approvals a partial run "should" have used from
        # the snapshot names, split at dots; object keys are full of dots, so it
        # can take approvals of deselected objects for stale ones. A partial run
        # therefore never deletes an approval, and stale ones are only warned
        # about; a full run judges them.
        option.no_cleanup = True
        option.warn_unused_snapshots = True
        config.stash[PARTIAL_KEY] = partial


PARTIAL_KEY = pytest.StashKey[str]()


def _add_parity_tests(config: pytest.Config) -> None:
    """Collect the shipped parity tests, in place of the default test paths."""
    shipped = str(PARITY_TESTS)
    if config.args_source != pytest.Config.ArgsSource.ARGS:
        config.args[:] = [shipped]
        return
    args: list[str] = []
    chosen: list[str] = []
    whole = False
    for arg in config.args:
        node = _shipped_node_id(config, arg)
        if node is None:
            args.append(arg)
        elif node:
            chosen.append(node)
        else:
            whole = True
    if chosen or whole:
        # Collected from their folder, then selected by node id (see
        # ``_shipped_node_id``), so their ids stay the ones pytest prints.
        args.append(shipped)
        if not whole:
            config.stash[CHOSEN_KEY] = tuple(chosen)
    elif not any(
        Path(a.split("::")[0]).resolve().is_relative_to(PARITY_TESTS) for a in args
    ):
        args.append(shipped)
    config.args[:] = args


#: Node ids of shipped tests the command line names (see ``_shipped_node_id``).
CHOSEN_KEY = pytest.StashKey[tuple[str, ...]]()


def _shipped_node_id(config: pytest.Config, arg: str) -> str | None:
    """The node id of the shipped parity test(s) an argument names ("" for the
    whole folder), or None when it names none of them.

    The shipped tests live outside the user's rootdir: pytest gives them ids
    relative to their own folder (``test_rls.py::test_rls[public.stories]``) and
    prints an id as a path from the working folder, where no such file is. Given
    back as printed, from that folder or any other with the same rootdir, the
    path points into the rootdir and the shipped test of that name is meant. A
    shipped module named by its real path means the same (pytest would collect
    it under an id without its file name, which cannot be given back).
    """
    if PARITY_TESTS.is_relative_to(config.rootpath):
        return None  # ids of files under the rootdir can be given back as printed
    path, sep, rest = arg.partition("::")
    given = config.invocation_params.dir / path
    if not path:
        return None
    if given.exists():
        real = given.resolve()
    else:
        real = (PARITY_TESTS / os.path.relpath(given, config.rootpath)).resolve()
        if not real.is_file():
            return None
    if real == PARITY_TESTS:
        return "" if not sep else None
    if not real.is_relative_to(PARITY_TESTS):
        return None
    return real.relative_to(PARITY_TESTS).as_posix() + sep + rest


def _select_chosen(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep, of the shipped tests, the items the command line named by node id,
    as pytest would have; other tests (the user's own) stay."""
    chosen = config.stash.get(CHOSEN_KEY, None)
    if not chosen:
        return
    kept: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    for item in items:
        named = not item.path.is_relative_to(PARITY_TESTS) or any(
            item.nodeid == c or item.nodeid.startswith((f"{c}::", f"{c}["))
            for c in chosen
        )
        (kept if named else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    # tryfirst: before xdist's DSession starts the workers, which need the catalogs.
    config = session.config
    state = _state(config)
    if state is None:
        return
    if _is_worker(config):
        state.load(Path(config.workerinput[WORKER_CATALOGS]))  # type: ignore[attr-defined]
        gc.freeze()
        return
    try:
        state.read()
    except DbParityError as exc:
        # A usage error prints one "ERROR: ..." line and exits with code 4.
        raise pytest.UsageError(f"dbparity: {state.scrub(str(exc))}") from None
    # The catalogs and the comparison live until the end of the run: keep the
    # garbage collector from walking their millions of objects again and again
    # (pytest itself runs full collections at the end; 2.5 s at 10,000 tables).
    gc.freeze()
    if _distributing(config):
        state.save(Path(tempfile.mkdtemp(prefix="dbparity-")))


def _distributing(config: pytest.Config) -> bool:
    return bool(getattr(config.option, "numprocesses", None)) or bool(
        getattr(config.option, "dist", "no") != "no"
    )


class _XdistHooks:
    """Hooks that exist only when pytest-xdist is installed."""

    def pytest_configure_node(self, node: Any) -> None:
        state = _state(node.config)
        if state is not None and state.catalog_file is not None:
            node.workerinput[WORKER_CATALOGS] = str(state.catalog_file)

    @pytest.hookimpl(tryfirst=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        # tryfirst: before syrupy's own hook reads the worker's output.
        state = _state(node.config)
        workeroutput = getattr(node, "workeroutput", {})
        if state is not None:
            _drop_impossible_sidecars(workeroutput)
        message = workeroutput.get(USAGE_ERROR)
        if state is not None and message:
            state.usage_error = message
        if state is not None:
            state.output_failures.extend(
                tuple(f) for f in workeroutput.get(OUTPUT_FAILURES, ())
            )


#: workeroutput key: the snapshot files a worker wrote (syrupy 6+ under xdist),
#: whose lock and temporary files the controller removes at the end.
SYRUPY_SIDECARS = "syrupy_write_sidecars"


def _drop_impossible_sidecars(workeroutput: dict[str, Any]) -> None:
    """Leave out the snapshot files no lock or temporary file can sit beside.

    syrupy removes ``<file>.lock``/``<file>.tmp`` for every snapshot file a
    worker wrote or tried to write, missing files allowed, but a folder that is
    a regular file raises: the controller would end the run with INTERNALERROR
    where the plugin names the snapshot file it could not write (exit 4).
    Our files are written whole, never through those sidecars.
    """
    locations = workeroutput.get(SYRUPY_SIDECARS)
    if locations:
        workeroutput[SYRUPY_SIDECARS] = [
            location for location in locations if Path(location).parent.is_dir()
        ]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Stop the run when a compared kind has no parity test among the items.

    tryfirst: before ``-k``/``-m``/``--deselect`` take items away, which is the
    user's choice; a missing or ignored test module, or a kind without one, is
    not: its differences would pass unseen.
    """
    state = _state(config)
    if state is None:
        return
    if not _chosen_modules(config):
        _check_every_kind_has_a_test(state, config, items)
    _select_chosen(config, items)
    if state.items_mode == "differences":
        _name_objects_in_parity(items)
    _message_failures(items)


def _message_failures(items: list[pytest.Item]) -> None:
    """A parity item fails with a message (``pytest.fail(..., pytrace=False)``),
    which pytest shows alone, without a traceback; yet it filters the whole
    traceback first (a file-system check per frame: about 1.5 ms a failure,
    seconds when thousands of objects differ). Parity items skip that for
    these failures and show the same text; any other error of theirs, or
    ``--fulltrace``, goes the usual way."""
    for item in items:
        if isinstance(item, pytest.Function) and item.get_closest_marker("dbparity"):
            item.repr_failure = functools.partial(_message_repr, item)  # type: ignore[method-assign]


def _message_repr(
    item: pytest.Function, excinfo: pytest.ExceptionInfo[BaseException]
) -> Any:
    value = excinfo.value
    config = item.config
    if (
        isinstance(value, pytest.fail.Exception)
        and not value.pytrace
        and not config.getoption("fulltrace", False)
    ):
        try:
            abspath = Path.cwd() != config.invocation_params.dir
        except OSError:
            abspath = True
        return excinfo.getrepr(
            funcargs=True,
            abspath=abspath,
            showlocals=config.getoption("showlocals", False),
            style="value",
            tbfilter=False,
        )
    return pytest.Function.repr_failure(item, excinfo)


def _name_objects_in_parity(items: list[pytest.Item]) -> None:
    """``-k NAME`` selects the item standing for the objects in parity of a kind
    when NAME is part of one of their keys, as it selects an object's own item
    in object mode (``-k`` matches the names it is given by substring)."""
    from pytest_dbparity.payloads import InParity

    for item in items:
        callspec = getattr(item, "callspec", None)
        payload = callspec.params.get("parity") if callspec is not None else None
        if isinstance(payload, InParity):
            item.extra_keyword_matches.update(payload.keys)


def _check_every_kind_has_a_test(
    state: DbParitySession, config: pytest.Config, items: list[pytest.Item]
) -> None:
    seen: set[str] = set()
    looked: set[tuple[int, str]] = set()  # one test function's items share markers
    for item in items:
        function = (id(item.parent), getattr(item, "originalname", item.name))
        if function in looked:
            continue
        looked.add(function)
        marker = item.get_closest_marker("dbparity")
        if marker is not None and marker.args:
            seen.add(marker.args[0])
    missing = [k for k in state.settings.kinds if k not in seen]
    if not missing:
        return
    message = (
        f"dbparity: no parity test was collected for {', '.join(missing)} "
        f"(a test taking `parity`, marked @pytest.mark.dbparity(kind), as in "
        f"{PARITY_TESTS}); its differences would pass unseen: restore the "
        "test module, or leave the kind out (--dbparity-kinds, or kinds in "
        "the config)"
    )
    if not _is_worker(config):
        raise pytest.UsageError(message)
    # An xdist worker cannot stop the run with a usage error (the controller
    # takes it for a crash): it runs nothing and tells the controller, which
    # ends the run with the message and exit code 4.
    items.clear()
    config.workeroutput[USAGE_ERROR] = message  # type: ignore[attr-defined]


def _chosen_modules(config: pytest.Config) -> bool:
    """Whether the command line names some of the shipped test modules (a run of
    the user's choosing) rather than the folder or none."""
    if config.args_source != pytest.Config.ArgsSource.ARGS:
        return False
    for arg in config.args:
        path = Path(arg.split("::")[0]).resolve()
        if path != PARITY_TESTS and path.is_relative_to(PARITY_TESTS):
            return True
    return False


def pytest_collection_finish(session: pytest.Session) -> None:
    if _state(session.config) is not None:
        # The items live until the end of the run, like the catalogs.
        gc.freeze()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    """A parity item whose object is in parity sends its passed reports without
    running its phases (see ``protocol.py``); every other item runs pytest's."""
    protocol = item.config.stash.get(PROTOCOL_KEY, None)
    parent = None if protocol is None else protocol.lean_parent(item, nextitem)
    if protocol is None or parent is None:
        return None
    protocol.run(item, parent)
    return True


def pytest_report_header(config: pytest.Config) -> list[str]:
    state = _state(config)
    if state is None:
        return []
    lines = state.header()
    protocol = config.stash.get(PROTOCOL_KEY, None)
    if protocol is not None:
        # Plugins are loaded by now; each module checks again at run time with
        # the hooks that apply to its items (conftest files included).
        protocol.check_plugins(config.hook)
        lines.extend(protocol.header_lines())
    if _distributing(config):
        lines.append(
            "dbparity: one item per object under xdist: the controller handles "
            "every item's reports, which costs more than the items (1.5-3x slower "
            "than a serial run in benchmarks/RESULTS.md); run serially"
            if state.items_mode == "object"
            else "dbparity: xdist does not pay off here: the controller reads and "
            "compares both catalogs before any worker starts, each worker loads "
            "what it is handed, and the items left are few (1.0-1.7x the serial "
            "run's time in benchmarks/RESULTS.md); run serially"
        )
    partial = config.stash.get(PARTIAL_KEY, None)
    if partial is not None:
        lines.append(
            f"dbparity: partial run ({partial}): stale approvals are reported as "
            "warnings and never deleted; a full run judges them"
        )
    return lines


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "parity" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("dbparity")
    if marker is None or not marker.args:
        raise pytest.UsageError(
            f"dbparity: {metafunc.definition.nodeid} takes `parity` but has no "
            "@pytest.mark.dbparity(kind)"
        )
    kind = marker.args[0]
    state = _state(metafunc.config)
    if state is None or state.skip_reason(kind) is not None:
        # Not parametrized: the `parity` fixture skips it with the reason. No
        # snapshot is read, so the kind's approvals are neither stale nor deleted.
        return
    payloads = state.payloads(kind)
    if not payloads:
        # One item still looks at the kind's snapshot folder: approvals of objects
        # gone from every environment show up as stale.
        metafunc.parametrize("parity", [None], ids=["none"], indirect=True)
        return
    metafunc.parametrize(
        "parity", payloads, ids=[p.key for p in payloads], indirect=True
    )


@pytest.fixture
def parity(request: pytest.FixtureRequest) -> ParityCheck:
    """One object of the kind named by the test's ``dbparity`` marker."""
    state = _state(request.config)
    marker = request.node.get_closest_marker("dbparity")
    kind = marker.args[0] if marker is not None and marker.args else "?"
    if state is None:
        pytest.skip("pytest-dbparity is not active (no --env-a)")
    reason = state.skip_reason(kind)
    if reason is not None:
        pytest.skip(reason)
    payload = getattr(request, "param", None)
    if payload is None:
        state.register_empty(kind, request)
        pytest.skip(f"no {kind} object in the environment(s)")
    from pytest_dbparity.session import ParityCheck

    return ParityCheck(state, payload, request)


class _ReportHooks:
    """Collects item outcomes from reports: in the xdist controller this sees the
    workers' reports too, so every outcome reaches one place."""

    def __init__(self, state: DbParitySession, config: pytest.Config) -> None:
        self.state = state
        self.config = config

    @pytest.hookimpl(trylast=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # trylast: after the terminal reporter has filed the report (a plain
        # hook, not a wrapper: three calls per item, 730,000 at 10,000 tables).
        if report.user_properties:
            self.state.collect_report(report)
        if report.when != "call" and report.passed and not report.sections:
            self._forget_phase_report(report)

    def _forget_phase_report(self, report: pytest.TestReport) -> None:
        """Keep a parity item's passed setup/teardown report out of the terminal
        reporter's list of such reports.

        For every failure (and, with ``-rA``, every pass) pytest's summary scans
        that list for the item's teardown output (pytest-dev/pytest#13360): with
        one item per object, 2,000 failures x 480,000 reports took 14 minutes at
        10,000 tables. A report with no captured output has nothing to print there,
        and the list is used for nothing else.
        """
        if "dbparity" not in report.keywords:
            return
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        phases = getattr(reporter, "stats", {}).get("")
        if phases and phases[-1] is report:
            phases.pop()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> Generator[None]:
    """The dbparity summary before pytest's own sections (the per-item failures,
    the short summary), so the differences that matter most come first; errors
    about the run itself after them, last before the totals.

    A wrapper, tryfirst: the outermost one, around the terminal reporter's, which
    prints its sections around the plain implementations.
    """
    state = _state(config)
    if state is None or _is_worker(config):
        return (yield)
    lines = [] if state.usage_error else state.summary_lines(config.get_verbosity())
    if lines:
        terminalreporter.write_sep("-", "dbparity summary")
        for line in lines:
            terminalreporter.write_line(line)
    try:
        return (yield)
    finally:
        _write_errors(terminalreporter, state)


def _write_errors(
    terminalreporter: pytest.TerminalReporter, state: DbParitySession
) -> None:
    if state.usage_error is not None:
        terminalreporter.write_line(f"ERROR: {state.usage_error}", red=True)
        return
    from pytest_dbparity.writing import failure_lines

    for line in failure_lines(state.output_failures):
        terminalreporter.write_line(f"ERROR: {line}", red=True)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    # trylast: after syrupy has written updated snapshots.
    state = _state(session.config)
    if state is None:
        return
    from pytest_dbparity.snapshot.extension import take_write_failures

    if _is_worker(session.config):
        # Sent with the worker's other output when this hook ends.
        session.config.workeroutput[OUTPUT_FAILURES] = take_write_failures()  # type: ignore[attr-defined]
        return
    if state.catalog_file is not None:
        shutil.rmtree(state.catalog_file.parent, ignore_errors=True)
    if state.usage_error is not None:  # reported by an xdist worker
        session.exitstatus = pytest.ExitCode.USAGE_ERROR
        return
    state.output_failures.extend(take_write_failures())
    state.write_outputs()
    if state.output_failures:
        # Not 1 (drift) nor 3 (internal error): the run's findings stand, an
        # output could not be written (the terminal summary names it).
        session.exitstatus = pytest.ExitCode.USAGE_ERROR

"""Command-line options and ini twins, and their resolution into ``Settings``.

Precedence: command line > ini > ``dbparity.yaml`` > default.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

import pytest

from pytest_dbparity.approvals import EXCLUDE_APPROVED
from pytest_dbparity.config import (
    CONFIG_FILENAME,
    DEFAULT_EXCLUDED_SCHEMAS,
    MAX_SECONDS,
    load_config,
    parse_kinds,
    seconds_ok,
)
from pytest_dbparity.core.reading import DEFAULT_STATEMENT_TIMEOUT
from pytest_dbparity.environments import (
    ALLOW_SAME_TARGET,
    check_distinct_targets,
    resolve_environment,
)
from pytest_dbparity.errors import ConfigError
from pytest_dbparity.kinds.names import KINDS, Kind
from pytest_dbparity.settings import AUTO_OBJECTS, Settings
from pytest_dbparity.severity import Severity
from pytest_dbparity.writing import check_location

HELP_ENV_A = (
    "Environment A: a name from dbparity.yaml or a DSN (URL or libpq keyword "
    "string). Without it the plugin is inert"
)
HELP_ENV_B = (
    "Environment B, compared with A: a name from dbparity.yaml or a DSN. Without it, "
    "A is compared with its own approved snapshots (drift mode)"
)
HELP_SNAPSHOT_DIR = (
    "Folder of the approved snapshots, relative to the rootdir (default: snapshots)"
)
HELP_CONFIG = (
    f"Path of the configuration file (default: {CONFIG_FILENAME} at the rootdir)"
)
HELP_FAIL_ON = (
    "Lowest severity that fails a test: critical, high, medium, low or info "
    "(default: low); lower ones are reported as warnings"
)
HELP_JSON = "Write every finding to this JSON file (format dbparity-findings/1)"
HELP_REPORT = (
    "Write the parity report to this file: Markdown, or one self-contained HTML "
    "page when the name ends in .html"
)
HELP_FIX_SQL = (
    "Write a SQL script that makes the target match the source for every "
    "non-accepted difference (never run by the tool)"
)
HELP_DIRECTION = (
    "Direction of --dbparity-fix-sql: a-to-b (A is the source of truth, the script "
    "runs on B; default) or b-to-a"
)
HELP_DESTRUCTIVE = (
    "Include destructive statements (DROP ...) in --dbparity-fix-sql instead of "
    "writing them commented out"
)
HELP_EXCLUDE_APPROVED = (
    "Leave differences approved in snapshots out of the report's risk summary and "
    "plan and out of --dbparity-fix-sql (by default they are in, marked 'approved "
    "on <date>, <reason>'; the report says how many were left out)"
)
HELP_SAVE_CATALOG = (
    "Save environment A's catalog to this file, to compare later without a "
    "connection as snapshot:PATH"
)
HELP_KINDS = (
    f"Comma-separated object kinds to compare (default: all: {', '.join(KINDS)})"
)
HELP_DATA = (
    "Compare the contents of the tables matching this schema.table glob "
    "(repeatable; added to data.tables in dbparity.yaml)"
)
ITEM_MODES = ("auto", "object", "differences")
HELP_ITEMS = (
    "How objects map to test items: object (one item per object of every kind), "
    "differences (one item per object that differs, plus one item per kind standing "
    "for all its objects in parity, which -k selects by any of their names: much "
    "faster on large catalogs) or auto (default: object up to "
    f"{AUTO_OBJECTS:,} objects compared, differences above; the header says which)"
)
HELP_FULL_PROTOCOL = (
    "Run every parity item through pytest's full setup/call/teardown protocol. By "
    "default an item whose object is in parity, or differs below --dbparity-fail-on "
    "only, just sends its passed reports (the same ones), which is several times "
    "faster on large catalogs"
)
HELP_ALLOW_SAME_TARGET = (
    "Compare --env-a and --env-b even when both resolve to the same server, port "
    "and database (to compare what two roles see in one database). Without it such "
    "a run stops: a database compared with itself always passes"
)
HELP_CONNECT_TIMEOUT = "Seconds to wait for a connection (default: 10)"
HELP_STATEMENT_TIMEOUT = (
    "Seconds a catalog query, a wait for a lock, or a pause of the read's "
    "transaction may take (default: 120)"
)

HELP_PROFILE = (
    "Platform profile: supabase (default: in the platform's schemas, what users "
    "create or change is compared and the platform's own objects are left out; "
    "nothing changes where those schemas do not exist) or none (those schemas "
    "left out entirely)"
)


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("dbparity", "database parity (pytest-dbparity)")
    group.addoption(
        "--env-a", dest="dbparity_env_a", metavar="NAME|DSN", help=HELP_ENV_A
    )
    group.addoption(
        "--env-b", dest="dbparity_env_b", metavar="NAME|DSN", help=HELP_ENV_B
    )
    group.addoption(
        "--dbparity-config", dest="dbparity_config", metavar="PATH", help=HELP_CONFIG
    )
    group.addoption(
        "--dbparity-fail-on",
        dest="dbparity_fail_on",
        metavar="SEVERITY",
        help=HELP_FAIL_ON,
    )
    group.addoption(
        "--dbparity-json", dest="dbparity_json", metavar="PATH", help=HELP_JSON
    )
    group.addoption(
        "--dbparity-report",
        dest="dbparity_report",
        metavar="PATH",
        action="append",
        help=HELP_REPORT + " (repeat for both)",
    )
    group.addoption(
        "--dbparity-fix-sql", dest="dbparity_fix_sql", metavar="PATH", help=HELP_FIX_SQL
    )
    group.addoption(
        "--dbparity-direction",
        dest="dbparity_direction",
        metavar="a-to-b|b-to-a",
        help=HELP_DIRECTION,
    )
    group.addoption(
        "--dbparity-allow-destructive",
        dest="dbparity_allow_destructive",
        action="store_true",
        default=None,
        help=HELP_DESTRUCTIVE,
    )
    group.addoption(
        EXCLUDE_APPROVED,
        dest="dbparity_exclude_approved",
        action="store_true",
        default=None,
        help=HELP_EXCLUDE_APPROVED,
    )
    group.addoption(
        ALLOW_SAME_TARGET,
        dest="dbparity_allow_same_target",
        action="store_true",
        default=False,
        help=HELP_ALLOW_SAME_TARGET,
    )
    group.addoption(
        "--dbparity-save-catalog",
        dest="dbparity_save_catalog",
        metavar="PATH",
        help=HELP_SAVE_CATALOG,
    )
    group.addoption(
        "--dbparity-snapshot-dir",
        dest="dbparity_snapshot_dir",
        metavar="PATH",
        help=HELP_SNAPSHOT_DIR,
    )
    group.addoption(
        "--dbparity-kinds", dest="dbparity_kinds", metavar="KIND,...", help=HELP_KINDS
    )
    group.addoption(
        "--dbparity-data",
        dest="dbparity_data",
        metavar="PATTERN",
        action="append",
        default=[],
        help=HELP_DATA,
    )
    group.addoption(
        "--dbparity-items",
        dest="dbparity_items",
        metavar="auto|object|differences",
        help=HELP_ITEMS,
    )
    group.addoption(
        "--dbparity-full-protocol",
        dest="dbparity_full_protocol",
        action="store_true",
        default=False,
        help=HELP_FULL_PROTOCOL,
    )
    group.addoption(
        "--dbparity-connect-timeout",
        dest="dbparity_connect_timeout",
        metavar="SECONDS",
        help=HELP_CONNECT_TIMEOUT,
    )
    group.addoption(
        "--dbparity-statement-timeout",
        dest="dbparity_statement_timeout",
        metavar="SECONDS",
        help=HELP_STATEMENT_TIMEOUT,
    )
    group.addoption(
        "--dbparity-profile",
        dest="dbparity_profile",
        metavar="supabase|none",
        help=HELP_PROFILE,
    )
    # The environments have no ini twins on purpose: an ini value would switch the
    # plugin on for every run of a project's own test suite.
    parser.addini("dbparity_config", HELP_CONFIG)
    parser.addini("dbparity_fail_on", HELP_FAIL_ON)
    parser.addini("dbparity_json", HELP_JSON)
    parser.addini("dbparity_kinds", HELP_KINDS)
    parser.addini("dbparity_profile", HELP_PROFILE)
    parser.addini("dbparity_snapshot_dir", HELP_SNAPSHOT_DIR)
    parser.addini("dbparity_report", HELP_REPORT)
    parser.addini("dbparity_save_catalog", HELP_SAVE_CATALOG)
    parser.addini("dbparity_fix_sql", HELP_FIX_SQL)
    parser.addini("dbparity_direction", HELP_DIRECTION)
    parser.addini("dbparity_allow_destructive", HELP_DESTRUCTIVE, type="bool")
    parser.addini("dbparity_exclude_approved", HELP_EXCLUDE_APPROVED, type="bool")
    parser.addini("dbparity_items", HELP_ITEMS)
    parser.addini("dbparity_connect_timeout", HELP_CONNECT_TIMEOUT)
    parser.addini("dbparity_statement_timeout", HELP_STATEMENT_TIMEOUT)


def _get(config: pytest.Config, name: str) -> Any:
    value = config.getoption(f"dbparity_{name}")
    if value is None or value == "":
        value = config.getini(f"dbparity_{name}") or None
    return value


def _absolute(config: pytest.Config, value: str) -> Path:
    """A path given on the command line, relative to where pytest was started."""
    path = Path(value)
    if not path.is_absolute():
        path = Path(config.invocation_params.dir) / path
    return path


def _output_path(config: pytest.Config, name: str) -> Path | None:
    """An output file option, relative to where pytest was started."""
    value = _get(config, name)
    return _absolute(config, str(value)) if value else None


def _seconds(value: Any, option: str) -> float | None:
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        raise ConfigError(
            f"--dbparity-{option}: {value!r} is not a number of seconds"
        ) from None
    if not seconds_ok(seconds):
        raise ConfigError(
            f"--dbparity-{option}: {value!r}; give a number of seconds more than 0 "
            f"and at most {MAX_SECONDS}"
        )
    return seconds


def _check_outputs(
    config: pytest.Config,
    *,
    json_path: Path | None,
    report_paths: tuple[Path, ...],
    fix_sql_path: Path | None,
    save_catalog_path: Path | None,
    snapshot_dir: Path,
) -> None:
    """Stop before reading anything when an output cannot be written (in the
    xdist controller or the only process: workers write no outputs but snapshots,
    and the controller's run may have changed the folders since)."""
    if hasattr(config, "workerinput"):
        return
    outputs = [
        ("--dbparity-json", json_path),
        *(("--dbparity-report", p) for p in report_paths),
        ("--dbparity-fix-sql", fix_sql_path),
        ("--dbparity-save-catalog", save_catalog_path),
    ]
    for what, path in outputs:
        if path is not None:
            check_location(what, path)
    if getattr(config.option, "update_snapshots", False):
        check_location("snapshots in", snapshot_dir, folder=True)


def resolve_settings(config: pytest.Config) -> Settings:
    """Settings of this run; raises ``ConfigError`` with a one-line message."""
    env_a_value = config.getoption("dbparity_env_a")
    env_b_value = config.getoption("dbparity_env_b")
    explicit = _get(config, "config")
    if explicit:
        path = Path(explicit)
        if not path.is_absolute():
            path = Path(config.invocation_params.dir) / path
        file_config = load_config(path, required=True)
    else:
        file_config = load_config(config.rootpath / CONFIG_FILENAME, required=False)

    cwd = Path(config.invocation_params.dir)
    env_a = resolve_environment(
        env_a_value, file_config, option="--env-a", environ=os.environ, cwd=cwd
    )
    env_b = None
    if env_b_value:
        env_b = resolve_environment(
            env_b_value, file_config, option="--env-b", environ=os.environ, cwd=cwd
        )
    allow_same_target = bool(config.getoption("dbparity_allow_same_target"))
    if env_b is not None:
        # A DSN's name is its host and database: two DSNs may share it and still be
        # two databases (users without dbname) or, with the option, two roles.
        if env_a.name == env_b.name and not (env_a.from_dsn or env_b.from_dsn):
            raise ConfigError(
                f"--env-a and --env-b both name {env_a.name!r}; "
                "compare two environments"
            )
        if not allow_same_target:
            check_distinct_targets(env_a, env_b, environ=os.environ)

    kinds = file_config.kinds or KINDS
    if env_b is None and file_config.kinds is None:
        # Drift mode checks the kinds whose spec says so by default (row count
        # estimates change with every ANALYZE: approving them is noise).
        from pytest_dbparity.kinds.registry import kinds_where

        kinds = tuple(k for k in kinds if k in kinds_where(drift=True))
    raw_kinds = _get(config, "kinds")
    if raw_kinds:
        kinds = parse_kinds(
            [k.strip() for k in str(raw_kinds).split(",") if k.strip()],
            "--dbparity-kinds",
        )

    fail_on = file_config.fail_on or Severity.LOW
    raw_fail_on = _get(config, "fail_on")
    if raw_fail_on:
        try:
            fail_on = Severity.parse(str(raw_fail_on))
        except ValueError as exc:
            raise ConfigError(f"--dbparity-fail-on: {exc}") from None

    json_path = _output_path(config, "json")
    raw_reports = config.getoption("dbparity_report") or (
        [config.getini("dbparity_report")] if config.getini("dbparity_report") else []
    )
    report_paths = tuple(
        _absolute(config, str(p)) for p in dict.fromkeys(raw_reports) if p
    )
    fix_sql_path = _output_path(config, "fix_sql")
    direction = str(_get(config, "direction") or "a-to-b")
    if direction not in ("a-to-b", "b-to-a"):
        raise ConfigError(f"--dbparity-direction: {direction!r}; use a-to-b or b-to-a")
    allow_destructive = bool(_get(config, "allow_destructive"))
    exclude_approved = bool(_get(config, "exclude_approved"))
    if env_b is None and (report_paths or fix_sql_path):
        raise ConfigError(
            "--dbparity-report and --dbparity-fix-sql compare two environments; "
            "give --env-b too"
        )

    items = str(_get(config, "items") or "auto")
    if items not in ITEM_MODES:
        choices = f"{', '.join(ITEM_MODES[:-1])} or {ITEM_MODES[-1]}"
        raise ConfigError(f"--dbparity-items: {items!r}; use {choices}")

    connect_timeout = (
        _seconds(_get(config, "connect_timeout"), "connect-timeout")
        or file_config.connect_timeout
        or 10.0
    )
    statement_timeout = (
        _seconds(_get(config, "statement_timeout"), "statement-timeout")
        or file_config.statement_timeout
        or DEFAULT_STATEMENT_TIMEOUT
    )

    snapshot_dir = Path(_get(config, "snapshot_dir") or "snapshots")
    if not snapshot_dir.is_absolute():
        snapshot_dir = config.rootpath / snapshot_dir
    save_catalog_path = _output_path(config, "save_catalog")
    _check_outputs(
        config,
        json_path=json_path,
        report_paths=report_paths,
        fix_sql_path=fix_sql_path,
        save_catalog_path=save_catalog_path,
        snapshot_dir=snapshot_dir,
    )

    exclude = tuple(
        dict.fromkeys(DEFAULT_EXCLUDED_SCHEMAS + file_config.exclude_schemas)
    )
    if file_config.include_schemas is not None:
        # Named schemas are read even when a default exclusion lists them.
        included = file_config.include_schemas
        exclude = tuple(s for s in exclude if s not in included)
    data = file_config.data
    extra = [p for p in config.getoption("dbparity_data") or [] if p.strip()]
    if extra:
        data = dataclasses.replace(
            data, tables=tuple(dict.fromkeys([*data.tables, *extra]))
        )
    from pytest_dbparity.platform import DEFAULT_PROFILE, load_profile

    profile_name = str(_get(config, "profile") or file_config.profile or "")
    profile_name = profile_name or DEFAULT_PROFILE
    try:
        profile = load_profile(profile_name)
    except ValueError as exc:
        raise ConfigError(f"--dbparity-profile: {exc}") from None
    partial_schemas: tuple[str, ...] = ()
    partial_kinds: tuple[Kind, ...] = ()
    if profile is not None:
        # A schema the user excluded by name stays out entirely.
        partial_schemas = tuple(
            s
            for s in profile.schemas
            if s in exclude and s not in file_config.exclude_schemas
        )
        partial_kinds = tuple(k for k in kinds if k in profile.kinds)
    return Settings(
        env_a=env_a,
        env_b=env_b,
        include_schemas=file_config.include_schemas,
        exclude_schemas=exclude,
        kinds=kinds,
        rules=file_config.rules,
        fail_on=fail_on,
        json_path=json_path,
        migrations_table=file_config.migrations_table,
        exact_counts=file_config.exact_counts,
        data=data,
        connect_timeout=connect_timeout,
        statement_timeout=statement_timeout,
        config_path=file_config.path,
        snapshot_dir=snapshot_dir,
        report_paths=report_paths,
        fix_sql_path=fix_sql_path,
        direction=direction,
        allow_destructive=allow_destructive,
        exclude_approved=exclude_approved,
        save_catalog_path=save_catalog_path,
        allow_same_target=allow_same_target,
        items=items,
        profile=profile_name,
        partial_schemas=partial_schemas,
        partial_kinds=partial_kinds,
    )

"""``dbparity.yaml``: read, validated, with the defaults it overrides.

Precedence is command line > ini > YAML > default. DSNs never live in files: the
YAML names the environment variable that holds each one (``dsn_env: VAR`` or
``${VAR}`` inside ``dsn:``).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast, get_args

from pytest_dbparity.core.identifiers import split_qualified
from pytest_dbparity.core.reading import DataOptions
from pytest_dbparity.diff import Change
from pytest_dbparity.errors import ConfigError
from pytest_dbparity.kinds.names import KINDS, Kind
from pytest_dbparity.severity import Rule, Severity

if TYPE_CHECKING:
    import yaml

CONFIG_FILENAME = "dbparity.yaml"

#: Schemas that a platform manages (PostgreSQL itself, Supabase) and that are
#: left out unless ``schemas.include`` names them.
DEFAULT_EXCLUDED_SCHEMAS: tuple[str, ...] = (
    "pg_catalog",
    "information_schema",
    "pg_toast",
    # Supabase
    "auth",
    "storage",
    "realtime",
    "_realtime",
    "graphql",
    "graphql_public",
    "vault",
    "pgsodium",
    "pgsodium_masks",
    "supabase_functions",
    "supabase_subscription_mgmt",
    "supabase_migrations",
    "net",
    "cron",
    "extensions",
    "pgbouncer",
    "_analytics",
    "_supavisor",
    "pgtle",
    "topology",
    "tiger",
    "tiger_data",
    "timescaledb_information",
    "timescaledb_experimental",
    "_timescaledb_catalog",
    "_timescaledb_internal",
    "_timescaledb_config",
    "_timescaledb_cache",
)

DEFAULT_MIGRATIONS_TABLE = "supabase_migrations.schema_migrations"


#: The longest timeout, in seconds: PostgreSQL's statement_timeout is at most
#: 2^31 - 1 milliseconds.
MAX_SECONDS = 2_147_483


def seconds_ok(value: float) -> bool:
    """Whether *value* is a usable timeout: finite, more than 0, at most
    ``MAX_SECONDS`` (false for nan)."""
    return math.isfinite(value) and 0 < value <= MAX_SECONDS


@dataclass(frozen=True, slots=True, kw_only=True)
class FileConfig:
    """What ``dbparity.yaml`` holds, validated; environments unresolved."""

    path: Path | None = None
    environments: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    include_schemas: tuple[str, ...] | None = None
    exclude_schemas: tuple[str, ...] = ()
    kinds: tuple[Kind, ...] | None = None
    rules: tuple[Rule, ...] = ()
    fail_on: Severity | None = None
    migrations_table: str | None = DEFAULT_MIGRATIONS_TABLE
    exact_counts: tuple[str, ...] = ()
    data: DataOptions = field(default_factory=DataOptions)
    connect_timeout: float | None = None
    statement_timeout: float | None = None
    #: ``supabase`` or ``none``; None: not given (the default applies).
    profile: str | None = None


# ---------------------------------------------------------------- YAML parsing

_TOP_KEYS = {
    "environments",
    "schemas",
    "kinds",
    "rules",
    "fail_on",
    "migrations",
    "row_counts",
    "data",
    "timeouts",
    "profile",
}


def _fail(path: Path | None, where: str, message: str) -> ConfigError:
    name = str(path) if path else "configuration"
    return ConfigError(f"{name}: {where}: {message}")


def _str_list(value: Any, path: Path | None, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(path, where, "expected a list of strings")
    return tuple(value)


#: The oldest PostgreSQL major a throwaway server may be asked for (the oldest
#: supported, README "PostgreSQL majors").
MIN_MAJOR = 14


def _major(value: Any, path: Path | None, where: str) -> str:
    """``environments.<name>.major``: a PostgreSQL major (``17`` or ``"17"``),
    kept as its digits like the environment's other values."""
    text = str(value).strip() if isinstance(value, int | str) else ""
    if isinstance(value, bool) or not text.isdigit() or int(text) < MIN_MAJOR:
        raise _fail(
            path,
            f"{where}.major",
            f"expected a PostgreSQL major version, {MIN_MAJOR} or newer (e.g. 17)",
        )
    return str(int(text))


def _mapping(value: Any, path: Path | None, where: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _fail(path, where, f"expected a mapping, got {type(value).__name__}")
    return cast(Mapping[str, Any], value)


def _check_keys(
    value: Mapping[str, Any], allowed: set[str], path: Path | None, where: str
) -> None:
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise _fail(
            path,
            where,
            f"unknown key(s) {', '.join(map(str, unknown))}; "
            f"expected {', '.join(sorted(allowed))}",
        )


def parse_kinds(values: Sequence[str], source: str) -> tuple[Kind, ...]:
    kinds: list[Kind] = []
    for v in values:
        if v not in KINDS:
            raise ConfigError(
                f"{source}: unknown kind {v!r}; known kinds: {', '.join(KINDS)}"
            )
        kinds.append(v)
    return tuple(k for k in KINDS if k in kinds)


def parse_rule(raw: Any, path: Path | None, where: str) -> Rule:
    """One rule from YAML; every mistake names the rule and the key."""
    data = _mapping(raw, path, where)
    allowed = {"kind", "object", "attribute", "change", "severity", "ignore", "reason"}
    _check_keys(data, allowed, path, where)
    for key in ("kind", "object", "attribute", "change", "severity", "reason"):
        if key in data and not isinstance(data[key], str):
            raise _fail(path, f"{where}.{key}", "expected a string")
    kind = data.get("kind")
    if kind is not None and "*" not in kind and "?" not in kind and kind not in KINDS:
        raise _fail(path, f"{where}.kind", f"unknown kind {kind!r}")
    change = data.get("change")
    if change is not None and change not in get_args(Change):
        raise _fail(
            path, f"{where}.change", f"use one of {', '.join(get_args(Change))}"
        )
    ignore = data.get("ignore", False)
    if not isinstance(ignore, bool):
        raise _fail(path, f"{where}.ignore", "expected true or false")
    severity = None
    if "severity" in data:
        try:
            severity = Severity.parse(data["severity"])
        except ValueError as exc:
            raise _fail(path, f"{where}.severity", str(exc)) from None
    if severity is None and not ignore:
        raise _fail(path, where, "a rule needs 'severity' or 'ignore: true'")
    if ignore and not data.get("reason"):
        raise _fail(path, where, "an ignore rule needs a 'reason'")
    if not any(k in data for k in ("kind", "object", "attribute", "change")):
        raise _fail(
            path, where, "a rule needs at least one of kind, object, attribute, change"
        )
    return Rule(
        kind=kind,
        object=data.get("object"),
        attribute=data.get("attribute"),
        change=cast("Change | None", change),
        severity=severity,
        ignore=ignore,
        reason=data.get("reason"),
    )


def _check_qualified(text: str, path: Path | None, where: str) -> None:
    try:
        split_qualified(text)
    except ValueError as exc:
        raise _fail(path, where, str(exc)) from None


class _DuplicateKey(Exception):
    """A key given twice in one mapping of the YAML file."""

    def __init__(self, key: object, line: int, first_line: int) -> None:
        super().__init__(key)
        self.key = key
        self.line = line
        self.first_line = first_line


@functools.cache
def _loader() -> type[yaml.SafeLoader]:
    """PyYAML's safe loader, refusing a key given twice in one mapping (PyYAML
    keeps the last one): ``prod:`` twice under ``environments:`` would otherwise
    compare whichever came last. Defined when first needed: this module loads with
    the plugin in every pytest run, active or not."""
    import yaml

    class UniqueKeyLoader(yaml.SafeLoader):
        # SafeConstructor.construct_mapping flattens every mapping node (merges
        # ``<<: *anchor`` into it) before building it; a merged-in key that the
        # mapping overrides is YAML's merge semantics, not a duplicate. So the keys
        # are checked here, on each node's own keys, the first time it is seen.
        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.checked: set[int] = set()  # id() of the nodes checked

        def flatten_mapping(self, node: yaml.MappingNode) -> None:
            if id(node) not in self.checked:
                self.checked.add(id(node))
                seen: dict[object, int] = {}
                for key_node, _ in node.value:
                    if key_node.tag == "tag:yaml.org,2002:merge":
                        continue
                    key = self.construct_object(key_node, deep=True)
                    line = key_node.start_mark.line + 1
                    try:
                        first = seen.get(key)
                    except TypeError:  # an unhashable key: PyYAML's error follows
                        continue
                    if first is not None:
                        raise _DuplicateKey(key, line, first)
                    seen[key] = line
            super().flatten_mapping(node)

    return UniqueKeyLoader


def parse_config(text: str, path: Path | None = None) -> FileConfig:
    """Validate the YAML text of a ``dbparity.yaml``."""
    import yaml  # when first needed (see ``_loader``)

    try:
        raw = yaml.load(text, Loader=_loader())  # a SafeLoader
    except _DuplicateKey as dup:
        raise _fail(
            path,
            f"line {dup.line}",
            f"duplicate key {dup.key!r} (first at line {dup.first_line})",
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "?"
        problem = getattr(exc, "problem", None) or "malformed YAML"
        raise _fail(path, at, f"malformed YAML: {problem}") from None
    data = _mapping(raw, path, "top level")
    _check_keys(data, _TOP_KEYS, path, "top level")

    environments: dict[str, Mapping[str, str]] = {}
    for name, env in _mapping(data.get("environments"), path, "environments").items():
        where = f"environments.{name}"
        env_data = _mapping(env, path, where)
        _check_keys(
            env_data,
            {"label", "dsn", "dsn_env", "snapshot", "migrations", "prelude", "major"},
            path,
            where,
        )
        sources = [
            k for k in ("dsn", "dsn_env", "snapshot", "migrations") if k in env_data
        ]
        if len(sources) != 1:
            raise _fail(
                path,
                where,
                "give exactly one of 'dsn_env', 'dsn', 'snapshot' or 'migrations'",
            )
        for only_migrations in ("prelude", "major"):
            if only_migrations in env_data and "migrations" not in env_data:
                raise _fail(
                    path,
                    f"{where}.{only_migrations}",
                    "only a 'migrations' environment has one",
                )
        if "major" in env_data:
            env_data = {**env_data, "major": _major(env_data["major"], path, where)}
        for key, value in env_data.items():
            if not isinstance(value, str):
                raise _fail(path, f"{where}.{key}", "expected a string")
        environments[str(name)] = dict(env_data)

    schemas = _mapping(data.get("schemas"), path, "schemas")
    _check_keys(schemas, {"include", "exclude"}, path, "schemas")
    include = (
        _str_list(schemas["include"], path, "schemas.include")
        if "include" in schemas
        else None
    )
    exclude = _str_list(schemas.get("exclude", []), path, "schemas.exclude")

    kinds = None
    if "kinds" in data:
        kinds = parse_kinds(
            _str_list(data["kinds"], path, "kinds"), f"{path or 'config'}: kinds"
        )

    raw_rules = data.get("rules") or []
    if not isinstance(raw_rules, list):
        raise _fail(path, "rules", "expected a list of rules")
    rules = tuple(parse_rule(r, path, f"rules[{i}]") for i, r in enumerate(raw_rules))

    fail_on = None
    if "fail_on" in data:
        try:
            fail_on = Severity.parse(str(data["fail_on"]))
        except ValueError as exc:
            raise _fail(path, "fail_on", str(exc)) from None

    migrations = _mapping(data.get("migrations"), path, "migrations")
    _check_keys(migrations, {"table"}, path, "migrations")
    table: str | None = DEFAULT_MIGRATIONS_TABLE
    if "table" in migrations:
        table = migrations["table"]
        if table is not None and not isinstance(table, str):
            raise _fail(path, "migrations.table", "expected schema.table or null")
        if table is not None:
            _check_qualified(table, path, "migrations.table")

    row_counts = _mapping(data.get("row_counts"), path, "row_counts")
    _check_keys(row_counts, {"exact"}, path, "row_counts")
    exact = _str_list(row_counts.get("exact", []), path, "row_counts.exact")
    for name in exact:
        _check_qualified(name, path, "row_counts.exact")

    data_options = parse_data(data.get("data"), path)

    timeouts = _mapping(data.get("timeouts"), path, "timeouts")
    _check_keys(timeouts, {"connect", "statement"}, path, "timeouts")
    for key, value in timeouts.items():
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not seconds_ok(value)
        ):
            raise _fail(
                path,
                f"timeouts.{key}",
                f"expected a positive number of seconds, at most {MAX_SECONDS}",
            )

    profile = data.get("profile")
    if profile is not None and profile not in ("supabase", "none"):
        raise _fail(
            path, "profile", f"unknown profile {profile!r}; use supabase or none"
        )

    return FileConfig(
        path=path,
        profile=profile,
        environments=environments,
        include_schemas=include,
        exclude_schemas=exclude,
        kinds=kinds,
        rules=rules,
        fail_on=fail_on,
        migrations_table=table,
        exact_counts=exact,
        data=data_options,
        connect_timeout=timeouts.get("connect"),
        statement_timeout=timeouts.get("statement"),
    )


def _positive(value: Any, path: Path | None, where: str, *, whole: bool) -> Any:
    ok = not isinstance(value, bool) and isinstance(
        value, (int, float) if not whole else int
    )
    if not ok or not (math.isfinite(value) and value > 0) or value > MAX_SECONDS * 1000:
        what = "whole number" if whole else "number"
        raise _fail(path, where, f"expected a positive {what}")
    return value


def parse_data(raw: Any, path: Path | None) -> DataOptions:
    """The ``data:`` section: which tables' contents to compare, and how."""
    data = _mapping(raw, path, "data")
    allowed = {
        "tables",
        "exclude_columns",
        "sensitive_columns",
        "keys",
        "row_limit",
        "time_budget",
        "max_keys",
        "platform",
    }
    _check_keys(data, allowed, path, "data")
    keys = _mapping(data.get("keys"), path, "data.keys")
    parsed_keys: dict[str, tuple[str, ...]] = {}
    for table, columns in keys.items():
        _check_qualified(str(table), path, f"data.keys.{table}")
        parsed_keys[str(table)] = _str_list(columns, path, f"data.keys.{table}")
    defaults = DataOptions()
    platform = data.get("platform", True)
    if not isinstance(platform, bool):
        raise _fail(path, "data.platform", "expected true or false")
    return DataOptions(
        tables=_str_list(data.get("tables", []), path, "data.tables"),
        exclude_columns=_str_list(
            data.get("exclude_columns", []), path, "data.exclude_columns"
        ),
        sensitive_columns=_str_list(
            data.get("sensitive_columns", []), path, "data.sensitive_columns"
        ),
        keys=parsed_keys,
        row_limit=_positive(
            data.get("row_limit", defaults.row_limit),
            path,
            "data.row_limit",
            whole=True,
        ),
        time_budget=float(
            _positive(
                data.get("time_budget", defaults.time_budget),
                path,
                "data.time_budget",
                whole=False,
            )
        ),
        max_keys=_positive(
            data.get("max_keys", defaults.max_keys), path, "data.max_keys", whole=True
        ),
        platform=platform,
    )


def load_config(path: Path, *, required: bool) -> FileConfig:
    """Read and validate *path*; a missing optional file gives an empty config."""
    if not path.exists():
        if required:
            raise ConfigError(f"{path}: configuration file not found")
        return FileConfig()
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None
    return parse_config(text, path)


# ------------------------------------------------------- environment resolution

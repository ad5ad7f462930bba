"""Settings: ``dbparity.yaml`` plus command-line options and ini values.

Precedence is command line > ini > YAML > default. DSNs never live in files: the
YAML names the environment variable that holds each one (``dsn_env: VAR`` or
``${VAR}`` inside ``dsn:``).
"""

from __future__ import annotations

import functools
import hashlib
import os
import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast, get_args

from pytest_dbparity.core.identifiers import split_qualified
from pytest_dbparity.diff import Change
from pytest_dbparity.errors import ConfigError
from pytest_dbparity.kinds.names import KINDS, Kind
from pytest_dbparity.naming import encode_name
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

_NAME = re.compile(r"[\w.-]{1,64}")
_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


#: libpq's compiled-in port.
DEFAULT_PORT = "5432"


@dataclass(frozen=True, slots=True)
class Target:
    """Where libpq connects a DSN: its servers (host, port), in order, and database.

    An empty host is libpq's default: the local socket. A DSN naming a service
    (``service=`` or ``PGSERVICE``) gets its values from a service file this does
    not read: its target is the service name and what the DSN itself gives.
    """

    servers: tuple[tuple[str, str], ...] = ()
    dbname: str = ""
    service: str = ""
    given: tuple[tuple[str, str], ...] = ()  # of a service DSN

    def __str__(self) -> str:
        """``host:port/db`` (``local socket:5432/db``); never a password."""
        if self.service:
            shown = "".join(f" {k}={v}" for k, v in self.given if k != "user")
            return f"service {self.service}{shown}"
        hosts = ",".join(
            f"{f'[{h}]' if ':' in h else h or 'local socket'}:{p}"
            for h, p in self.servers
        )
        return f"{hosts}/{self.dbname}"


def _os_user() -> str:
    """The user name libpq defaults to: the effective OS user's."""
    try:
        import pwd

        return pwd.getpwuid(os.geteuid()).pw_name
    except (ImportError, KeyError, AttributeError):  # Windows, or a uid without name
        import getpass

        return getpass.getuser()


def _host(text: str) -> str:
    """One host of a host list, spelled one way: an IP address in its canonical
    form, a host name in lower case (DNS names are case-insensitive), a socket
    directory as a normalised path (case-sensitive), the local socket as ""."""
    text = text.strip()
    if not text:
        return ""
    if text.startswith("/"):
        return posixpath.normpath(text)
    if text.startswith("@"):  # an abstract socket namespace (Linux)
        return text
    import ipaddress  # when first needed (see ``_conninfo``)

    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return text.lower()


def _port(text: str) -> str:
    text = text.strip()
    try:
        return str(int(text)) if text else DEFAULT_PORT
    except ValueError:
        return text


def dsn_target(dsn: str, environ: Mapping[str, str]) -> Target | None:
    """Where libpq would connect *dsn*, its defaults applied the way libpq applies
    them: a setting the DSN gives (even empty) wins over its ``PG*`` variable in
    *environ*; an empty host or port is the default (local socket, 5432); no
    database means the user's name, no user the OS user's. ``hostaddr`` (the
    address libpq connects to, ``host`` then only names it) wins over ``host``.
    None when the DSN does not parse or its lists do not match (connecting fails
    then)."""
    try:
        params = {k: str(v) for k, v in _conninfo(dsn).items()}
    except Exception:
        return None

    def setting(key: str, var: str) -> str:
        return params[key] if key in params else environ.get(var, "")

    service = setting("service", "PGSERVICE")
    if service:
        keys = ("host", "hostaddr", "port", "dbname", "user")
        return Target(
            service=service, given=tuple((k, params[k]) for k in keys if k in params)
        )
    hosts = setting("host", "PGHOST")
    addrs = setting("hostaddr", "PGHOSTADDR")
    host_list = hosts.split(",") if hosts else []
    addr_list = addrs.split(",") if addrs else []
    if host_list and addr_list and len(host_list) != len(addr_list):
        return None
    count = len(addr_list or host_list) or 1
    names = [
        (addr_list[i] if addr_list and addr_list[i].strip() else "")
        or (host_list[i] if host_list else "")
        for i in range(count)
    ]
    ports = setting("port", "PGPORT").split(",")
    if len(ports) == 1:
        ports *= count
    if len(ports) != count:
        return None
    dbname = setting("dbname", "PGDATABASE")
    if not dbname:
        dbname = setting("user", "PGUSER") or _os_user()
    return Target(
        servers=tuple((_host(h), _port(p)) for h, p in zip(names, ports, strict=True)),
        dbname=dbname,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Environment:
    """A named environment. ``dsn`` is secret: it is never printed."""

    name: str
    label: str
    dsn: str = field(repr=False)
    from_dsn: bool = False  # given as a DSN on the command line, not by name
    #: Where the catalog comes from: a live database (dsn), a catalog saved with
    #: --dbparity-save-catalog (snapshot), or a migrations folder applied to a
    #: throwaway server (migrations).
    source: Literal["dsn", "snapshot", "migrations"] = "dsn"
    path: Path | None = None
    prelude: str | None = None  # migrations: "supabase" or a SQL file

    @property
    def password(self) -> str | None:
        if self.source != "dsn":
            return None
        try:
            password = _conninfo(self.dsn).get("password")
        except Exception:
            return None
        return str(password) if password else None

    @property
    def snapshot_name(self) -> str:
        """The environment's part of a snapshot folder name: its configured name,
        or for a DSN the database name and a hash of the rest (no host name)."""
        if not self.from_dsn or self.source != "dsn":
            return self.name
        p = self.public_parts()
        where = f"{p['host']}:{p['port']}/{p['user']}".encode()
        return f"{p['dbname'] or 'db'}-{hashlib.sha256(where).hexdigest()[:8]}"

    def public_parts(self) -> dict[str, str | None]:
        """Host, port, database and user from the DSN or libpq's environment."""
        try:
            parts = _conninfo(self.dsn)
        except Exception:
            parts = {}
        env = os.environ
        return {
            "host": str(parts.get("host") or env.get("PGHOST") or "") or None,
            "port": str(parts.get("port") or env.get("PGPORT") or "") or None,
            "dbname": str(parts.get("dbname") or env.get("PGDATABASE") or "") or None,
            "user": str(parts.get("user") or env.get("PGUSER") or "") or None,
        }

    def target(self, environ: Mapping[str, str] | None = None) -> Target | None:
        """Where libpq connects this live environment (see ``dsn_target``); None
        for a saved catalog or a migrations folder."""
        if self.source != "dsn":
            return None
        return dsn_target(self.dsn, os.environ if environ is None else environ)

    def describe(self) -> str:
        """``label (host:port/db)`` without credentials, for messages."""
        if self.source == "snapshot":
            return f"{self.name} (saved catalog {self.path})"
        if self.source == "migrations":
            return f"{self.name} (migrations folder {self.path})"
        p = self.public_parts()
        where = p["host"] or "default host"
        if p["port"]:
            where += f":{p['port']}"
        where += f"/{p['dbname'] or 'default database'}"
        if self.from_dsn:
            return where
        shown = self.label if self.label == self.name else f"{self.name} ({self.label})"
        return f"{shown} at {where}"


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
    connect_timeout: float | None = None
    statement_timeout: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Everything a run needs, resolved."""

    env_a: Environment
    env_b: Environment | None
    include_schemas: tuple[str, ...] | None = None
    exclude_schemas: tuple[str, ...] = DEFAULT_EXCLUDED_SCHEMAS
    kinds: tuple[Kind, ...] = KINDS
    rules: tuple[Rule, ...] = ()
    fail_on: Severity = Severity.LOW
    json_path: Path | None = None
    migrations_table: str | None = DEFAULT_MIGRATIONS_TABLE
    exact_counts: tuple[str, ...] = ()
    connect_timeout: float = 10.0
    statement_timeout: float = 30.0
    config_path: Path | None = None
    snapshot_dir: Path = Path("snapshots")
    report_paths: tuple[Path, ...] = ()  # .md or .html, one report each
    fix_sql_path: Path | None = None
    direction: str = "a-to-b"  # of the fix script: a-to-b runs on B
    allow_destructive: bool = False
    save_catalog_path: Path | None = None
    #: Compare two environments that are one database (two roles' views of it).
    allow_same_target: bool = False
    #: ``object``: one item per object of every kind; ``differences``: one item per
    #: object that differs, plus one item per kind for all objects in parity.
    items: str = "object"

    @property
    def drift_mode(self) -> bool:
        """Only env A: compare it with its own approved snapshots."""
        return self.env_b is None

    @property
    def pair_name(self) -> str:
        """The snapshot folder of this run: ``<a>--<b>``, or ``<a>`` in drift mode."""
        envs = [self.env_a] + ([self.env_b] if self.env_b else [])
        names = (e.snapshot_name for e in envs)
        return "--".join(encode_name(n).replace("--", "%2D%2D") for n in names)

    @property
    def secrets(self) -> tuple[str, ...]:
        envs = [self.env_a] + ([self.env_b] if self.env_b else [])
        return tuple(p for e in envs if (p := e.password))


# ---------------------------------------------------------------- YAML parsing

_TOP_KEYS = {
    "environments",
    "schemas",
    "kinds",
    "rules",
    "fail_on",
    "migrations",
    "row_counts",
    "timeouts",
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


def _conninfo(dsn: str) -> dict[str, Any]:
    """``psycopg.conninfo.conninfo_to_dict``, imported when first needed: this
    module loads with the plugin in every pytest run, active or not."""
    from psycopg.conninfo import conninfo_to_dict

    return conninfo_to_dict(dsn)


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
    compare whichever came last. Defined when first needed (see ``_conninfo``)."""
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
    import yaml  # when first needed (see ``_conninfo``)

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
            {"label", "dsn", "dsn_env", "snapshot", "migrations", "prelude"},
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
        if "prelude" in env_data and "migrations" not in env_data:
            raise _fail(
                path, f"{where}.prelude", "only a 'migrations' environment has one"
            )
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

    timeouts = _mapping(data.get("timeouts"), path, "timeouts")
    _check_keys(timeouts, {"connect", "statement"}, path, "timeouts")
    for key, value in timeouts.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise _fail(
                path, f"timeouts.{key}", "expected a positive number of seconds"
            )

    return FileConfig(
        path=path,
        environments=environments,
        include_schemas=include,
        exclude_schemas=exclude,
        kinds=kinds,
        rules=rules,
        fail_on=fail_on,
        migrations_table=table,
        exact_counts=exact,
        connect_timeout=timeouts.get("connect"),
        statement_timeout=timeouts.get("statement"),
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


def looks_like_dsn(value: str) -> bool:
    """A URL (``postgresql://``) or a libpq keyword string (``host=... dbname=...``)."""
    return "://" in value or "=" in value


def _label_from_dsn(dsn: str) -> str:
    """``host[:port]/db`` of a DSN, the same form as ``EnvInfo.location``."""
    p = Environment(name="", label="", dsn=dsn).public_parts()
    where = p["host"] or "local socket"
    if p["port"]:
        where += f":{p['port']}"
    return f"{where}/{p['dbname'] or '?'}"


def _file_source(
    kind: Literal["snapshot", "migrations"],
    name: str,
    label: str,
    raw_path: str,
    base: Path,
    where: str,
    prelude: str | None = None,
) -> Environment:
    path = Path(raw_path).expanduser()
    if not path.is_absolute():
        path = base / path
    if kind == "snapshot" and not path.is_file():
        raise ConfigError(f"{where}: no saved catalog at {path}")
    if kind == "migrations" and not path.is_dir():
        raise ConfigError(f"{where}: no migrations folder at {path}")
    return Environment(
        name=name, label=label, dsn="", source=kind, path=path, prelude=prelude
    )


def resolve_environment(
    value: str,
    config: FileConfig,
    *,
    option: str,
    environ: Mapping[str, str],
    cwd: Path | None = None,
) -> Environment:
    """Turn ``--env-a``/``--env-b`` into an environment: a config name, a DSN,
    ``snapshot:PATH`` (a saved catalog) or ``migrations:PATH`` (a folder)."""
    cwd = cwd or Path.cwd()
    if value in config.environments:
        spec = config.environments[value]
        label = spec.get("label", value)
        where = f"environment {value!r}"
        base = config.path.parent if config.path else cwd
        for kind in ("snapshot", "migrations"):
            if kind in spec:
                return _file_source(
                    kind,
                    value,
                    label,
                    spec[kind],
                    base,
                    f"{where} ({label})",
                    spec.get("prelude"),
                )
        # An empty variable is as good as none: libpq would connect to its
        # defaults (PGHOST, the local socket ...), a database nobody meant.
        if "dsn_env" in spec:
            names = [spec["dsn_env"]]
        else:
            names = list(dict.fromkeys(_VAR.findall(spec["dsn"])))
        missing = [n for n in names if not environ.get(n, "").strip()]
        if missing:
            one = len(missing) == 1
            raise ConfigError(
                f"{where} ({label}): environment variable{'' if one else 's'} "
                f"{', '.join(missing)} {'is' if one else 'are'} not set or empty; "
                f"export {'it' if one else 'them'} to build the DSN of {label}"
            )
        if "dsn_env" in spec:
            dsn = environ[spec["dsn_env"]]
        else:
            dsn = _VAR.sub(lambda m: environ[m.group(1)], spec["dsn"])
        if not dsn.strip():
            raise ConfigError(
                f"{where} ({label}): its 'dsn' is empty; give the DSN, or "
                "'dsn_env: VAR' naming the environment variable that holds it"
            )
        _check_dsn(dsn, f"{where} ({label})")
        return Environment(name=value, label=label, dsn=dsn)
    for kind in ("snapshot", "migrations"):
        if value.startswith(f"{kind}:"):
            raw = value[len(kind) + 1 :]
            name = f"{kind}-{Path(raw).stem or Path(raw).name or kind}"
            return _file_source(
                kind,  # type: ignore[arg-type]
                name,
                f"{kind}:{raw}",
                raw,
                cwd,
                option,
            )
    if looks_like_dsn(value):
        _check_dsn(value, f"{option}")
        label = _label_from_dsn(value)
        return Environment(name=label, label=label, dsn=value, from_dsn=True)
    known = ", ".join(sorted(config.environments)) or "none"
    source = config.path or f"{CONFIG_FILENAME} (not found)"
    # A mistyped DSN may hold a password: echo only what looks like a name.
    shown = repr(value) if _NAME.fullmatch(value) else "(value not shown)"
    raise ConfigError(
        f"{option}: unknown environment {shown}; environments in {source}: "
        f"{known}; or give a DSN (postgresql://... or 'host=... dbname=...'), "
        "snapshot:PATH or migrations:PATH"
    )


def _check_dsn(dsn: str, where: str) -> None:
    try:
        _conninfo(dsn)
    except Exception:
        # The parser's message may quote the DSN, password included: never show it.
        raise ConfigError(
            f"{where}: the DSN is not a valid libpq URL or keyword string"
        ) from None


ALLOW_SAME_TARGET = "--dbparity-allow-same-target"


def check_distinct_targets(
    env_a: Environment, env_b: Environment, *, environ: Mapping[str, str]
) -> None:
    """Refuse two live environments that resolve to one server, port and database:
    the run would compare a database with itself and pass, whatever it holds."""
    a, b = env_a.target(environ), env_b.target(environ)
    if a is None or a != b:
        return
    raise ConfigError(
        f"--env-a {env_a.name!r} and --env-b {env_b.name!r} are the same database "
        f"({a}): it would be compared with itself; give two databases, or "
        f"{ALLOW_SAME_TARGET} to compare what two roles see in one"
    )

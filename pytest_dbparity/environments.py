"""Environments: where each side's catalog comes from.

A live database (a DSN, never stored in files: ``dsn_env: VAR`` or ``${VAR}`` in
``dsn:``), a saved catalog (``snapshot:PATH``) or a migrations folder
(``migrations:PATH``); and the check that two live environments are not one
database (``--dbparity-allow-same-target`` to compare two roles' views of one).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from pytest_dbparity.config import CONFIG_FILENAME, FileConfig
from pytest_dbparity.errors import ConfigError
from pytest_dbparity.targets import Target, dsn_target, parse_dsn

_NAME = re.compile(r"[\w.-]{1,64}")
_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


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
    #: migrations: the throwaway server's PostgreSQL major (None: the other
    #: environment's).
    major: int | None = None
    #: The name of the environment a saved catalog was read from (``prod``),
    #: where the file records one: its approvals are filed under it.
    saved_name: str | None = None

    @property
    def password(self) -> str | None:
        if self.source != "dsn":
            return None
        try:
            password = parse_dsn(self.dsn).get("password")
        except Exception:
            return None
        return str(password) if password else None

    @property
    def snapshot_name(self) -> str:
        """The environment's part of a snapshot folder name: its configured name
        (for a saved catalog, that of the environment it was saved from), or for
        a DSN the database name and a hash of the rest (no host name)."""
        if self.saved_name is not None:
            return self.saved_name
        return self.own_snapshot_name

    @property
    def own_snapshot_name(self) -> str:
        """``snapshot_name`` without the saved catalog's environment name (what
        earlier versions named the folder: see ``Settings.approvals_folder``)."""
        if not self.from_dsn or self.source != "dsn":
            return self.name
        p = self.public_parts()
        where = f"{p['host']}:{p['port']}/{p['user']}".encode()
        return f"{p['dbname'] or 'db'}-{hashlib.sha256(where).hexdigest()[:8]}"

    def public_parts(self) -> dict[str, str | None]:
        """Host, port, database and user from the DSN or libpq's environment."""
        try:
            parts = parse_dsn(self.dsn)
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
    major: int | None = None,
) -> Environment:
    path = Path(raw_path).expanduser()
    if not path.is_absolute():
        path = base / path
    if kind == "snapshot" and not path.is_file():
        raise ConfigError(f"{where}: no saved catalog at {path}")
    if kind == "migrations" and not path.is_dir():
        raise ConfigError(f"{where}: no migrations folder at {path}")
    return Environment(
        name=name,
        label=label,
        dsn="",
        source=kind,
        path=path,
        prelude=prelude,
        major=major,
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
                    int(spec["major"]) if "major" in spec else None,
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
            env = _file_source(
                kind,  # type: ignore[arg-type]
                name,
                f"{kind}:{raw}",
                raw,
                cwd,
                option,
            )
            if env.path is not None and kind == "snapshot":
                env = replace(env, saved_name=saved_env_name(env.path))
            return env
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


def saved_env_name(path: Path) -> str | None:
    """The name of the environment a catalog saved with --dbparity-save-catalog
    was read from, when it is a plain name (``prod``; not a DSN's ``host/db``).
    Only the file's head is read: the environment comes before the objects."""
    try:
        with path.open("r", encoding="utf-8") as f:
            head = f.read(65536)
    except (OSError, UnicodeDecodeError):
        return None
    at = head.find('"env": {')
    if at < 0:
        return None
    try:
        env, _ = json.JSONDecoder().raw_decode(head, at + len('"env": '))
    except ValueError:
        return None
    name = env.get("name") if isinstance(env, dict) else None
    return name if isinstance(name, str) and _NAME.fullmatch(name) else None


def _check_dsn(dsn: str, where: str) -> None:
    try:
        parse_dsn(dsn)
    except Exception:
        # The parser's message may quote the DSN, password included: never show it.
        unknown = unknown_dsn_keys(dsn)
        if unknown:
            raise ConfigError(
                f"{where}: the DSN has unknown parameter(s) {', '.join(unknown)} "
                "(not libpq connection options; check the spelling)"
            ) from None
        raise ConfigError(
            f"{where}: the DSN is not a valid libpq URL or keyword string"
        ) from None


#: ``key = value`` of a libpq keyword string: a value is quoted (``\\`` escapes)
#: or runs to the next white space (and starts with no quote).
_KEYWORD = re.compile(
    r"\s*([^=\s]+)\s*=\s*(?:'(?:[^'\\]|\\.)*'|(?:(?:[^\s'\\]|\\.)(?:[^\s\\]|\\.)*)?)"
)
#: What an unknown key may look like to be shown (anything else may be a secret).
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


def _dsn_keys(dsn: str) -> list[str] | None:
    """The keys of *dsn* (a URL's query parameters), or None when it does not
    split cleanly into ``key=value`` pairs (then a "key" could be part of a
    value, a password)."""
    if "://" in dsn:
        from urllib.parse import unquote, urlsplit

        try:
            query = urlsplit(dsn).query
        except ValueError:
            return None
        pairs = [p for p in query.split("&") if p]
        if not all("=" in p for p in pairs):
            return None
        return [unquote(p.split("=", 1)[0]) for p in pairs]
    keys: list[str] = []
    pos = 0
    while dsn[pos:].strip():
        match = _KEYWORD.match(dsn, pos)
        if match is None or match.end() == pos:
            return None
        end = match.end()
        if end < len(dsn) and not dsn[end].isspace():
            return None
        keys.append(match.group(1))
        pos = end
    return keys


def unknown_dsn_keys(dsn: str) -> list[str]:
    """The parameters of *dsn* that libpq does not know, by name only (quoted;
    a key that does not look like a name is not shown). Values are never part
    of the result: they may be passwords."""
    from psycopg import pq

    keys = _dsn_keys(dsn)
    if not keys:
        return []
    known = {o.keyword.decode() for o in pq.Conninfo.get_defaults()}
    found: list[str] = []
    for key in keys:
        if key in known:
            continue
        shown = repr(key) if _KEY.fullmatch(key) else "(a parameter, name not shown)"
        if shown not in found:
            found.append(shown)
    return found


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

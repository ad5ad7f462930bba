"""Where libpq would connect for a DSN (host, port, database), the way libpq
works it out: for telling two environments that are one database apart before
connecting (``environments.check_distinct_targets``)."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

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
    import ipaddress  # when first needed (see ``parse_dsn``)

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
        params = {k: str(v) for k, v in parse_dsn(dsn).items()}
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


def parse_dsn(dsn: str) -> dict[str, Any]:
    """``psycopg.conninfo.conninfo_to_dict``, imported when first needed: this
    module loads with the plugin in every pytest run, active or not."""
    from psycopg.conninfo import conninfo_to_dict

    return conninfo_to_dict(dsn)

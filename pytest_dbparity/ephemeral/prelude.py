"""Preludes: SQL that recreates what a hosting platform provides, run first."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pytest_dbparity.errors import ConfigError

#: Preludes shipped with the package (``preludes/<name>.sql``).
PRELUDES: tuple[str, ...] = ("supabase",)


@dataclass(frozen=True, slots=True)
class ServerRoles:
    """How a platform makes its servers: the bootstrap superuser (``initdb
    -U``), and the role its scripts and its users' migrations run as. When they
    differ, the runner is made a superuser for the migrations and given the
    state the platform's profile records for it afterwards (Supabase demotes
    ``postgres``: NOSUPERUSER, its memberships and settings)."""

    superuser: str = "postgres"
    runner: str = "postgres"
    #: The platform profile that records the runner's final state.
    profile: str | None = None


#: The shipped preludes whose platform makes its servers otherwise.
_SERVER_ROLES = {
    "supabase": ServerRoles(
        superuser="supabase_admin", runner="postgres", profile="supabase"
    ),
}


def server_roles(prelude: str | None) -> ServerRoles:
    """The server roles of a throwaway server for *prelude* (a shipped prelude's
    name, a path, or None): the platform's for a shipped prelude, else
    ``postgres`` for both."""
    return _SERVER_ROLES.get(prelude or "", ServerRoles())


def finish_sql(prelude: str | None, server_version_num: int) -> str:
    """SQL that gives the runner role the state a fresh project of the
    platform has for it (of the server's major), to run as the bootstrap
    superuser once the migrations ran; empty when the platform has no such
    record."""
    from pytest_dbparity.platform import load_profile
    from pytest_dbparity.platform.fresh import SERVER_ROLE, server_role_block

    roles = server_roles(prelude)
    if roles.profile is None or roles.runner == roles.superuser:
        return ""
    profile = load_profile(roles.profile)
    if profile is None or roles.runner != SERVER_ROLE:
        return ""
    return server_role_block(profile.roles_record(server_version_num))


def platform_extensions(
    prelude: str | None, server_version_num: int
) -> list[Mapping[str, str]]:
    """The extensions a fresh project of the prelude's platform has on the
    server's major (name and schema; none for a prelude without a profile)."""
    from pytest_dbparity.platform import load_profile

    roles = server_roles(prelude)
    profile = load_profile(roles.profile) if roles.profile else None
    return [] if profile is None else profile.extensions(server_version_num)


def load_prelude(name_or_path: str, *, owned_server: bool = False) -> str:
    """The SQL of a shipped prelude (``"supabase"``) or of the file at a path.

    A shipped prelude may have a part for the server's roles
    (``preludes/<name>-roles.sql``: the platform roles' attributes, memberships
    and settings). Roles belong to the whole server, so that part comes first,
    and only with *owned_server* (a throwaway server this run started): never
    on a server others use.
    """
    if name_or_path in PRELUDES:
        folder = resources.files(__package__) / "preludes"
        text = (folder / f"{name_or_path}.sql").read_text("utf-8")
        roles = folder / f"{name_or_path}-roles.sql"
        if owned_server and roles.is_file():
            return roles.read_text("utf-8") + "\n" + text
        return text
    path = Path(name_or_path).expanduser()
    try:
        return path.read_text("utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(
            f"prelude {name_or_path!r}: no such file, and not a prelude shipped with "
            f"pytest-dbparity ({', '.join(PRELUDES)})"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"prelude {name_or_path!r} cannot be read: {exc}") from None

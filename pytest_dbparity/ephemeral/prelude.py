"""Preludes: SQL that recreates what a hosting platform provides, run first."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from pytest_dbparity.errors import ConfigError

#: Preludes shipped with the package (``preludes/<name>.sql``).
PRELUDES: tuple[str, ...] = ("supabase",)


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

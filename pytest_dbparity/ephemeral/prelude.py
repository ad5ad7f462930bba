"""Preludes: SQL that recreates what a hosting platform provides, run first."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from pytest_dbparity.errors import ConfigError

#: Preludes shipped with the package (``preludes/<name>.sql``).
PRELUDES: tuple[str, ...] = ("supabase",)


def load_prelude(name_or_path: str) -> str:
    """The SQL of a shipped prelude (``"supabase"``) or of the file at a path."""
    if name_or_path in PRELUDES:
        shipped = resources.files(__package__) / "preludes" / f"{name_or_path}.sql"
        return shipped.read_text("utf-8")
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

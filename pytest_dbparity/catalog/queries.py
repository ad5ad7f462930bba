"""Load the catalog queries kept as ``.sql`` files beside this module."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def load_query(name: str) -> str:
    """Return the text of ``sql/<name>.sql``."""
    return (
        resources.files(__package__).joinpath("sql", f"{name}.sql").read_text("utf-8")
    )


def query_names() -> list[str]:
    """Names of every shipped query file, sorted."""
    folder = resources.files(__package__).joinpath("sql")
    return sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".sql"))

"""Load the engine's own queries (``sql/`` beside this module): the ones that serve
no single kind. Each kind's query sits in its own folder (``KindSpec.sql``)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from pytest_dbparity.core.scope import expand


@cache
def load_query(name: str) -> str:
    """Return the text of ``sql/<name>.sql``, the read scope written out."""
    path = resources.files(__package__).joinpath("sql", f"{name}.sql")
    return expand(path.read_text("utf-8"))


def query_names() -> list[str]:
    """Names of every shipped query file, sorted."""
    folder = resources.files(__package__).joinpath("sql")
    return sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".sql"))

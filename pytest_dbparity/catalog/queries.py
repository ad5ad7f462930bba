"""Load the engine's own queries (``sql/`` beside this module): the ones that serve
no single kind. Each kind's query sits in its own folder (``KindSpec.sql``)."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from pytest_dbparity.core.scope import expand

#: ``{{kind_query <kind>}}`` on a line of its own: that kind's query, in place
#: (indented as the macro is), so a query built on a kind's never copies it.
_KIND_QUERY = re.compile(
    r"^(?P<indent>[ \t]*)\{\{kind_query (?P<kind>[a-z_]+)\}\}$", re.M
)


def _include(match: re.Match[str], server_major: int | None) -> str:
    from pytest_dbparity.kinds.registry import spec_of  # the kinds load late

    indent = match["indent"]
    text = spec_of(match["kind"]).sql(server_major).strip("\n")
    return "\n".join(indent + line if line else line for line in text.splitlines())


@cache
def load_query(name: str, server_major: int | None = None) -> str:
    """Return the text of ``sql/<name>.sql``, the kinds' queries it includes
    (those of *server_major*; None: the newest) and the read scope written out."""
    path = resources.files(__package__).joinpath("sql", f"{name}.sql")
    text = _KIND_QUERY.sub(lambda m: _include(m, server_major), path.read_text("utf-8"))
    return expand(text)


def query_names() -> list[str]:
    """Names of every shipped query file, sorted."""
    folder = resources.files(__package__).joinpath("sql")
    return sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".sql"))

"""The read scope, written once: which schemas a catalog query looks at.

Query files say ``{{in_scope n}}`` where a condition on the schema alias ``n``
(a ``pg_namespace`` row) belongs; :func:`expand` writes the condition out. The
parameters ``exclude_schemas`` and ``include_schemas`` (None: every schema not
excluded) come from the settings; the server's own toast and temporary schemas
are never read.
"""

from __future__ import annotations

import re

_MACRO = re.compile(r"\{\{in_scope ([a-z_][a-z0-9_]*)\}\}")

_CONDITION = (
    "({n}.nspname <> all(%(exclude_schemas)s::text[])"
    " and (%(include_schemas)s::text[] is null"
    " or {n}.nspname = any(%(include_schemas)s::text[]))"
    " and {n}.nspname !~ '^pg_(toast|temp_|toast_temp_)')"
)


def in_scope(alias: str) -> str:
    """The scope condition on the ``pg_namespace`` row *alias*."""
    return _CONDITION.format(n=alias)


def expand(text: str) -> str:
    """*text* with every ``{{in_scope ALIAS}}`` written out."""
    return _MACRO.sub(lambda m: in_scope(m.group(1)), text)

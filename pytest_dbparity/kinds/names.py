"""The names of the object kinds, without importing any kind (cheap to import).

``tests/unit/test_registry.py`` checks that these agree with ``REGISTRY``.
"""

from __future__ import annotations

from typing import Literal, TypeAlias, get_args

Kind: TypeAlias = Literal[
    "schema",
    "extension",
    "table",
    "column",
    "constraint",
    "index",
    "rls",
    "policy",
    "function",
    "trigger",
    "view",
    "sequence",
    "type",
    "privilege",
    "default_privilege",
    "ts_dictionary",
    "ts_config",
    "cast",
    "operator",
    "publication",
    "role",
    "setting",
    "event_trigger",
    "rule",
    "collation",
    "statistics",
    "aggregate",
    "data",
    "foreign_data_wrapper",
    "foreign_server",
    "user_mapping",
    "unmodeled",
    "migration",
    "row_count",
]

#: Every kind, in registry order (the order they are read, compared and listed).
KINDS: tuple[Kind, ...] = get_args(Kind)

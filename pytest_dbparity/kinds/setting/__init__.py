"""Settings per database and per role (``pg_db_role_setting``): what ``ALTER
DATABASE <current> SET``, ``ALTER ROLE r IN DATABASE <current> SET`` and ``ALTER
ROLE r SET`` (every database) give a session. Values of settings whose name looks
like a secret are held as keyed hashes (``core/secrets.py``), never as values.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pytest_dbparity.core.identifiers import quote_ident
from pytest_dbparity.core.objects import MAPPING, CatalogObject, Pairs
from pytest_dbparity.core.secrets import hide, looks_secret
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.severity import HIGH, MED, rule

#: The key of the current database's own settings.
DATABASE = "database"


@dataclass(frozen=True, slots=True, kw_only=True)
class Setting(CatalogObject):
    """The settings of the current database (``role`` None), of a role in the
    current database (``in_database``), or of a role in every database.

    Keys never name the database (two environments' databases often have other
    names): ``database``, ``role <r> in database``, ``role <r>``.
    """

    kind: ClassVar[Kind] = "setting"
    identity: ClassVar[tuple[str, ...]] = ("role", "in_database")
    role: str | None
    in_database: bool
    settings: Pairs = field(default=(), metadata=MAPPING)

    @property
    def key(self) -> str:
        if self.role is None:
            return DATABASE
        where = " in database" if self.in_database else ""
        return f"role {quote_ident(self.role)}{where}"


def _hide_secrets(
    cur: Any, options: Any, objects: dict[str, CatalogObject]
) -> list[str]:
    """Replace the values of secret-looking settings by their keyed hashes."""
    for key, obj in list(objects.items()):
        assert isinstance(obj, Setting)
        if any(looks_secret(name) for name, _ in obj.settings):
            pairs = tuple(
                (name, hide(value) if looks_secret(name) else value)
                for name, value in obj.settings
            )
            objects[key] = dataclasses.replace(obj, settings=pairs)
    return []


def _describe(obj: Setting) -> str:
    names = ", ".join(name for name, _ in obj.settings)
    return f"sets {names}" if names else "sets nothing"


SPEC: KindSpec = KindSpec(
    model=Setting,
    package=__name__,
    singular="setting",
    plural="settings",
    rank=19,
    query="settings",
    scope="database",
    refine=_hide_secrets,
    rules=(
        rule("-", HIGH, "settings of the database or a role exist on one side only"),
        rule(
            "settings[search_path]",
            HIGH,
            "search_path differs: names resolve to other objects",
        ),
        rule(
            "settings[session_authorization]",
            HIGH,
            "session_authorization differs: sessions run as another role",
        ),
        rule("settings[*role*]", HIGH, "role setting differs: another role acts"),
        rule(
            "settings[pgrst.*]",
            HIGH,
            "PostgREST setting differs: the API behaves differently",
        ),
        rule(
            "settings[*timeout*]",
            MED,
            "timeout differs: statements or sessions end at other times",
        ),
        rule(None, MED, "setting differs"),
    ),
    describe=_describe,
    impact=False,
    fix_order=185,
)

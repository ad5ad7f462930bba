"""Platform profiles: what a hosting platform ships in the schemas it manages.

A profile is data (``<name>.json`` beside this module, regenerated from the
platform's own SQL by ``build_profile.py``): the schemas the platform manages,
the kinds compared there (what users create or change: RLS, policies, triggers,
grants, functions), the platform's own functions, triggers and policies per
PostgreSQL major, its own roles, and key patterns of objects it makes at run
time. Reading then looks at the managed schemas for those kinds only, and
:func:`apply` drops what the profile names as the platform's, in one place for
every kind (after reading, before comparing):

- an object whose key the profile lists for its kind (a function by its name,
  whatever its arguments), or whose key matches one of the kind's patterns;
- in a mapping attribute of an object in a managed schema (``grants[...]``), the
  entries of the platform's own roles; an object left with no entry at all was
  the platform's business only, and is dropped (but for a table the profile
  lists: its empty grants compare with what a user granted on the other side);
- the grants on one of the platform's functions when they are exactly what a
  fresh project has (the profile's ``fresh`` record: to the API roles and
  ``PUBLIC``): the function is the platform's, and so is that state, whether or
  not the other side has the function (a throwaway server's prelude makes only
  some). Grants that differ from it stay, and compare with the other side.

Nothing is guessed from names: a function, trigger or policy the profile does
not list is a user's, and compared.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from pytest_dbparity.catalog import Catalog
from pytest_dbparity.core.identifiers import bare_head, split_name
from pytest_dbparity.core.objects import CatalogObject

#: The profiles shipped; ``none`` reads no managed schema at all.
PROFILES = ("supabase", "none")
DEFAULT_PROFILE = "supabase"


@dataclass(frozen=True, slots=True, kw_only=True)
class Profile:
    """One platform's profile, as shipped."""

    name: str
    schemas: tuple[str, ...]
    kinds: tuple[str, ...]
    platform_roles: frozenset[str]
    #: Per major (as text): kind -> keys of the platform's own objects.
    majors: Mapping[str, Mapping[str, frozenset[str]]]
    #: Per major: where its lists come from (file names).
    sources: Mapping[str, tuple[str, ...]]
    patterns: Mapping[str, tuple[str, ...]]
    #: Per major: the platform's function (by name) -> its grants to the API
    #: roles and PUBLIC on a fresh project (grantee -> privileges).
    fresh_functions: Mapping[str, Mapping[str, Mapping[str, str]]] = dataclasses.field(
        default_factory=dict
    )
    #: Per major: the platform's roles and extensions on a fresh project
    #: (``roles``, ``settings`` and ``extensions`` of the ``fresh`` record).
    fresh_roles: Mapping[str, Mapping[str, Any]] = dataclasses.field(
        default_factory=dict
    )

    def major_for(self, server_version_num: int) -> str:
        """The profile major for a server: its own, else the newest one below
        it, else the oldest (a catalog saved without a version)."""
        have = sorted(int(m) for m in self.majors)
        major = server_version_num // 10000
        below = [m for m in have if m <= major]
        return str(below[-1] if below else have[0])

    def platform_keys(self, kind: str, server_version_num: int) -> frozenset[str]:
        return self.majors[self.major_for(server_version_num)].get(kind, frozenset())

    def fresh_grants(
        self, function: str, server_version_num: int
    ) -> Mapping[str, str] | None:
        """The grants a fresh project has on the platform's *function* (by name;
        None if the record does not know it)."""
        major = self.major_for(server_version_num)
        return self.fresh_functions.get(major, {}).get(function)

    def extensions(self, server_version_num: int) -> list[Mapping[str, str]]:
        """The extensions a fresh project of the server's major has, each with
        its schema (``{"name": ..., "schema": ...}``)."""
        record = self.fresh_roles.get(self.major_for(server_version_num), {})
        return list(record.get("extensions", ()))

    def roles_record(self, server_version_num: int) -> Mapping[str, Any]:
        """The platform's roles and their settings on a fresh project of the
        server's major (``{"roles": [...], "settings": [...]}``)."""
        return self.fresh_roles.get(self.major_for(server_version_num), {})

    def describe(
        self,
        server_version_num: int,
        *,
        schemas: Sequence[str] | None = None,
        kinds: Sequence[str] | None = None,
    ) -> str:
        """What a header says about the profile (the *schemas* and *kinds* read
        in part; default: all of the profile's)."""
        major = self.major_for(server_version_num)
        sources = ", ".join(self.sources.get(major, ())) or f"PostgreSQL {major}"
        return (
            f"platform profile {self.name} ({sources}): "
            f"{', '.join(schemas or self.schemas)} partly compared: user "
            f"{', '.join(_KIND_WORDS.get(k, k) for k in (kinds or self.kinds))}; "
            "the platform's own functions, triggers, policies, grants to its "
            "own roles, and its functions' grants as on a fresh project left out"
        )


_KIND_WORDS = {
    "rls": "RLS",
    "policy": "policies",
    "trigger": "triggers",
    "privilege": "grants",
    "function": "functions",
}

#: Which list of a major names the platform's objects of each kind.
_LISTS = {
    "function": "functions",
    "trigger": "triggers",
    "policy": "policies",
    "table": "tables",
}


@functools.cache
def load_profile(name: str) -> Profile | None:
    """The shipped profile *name* (None for ``none``); ValueError if unknown."""
    if name == "none":
        return None
    if name not in PROFILES:
        raise ValueError(f"unknown profile {name!r}; use {' or '.join(PROFILES)}")
    text = resources.files(__name__).joinpath(f"{name}.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    majors: dict[str, dict[str, frozenset[str]]] = {}
    sources: dict[str, tuple[str, ...]] = {}
    fresh_functions: dict[str, dict[str, dict[str, str]]] = {}
    fresh_roles: dict[str, dict[str, Any]] = {}
    for major, lists in data["majors"].items():
        majors[major] = {
            kind: frozenset(lists.get(field, ())) for kind, field in _LISTS.items()
        }
        sources[major] = tuple(lists.get("sources", ()))
        fresh = lists.get("fresh", {})
        functions: dict[str, dict[str, str]] = {
            f: {} for f in fresh.get("functions", ())
        }
        for g in fresh.get("grants", ()):
            if g["object_type"] == "function" and g["object"] in functions:
                functions[g["object"]][g["grantee"]] = g["privileges"]
        fresh_functions[major] = functions
        fresh_roles[major] = {
            "roles": fresh.get("roles", []),
            "settings": fresh.get("settings", []),
            "extensions": fresh.get("extensions", []),
        }
    return Profile(
        name=data["profile"],
        schemas=tuple(data["schemas"]),
        kinds=tuple(data["kinds"]),
        platform_roles=frozenset(data["platform_roles"]),
        majors=majors,
        sources=sources,
        patterns={k: tuple(v) for k, v in data.get("patterns", {}).items()},
        fresh_functions=fresh_functions,
        fresh_roles=fresh_roles,
    )


def _base_key(key: str) -> str:
    """A key without its argument list (``auth.uid()`` -> ``auth.uid``)."""
    return key.split("(", 1)[0] if key.endswith(")") else key


def _schema_of(key: str) -> str | None:
    try:
        return split_name(_base_key(key))[0]
    except ValueError:
        return None


def _outside(key: str, managed: set[str]) -> bool:
    """Whether *key* is surely not in one of the *managed* schemas: a cheap test
    of its first part (unquoted; folded as ``split_name`` folds it) that spares
    most objects the parse of ``_schema_of``."""
    head = bare_head(_base_key(key))
    return head is not None and head not in managed


#: (model, metadata key) -> the model's fields whose metadata has that key.
_FIELDS_WITH: dict[tuple[type[CatalogObject], str], tuple[Any, ...]] = {}


def _fields_with(model: type[CatalogObject], metadata: str) -> tuple[Any, ...]:
    """The fields of *model* whose metadata has *metadata* (once per model)."""
    found = _FIELDS_WITH.get((model, metadata))
    if found is None:
        found = _FIELDS_WITH[(model, metadata)] = tuple(
            f for f in dataclasses.fields(model) if f.metadata.get(metadata)
        )
    return found


def platform_object(
    profile: Profile, kind: str, key: str, server_version_num: int
) -> bool:
    """Whether the profile names *key* (of *kind*) as the platform's own."""
    if _base_key(key) in profile.platform_keys(kind, server_version_num):
        return True
    return any(fnmatch.fnmatchcase(key, p) for p in profile.patterns.get(kind, ()))


def _without_platform_roles(
    profile: Profile, obj: CatalogObject, *, keep: bool
) -> CatalogObject | None:
    """*obj* without the mapping entries of the platform's roles; None if no
    entry is left where there were some, unless *keep* (a table the platform
    ships: its grants compare as "none" with what a user granted elsewhere)."""
    changes: dict[str, Any] = {}
    for f in _fields_with(type(obj), "mapping"):
        pairs = getattr(obj, f.name)
        kept = tuple(p for p in pairs if p[0] not in profile.platform_roles)
        if len(kept) != len(pairs):
            changes[f.name] = kept
    if not changes:
        return obj
    if not keep and not any(changes.values()):
        return None
    return dataclasses.replace(obj, **changes)


def apply_to_objects(
    profile: Profile,
    kind: str,
    objects: Mapping[str, CatalogObject],
    server_version_num: int,
) -> dict[str, CatalogObject]:
    """The objects of one kind without the platform's own (see module doc)."""
    managed = set(profile.schemas)
    out: dict[str, CatalogObject] = {}
    for key, obj in objects.items():
        if _outside(key, managed) or _schema_of(key) not in managed:
            out[key] = obj
            continue
        if platform_object(profile, kind, key, server_version_num):
            continue
        shipped = _base_key(key) in profile.platform_keys("table", server_version_num)
        kept = _without_platform_roles(profile, obj, keep=shipped)
        if kept is None or _as_on_a_fresh_project(
            profile, key, kept, server_version_num
        ):
            continue
        out[key] = kept
    return out


def _as_on_a_fresh_project(
    profile: Profile, key: str, obj: CatalogObject, server_version_num: int
) -> bool:
    """Whether *obj* is the grants on one of the platform's functions exactly as
    a fresh project has them (its platform roles' entries already gone)."""
    if getattr(obj, "object_type", None) not in ("function", "procedure"):
        return False
    fresh = profile.fresh_grants(_base_key(key), server_version_num)
    if fresh is None:
        return False
    return dict(getattr(obj, "grants", ())) == dict(fresh)


def _runs_platform_code(
    profile: Profile, obj: CatalogObject, server_version_num: int
) -> bool:
    """Whether a field of *obj* marked ``platform_ref`` (the kind it names, e.g.
    an event trigger's function) names an object the profile lists as the
    platform's: such an object is the platform's machinery wherever it lives."""
    for f in _fields_with(type(obj), "platform_ref"):
        ref = f.metadata["platform_ref"]
        value = getattr(obj, f.name)
        if (
            isinstance(ref, str)
            and isinstance(value, str)
            and platform_object(profile, ref, value, server_version_num)
        ):
            return True
    return False


def apply(profile: Profile | None, catalog: Catalog) -> Catalog:
    """*catalog* without the platform's own objects (unchanged without a
    profile). The one place a profile acts, for every kind alike."""
    if profile is None:
        return catalog
    version = catalog.env.server_version_num
    objects = {
        kind: (
            apply_to_objects(profile, kind, objs, version)
            if kind in profile.kinds
            else _without_platform_code(profile, objs, version)
        )
        for kind, objs in catalog.objects.items()
    }
    return dataclasses.replace(catalog, objects=objects)


def _without_platform_code(
    profile: Profile, objects: Mapping[str, CatalogObject], server_version_num: int
) -> Mapping[str, CatalogObject]:
    """*objects* (of a kind the profile does not compare in its schemas) without
    those that name the platform's machinery (``_runs_platform_code``); the same
    mapping where the kind's models have no field that could."""
    models = {type(obj) for obj in objects.values()}
    if not any(_fields_with(model, "platform_ref") for model in models):
        return objects
    return {
        key: obj
        for key, obj in objects.items()
        if not _runs_platform_code(profile, obj, server_version_num)
    }

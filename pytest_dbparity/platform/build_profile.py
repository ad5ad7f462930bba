"""Regenerate a platform profile (``supabase.json``) from the platform's own SQL.

Usage::

    python -m pytest_dbparity.platform.build_profile OUT.json \\
        --major 15=schema-15.sql --major 17=schema-17.sql ... \\
        --shared init-scripts/*.sql db-migrations/*.sql auth/*.sql \\
                 storage/*.sql realtime/*.ex \\
        --built-from "supabase/postgres as of ..." \\
        --prelude pytest_dbparity/ephemeral/preludes/supabase.sql

    # only rewrite the prelude's generated part from an existing profile:
    python -m pytest_dbparity.platform.build_profile OUT.json --prelude PRELUDE.sql

``--major N=FILE``: a schema-only dump of a freshly initialised project database of
PostgreSQL major N (supabase/postgres ``migrations/schema-N.sql``). ``--shared``:
the platform services' migrations (supabase/auth ``migrations/``, supabase/storage
``migrations/tenant/``, supabase/realtime's tenant migrations) and init scripts;
what they create is added to every major, since a project runs them whatever its
major. Objects a later migration drops stay listed: projects created at other
dates hold other versions, and each of those objects is the platform's, never a
user's.

Each major also gets ``fresh``: what a fresh project holds that the filtered
catalog still shows (the platform's tables with RLS on or off, its sequences
and functions, the grants to the API roles and PUBLIC), replayed from the shared
files (in the order given, folder by folder, each folder's files in the order
they run) and the major's dump; see :mod:`pytest_dbparity.platform.fresh`.
``--prelude`` rewrites the generated part of a prelude from it. ``fresh`` also
holds the platform's roles (attributes, memberships) and their settings, from
the scripts' CREATE/ALTER ROLE and GRANT role TO role (see
:func:`pytest_dbparity.platform.fresh.replay_roles`); ``--role-prelude``
rewrites the roles prelude (``supabase-roles.sql``) from them, which only a
throwaway server gets (roles belong to a whole server).

The scan is textual and deliberately simple: it looks for the statements that
create functions, tables, triggers, policies and roles, turn row level security
on, and grant privileges by name, in the managed schemas only. Service migrations
that name their schema through a template (``{{ index .Options "Namespace" }}``)
are read with the service's default schema. The result is reviewed and committed;
the plugin only reads the JSON.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.platform.fresh import (
    BEGIN,
    END,
    ROLES_BEGIN,
    created_extensions,
    extension_record,
    name_of,
    prelude_block,
    replay,
    replay_roles,
    role_prelude_block,
)

#: Schemas the platform manages whose user-made objects are compared.
MANAGED_SCHEMAS = (
    "auth",
    "storage",
    "realtime",
    "vault",
    "graphql",
    "graphql_public",
    "extensions",
    "pgbouncer",
    "supabase_functions",
    "supabase_subscription_mgmt",
)

#: Kinds compared in the managed schemas (what users create or change there).
KINDS = ("rls", "policy", "trigger", "privilege", "function")

#: Roles the API serves requests as: never the platform's own.
API_ROLES = ("anon", "authenticated", "service_role")

#: Platform roles the image creates before any scanned script runs, and
#: ``postgres``, whose grants on the platform's objects the platform sets (and
#: changes with its versions).
IMAGE_ROLES = ("supabase_admin", "postgres", "pgbouncer", "supabase_realtime_admin")

#: Objects the platform makes at run time, with names no migration spells out:
#: realtime's daily partitions of ``realtime.messages``, and the tables Ecto
#: creates for realtime's own migration history. Globs on the key, per kind.
PATTERNS = {
    "rls": ("realtime.messages_2*", "realtime.schema_migrations"),
    "privilege": ("realtime.messages_2*", "realtime.schema_migrations"),
}

_TEMPLATES = {
    r"\{\{\s*index\s+\.Options\s+\"Namespace\"\s*\}\}": "auth",
}

_ID = r'(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)'
_QUAL = rf"({_ID})\s*\.\s*({_ID})"

_FUNCTION = re.compile(rf"\bcreate\s+(?:or\s+replace\s+)?function\s+{_QUAL}\s*\(", re.I)
_TABLE = re.compile(rf"\bcreate\s+table\s+(?:if\s+not\s+exists\s+)?{_QUAL}", re.I)
_TRIGGER = re.compile(
    rf"\bcreate\s+(?:or\s+replace\s+)?(?:constraint\s+)?trigger\s+({_ID})"
    rf"[^;]{{0,400}}?\bon\s+(?:only\s+)?{_QUAL}",
    re.I,
)
_POLICY = re.compile(rf"\bcreate\s+policy\s+({_ID})\s+on\s+{_QUAL}", re.I)
_RLS = re.compile(
    rf"\balter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?{_QUAL}\s+"
    r"(enable|force)\s+row\s+level\s+security",
    re.I,
)
_GRANT = re.compile(
    r"\bgrant\s+([a-z, ]+?)\s+on\s+(table\s+|function\s+|schema\s+|sequence\s+)?"
    rf"({_ID}(?:\s*\.\s*{_ID})?)\s*(\([^)]*\))?\s+to\s+([^;\n]+)",
    re.I,
)
_ROLE = re.compile(rf"\bcreate\s+(?:role|user)\s+({_ID})", re.I)


def scan(text: str) -> dict[str, Any]:
    """The platform objects one SQL (or migration source) text creates."""
    for pattern, schema in _TEMPLATES.items():
        text = re.sub(pattern, schema, text)
    found: dict[str, Any] = {
        "functions": set(),
        "tables": set(),
        "triggers": set(),
        "policies": set(),
        "rls": set(),
        "grants": set(),
        "roles": set(),
    }

    def managed(schema: str) -> bool:
        return schema in MANAGED_SCHEMAS

    for m in _FUNCTION.finditer(text):
        schema, name = name_of(m[1]), name_of(m[2])
        if managed(schema):
            found["functions"].add(qualify(schema, name))
    for m in _TABLE.finditer(text):
        schema, name = name_of(m[1]), name_of(m[2])
        if managed(schema):
            found["tables"].add(qualify(schema, name))
    for m in _TRIGGER.finditer(text):
        name, schema, table = name_of(m[1]), name_of(m[2]), name_of(m[3])
        if managed(schema):
            found["triggers"].add(qualify(schema, table, name))
    for m in _POLICY.finditer(text):
        name, schema, table = name_of(m[1]), name_of(m[2]), name_of(m[3])
        if managed(schema):
            found["policies"].add(qualify(schema, table, name))
    for m in _RLS.finditer(text):
        schema, table = name_of(m[1]), name_of(m[2])
        if managed(schema) and m[3].lower() == "enable":
            found["rls"].add(qualify(schema, table))
    for m in _GRANT.finditer(text):
        what = (m[2] or "table").strip().lower()
        target = [name_of(p) for p in re.split(r"\s*\.\s*", m[3].strip())]
        if what == "schema":
            if len(target) != 1 or not managed(target[0]):
                continue
        elif len(target) != 2 or not managed(target[0]):
            continue
        grantees = re.split(r"\s*,\s*", re.sub(r"\s+with\s+grant\s+option.*", "", m[5]))
        privileges = ", ".join(p.strip().upper() for p in m[1].split(","))
        for grantee in grantees:
            grantee = grantee.strip().rstrip(";")
            if re.fullmatch(_ID, grantee):
                role = "PUBLIC" if grantee.lower() == "public" else name_of(grantee)
                found["grants"].add((what, qualify(*target), role, privileges))
    for m in _ROLE.finditer(text):
        found["roles"].add(name_of(m[1]))
    return found


def merge(parts: Iterable[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for part in parts:
        for key, values in part.items():
            out.setdefault(key, set()).update(values)
    return out


def _listed(found: dict[str, Any]) -> dict[str, Any]:
    return {
        "functions": sorted(found["functions"]),
        "tables": sorted(found["tables"]),
        "triggers": sorted(found["triggers"]),
        "policies": sorted(found["policies"]),
        "rls_enabled": sorted(found["rls"]),
        "grants": [
            {"object_type": t, "object": o, "grantee": g, "privileges": p}
            for t, o, g, p in sorted(found["grants"])
        ],
    }


def _natural(path: Path) -> tuple[int, str]:
    """Migrations in the order they run: by their leading number (storage's
    ``0002-...`` before ``00010-...``), else by name."""
    m = re.match(r"\d+", path.name)
    return (int(m[0]) if m else 0, path.name)


def _in_run_order(shared: list[Path]) -> list[Path]:
    """*shared* folder by folder (in the order given), each folder's files in
    the order they run."""
    folders: dict[Path, list[Path]] = {}
    for path in shared:
        folders.setdefault(path.parent, []).append(path)
    return [p for paths in folders.values() for p in sorted(paths, key=_natural)]


def build(majors: dict[str, list[Path]], shared: list[Path]) -> dict[str, Any]:
    shared = _in_run_order(shared)
    common = merge(scan(p.read_text("utf-8", errors="replace")) for p in shared)
    per_major: dict[str, Any] = {}
    roles = set(common.get("roles", ())) | set(IMAGE_ROLES)
    for major, paths in sorted(majors.items(), key=lambda kv: int(kv[0])):
        own = merge(scan(p.read_text("utf-8", errors="replace")) for p in paths)
        roles |= own.get("roles", set())
        both = merge([common, own])
        both["tables"] |= both["rls"]  # a table whose RLS is turned on is a table
        listed = _listed(both)
        fresh = replay(
            [*shared, *paths], MANAGED_SCHEMAS, int(major), listed["functions"]
        )
        dumps_text = [p.read_text("utf-8", errors="replace") for p in paths]
        platform = replay_roles([*shared, *paths], created_extensions(dumps_text))
        per_major[major] = {
            "sources": [p.name for p in paths],
            **listed,
            "fresh": {
                **fresh.record(),
                **platform.record(),
                "extensions": extension_record(dumps_text),
            },
        }
    platform_roles = sorted(roles - set(API_ROLES))
    return {
        "profile": "supabase",
        "schemas": list(MANAGED_SCHEMAS),
        "kinds": list(KINDS),
        "api_roles": list(API_ROLES),
        "platform_roles": platform_roles,
        "patterns": {k: list(v) for k, v in PATTERNS.items()},
        "majors": per_major,
    }


def dumps(data: dict[str, Any]) -> str:
    """The profile as JSON, one line per grant."""
    text = json.dumps(data, indent=1, ensure_ascii=False)
    flat = re.sub(
        r"\{\n\s+([^{}\[\]]*?)\n\s*\}",
        lambda m: "{" + re.sub(r",\n\s*", ", ", m[1]) + "}",
        text,
    )
    return flat + "\n"


def prelude_text(data: dict[str, Any], current: str) -> str:
    """*current* (a prelude's SQL) with its generated part made from *data*'s
    record of a fresh project of its oldest major (``ALL`` grows with the
    server: MAINTAIN on 17+), appended if it has none yet."""
    oldest = min(data["majors"], key=int)
    block = prelude_block(data["majors"][oldest]["fresh"], int(oldest))
    if BEGIN in current and END in current:
        head, rest = current.split(BEGIN, 1)
        tail = rest.split(END, 1)[1].lstrip("\n")
        return head + block + tail
    return current.rstrip("\n") + "\n\n" + block


def role_prelude_text(data: dict[str, Any], current: str) -> str:
    """*current* (a roles prelude's SQL) with its generated part made from
    *data*'s records of a fresh project's roles (per major)."""
    block = role_prelude_block(
        {major: lists["fresh"] for major, lists in data["majors"].items()}
    )
    if ROLES_BEGIN in current and END in current:
        head, rest = current.split(ROLES_BEGIN, 1)
        tail = rest.split(END, 1)[1].lstrip("\n")
        return head + block + tail
    return current.rstrip("\n") + "\n\n" + block


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "out", type=Path, help="the profile to write (read, without --major)"
    )
    parser.add_argument("--major", action="append", default=[], metavar="N=FILE")
    parser.add_argument("--shared", nargs="*", default=[], type=Path)
    parser.add_argument(
        "--role",
        action="append",
        default=[],
        help="a platform role no scanned file creates (made by the image itself)",
    )
    parser.add_argument(
        "--built-from",
        action="append",
        default=[],
        help="where the sources come from (repository and date), for the record",
    )
    parser.add_argument(
        "--prelude",
        type=Path,
        help="a prelude whose generated part is rewritten from the profile "
        "(ephemeral/preludes/supabase.sql)",
    )
    parser.add_argument(
        "--role-prelude",
        type=Path,
        help="a roles prelude whose generated part is rewritten from the profile "
        "(ephemeral/preludes/supabase-roles.sql, run on throwaway servers only)",
    )
    args = parser.parse_args(argv)
    if args.major:
        majors: dict[str, list[Path]] = {}
        for item in args.major:
            major, _, path = item.partition("=")
            majors.setdefault(major, []).append(Path(path))
        data = build(majors, list(args.shared))
        data["platform_roles"] = sorted(set(data["platform_roles"]) | set(args.role))
        if args.built_from:
            data["built_from"] = list(args.built_from)
        args.out.write_text(dumps(data), "utf-8")
    else:
        data = json.loads(args.out.read_text("utf-8"))
    if args.prelude:
        current = args.prelude.read_text("utf-8")
        args.prelude.write_text(prelude_text(data, current), "utf-8")
    if args.role_prelude:
        current = (
            args.role_prelude.read_text("utf-8") if args.role_prelude.exists() else ""
        )
        args.role_prelude.write_text(role_prelude_text(data, current), "utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""What a fresh project holds that the filtered catalog still shows.

The profile leaves the platform's own functions, triggers, policies and grants
to its own roles out, but keeps, in the platform's schemas, the RLS state of
every table and the grants to the API roles and ``PUBLIC``. So a database that
stands in for a fresh project (the throwaway server's ``supabase`` prelude)
must hold exactly those: the platform's tables with their RLS, and the grants a
fresh project gives the API roles on the platform's schemas, tables, sequences
and functions. :func:`replay` works them out from the platform's own SQL, read
in the order the platform runs it; :func:`prelude_block` writes the SQL that
recreates them (the generated part of ``ephemeral/preludes/supabase.sql``).

The replay is textual, like the rest of ``build_profile``: it follows CREATE,
DROP and RENAME of tables (SQL, and Ecto's ``create table(:name)`` in realtime's
migrations, whose prefix is ``realtime`` and whose tables get a serial ``id``),
serial columns' sequences (gone with their column or table), CREATE and DROP of
sequences and functions (a new function lets PUBLIC run it, PostgreSQL's
default; CREATE OR REPLACE keeps its grants), RLS turned on and off, GRANT and
REVOKE to the API roles and ``PUBLIC`` on named objects and on ``ALL TABLES |
SEQUENCES | FUNCTIONS IN SCHEMA``, and ``ALTER DEFAULT PRIVILEGES IN SCHEMA``
(they apply to what later scripts of the same folder create: one folder, one
role running it). Only the "up" part of a migration counts. Storage's
migrations build their statements from role variables (``' || anon_role ||
'``); those read as the default role names. Statements inside function bodies
count as run (the platform's event triggers run them when their extension is
created).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_dbparity.core.identifiers import qualify, quote_ident, split_name

API_GRANTEES = ("anon", "authenticated", "service_role", "PUBLIC")

_ID = r'(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)'
_QUAL = rf"({_ID})\s*\.\s*({_ID})"

#: Every privilege of an object type (what ALL means), per PostgreSQL major.
_ALL = {
    "table": (
        "DELETE",
        "INSERT",
        "REFERENCES",
        "SELECT",
        "TRIGGER",
        "TRUNCATE",
        "UPDATE",
    ),
    "sequence": ("SELECT", "UPDATE", "USAGE"),
    "schema": ("CREATE", "USAGE"),
    "function": ("EXECUTE",),
}


def all_privileges(object_type: str, major: int) -> tuple[str, ...]:
    """What ``ALL`` grants on *object_type* on PostgreSQL *major*."""
    privileges = _ALL[object_type]
    if object_type == "table" and major >= 17:
        return (*privileges, "MAINTAIN")
    return privileges


#: Storage's migrations name the API roles through variables with these defaults.
_ROLE_VARIABLES = {
    "anon_role": "anon",
    "authenticated_role": "authenticated",
    "service_role": "service_role",
    "super_user": "postgres",
}
_VARIABLE = "|".join(_ROLE_VARIABLES)


def name_of(ident: str) -> str:
    """An identifier as written in SQL (quoted or not) as the catalog holds it."""
    ident = ident.strip()
    if ident.startswith('"'):
        return ident[1:-1].replace('""', '"')
    return ident.lower()


def _qualify(*parts: str) -> str:
    return qualify(*parts)


def _roles(text: str) -> list[str]:
    """The grantees of a GRANT/REVOKE tail (``anon, "x" with grant option``)."""
    text = re.sub(r"\s+with\s+grant\s+option.*", "", text, flags=re.I | re.S)
    text = re.sub(r"\s+(?:cascade|restrict)\s*$", "", text, flags=re.I)
    out = []
    for part in re.split(r"\s*,\s*", text.strip().strip("'\")").strip()):
        part = part.strip().strip("'").strip()
        if re.fullmatch(_ID, part):
            out.append("PUBLIC" if part.lower() == "public" else name_of(part))
    return out


_STATEMENTS: dict[str, re.Pattern[str]] = {
    "create_table": re.compile(
        rf"\bcreate\s+(?:unlogged\s+)?table\s+(?:if\s+not\s+exists\s+)?{_QUAL}", re.I
    ),
    "ecto_alter": re.compile(r"\balter\s*\(?\s*table\(\s*:(\w+)", re.I),
    "ecto_remove": re.compile(r"\bremove\(\s*:(\w+)", re.I),
    "drop_column": re.compile(
        rf"\balter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?{_QUAL}\s+"
        rf"drop\s+(?:column\s+)?(?:if\s+exists\s+)?({_ID})",
        re.I,
    ),
    "ecto_create": re.compile(
        r"\bcreate(?:_if_not_exists)?\s*\(?\s*table\(\s*:(\w+)([^)]*)\)", re.I
    ),
    "drop_table": re.compile(
        rf"\bdrop\s+table\s+(?:if\s+exists\s+)?({_QUAL}(?:\s*,\s*{_QUAL})*)", re.I
    ),
    "ecto_drop": re.compile(r"\bdrop(?:_if_exists)?\s*\(?\s*table\(\s*:(\w+)", re.I),
    "rename": re.compile(
        rf"\balter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?{_QUAL}\s+"
        rf"rename\s+to\s+({_ID})",
        re.I,
    ),
    "rls": re.compile(
        rf"\balter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?{_QUAL}\s+"
        r"(enable|disable)\s+row\s+level\s+security",
        re.I,
    ),
    "create_function": re.compile(
        rf"\bcreate\s+(?:or\s+replace\s+)?function\s+{_QUAL}\s*\(", re.I
    ),
    "drop_function": re.compile(
        rf"\bdrop\s+function\s+(?:if\s+exists\s+)?{_QUAL}", re.I
    ),
    "create_sequence": re.compile(
        rf"\bcreate\s+sequence\s+(?:if\s+not\s+exists\s+)?{_QUAL}", re.I
    ),
    "drop_sequence": re.compile(
        rf"\bdrop\s+sequence\s+(?:if\s+exists\s+)?{_QUAL}", re.I
    ),
    "defaults": re.compile(
        r"\balter\s+default\s+privileges\s+(?:for\s+(?:user|role)\s+\S+\s+)?"
        rf"in\s+schema\s+({_ID})\s+grant\s+([a-z, ]+?)\s+on\s+"
        r"(tables|sequences|functions|routines)\s+to\s+([^;\n]+)",
        re.I,
    ),
    "grant_all_in": re.compile(
        r"\b(grant|revoke)\s+([a-z, ]+?)\s+on\s+all\s+"
        rf"(tables|sequences|functions|routines)\s+in\s+schema\s+({_ID})\s+"
        r"(?:to|from)\s+([^;\n]+)",
        re.I,
    ),
    "grant": re.compile(
        r"\b(grant|revoke)\s+(?!all\s+privileges\s+on\s+all\b)([a-z, ]+?)\s+on\s+"
        r"(?!all\s)(table\s+|function\s+|schema\s+|sequence\s+)?"
        rf"({_ID}(?:\s*\.\s*{_ID})?)\s*(?:\([^)]*\))?"
        rf"((?:\s*,\s*{_ID}(?:\s*\.\s*{_ID})?\s*(?:\([^)]*\))?)*)"
        r"\s+(?:to|from)\s+([^;\n]+)",
        re.I,
    ),
}

#: A serial column in a CREATE TABLE's column list.
_SERIAL = re.compile(rf"(?:^|[(,])\s*({_ID})\s+(?:big|small)?serial\b", re.I)

_KIND_OF_ALL = {
    "tables": "table",
    "sequences": "sequence",
    "functions": "function",
    "routines": "function",
}


def _privileges(words: str, object_type: str, major: int) -> set[str]:
    words = words.strip().lower()
    if words in ("all", "all privileges"):
        return set(all_privileges(object_type, major))
    return {w.strip().upper() for w in words.split(",") if w.strip()}


@dataclass
class Fresh:
    """The replayed state: tables (with RLS on or off), sequences, grants."""

    schemas: Sequence[str]
    major: int
    tables: dict[str, bool] = field(default_factory=dict)
    sequences: set[str] = field(default_factory=set)
    functions: set[str] = field(default_factory=set)
    grants: dict[tuple[str, str, str], set[str]] = field(default_factory=dict)
    defaults: dict[tuple[str, str, str], dict[str, set[str]]] = field(
        default_factory=dict
    )
    keep_functions: set[str] = field(default_factory=set)
    #: Sequences a serial column owns: (table, column) -> sequence.
    owned: dict[tuple[str, str], str] = field(default_factory=dict)
    #: The table an Ecto ``alter table(:name) do ... end`` block changes.
    ecto_table: str | None = None

    def managed(self, schema: str) -> bool:
        return schema in self.schemas

    # -- events

    def create_table(self, key: str, schema: str, group: str) -> None:
        self.tables.setdefault(key, False)
        self._defaults(group, schema, "table", key)

    def serial(self, table: str, schema: str, column: str, group: str) -> None:
        """A serial column: PostgreSQL makes ``<table>_<column>_seq``, owned by it."""
        name = split_name(table)[1]
        key = _qualify(schema, f"{name}_{column}_seq")
        self.sequences.add(key)
        self.owned[(table, column)] = key
        self._defaults(group, schema, "sequence", key)

    def drop_sequence(self, key: str) -> None:
        self.sequences.discard(key)
        self._forget(key)

    def drop_column(self, table: str, column: str) -> None:
        if (seq := self.owned.pop((table, column), None)) is not None:
            self.drop_sequence(seq)

    def drop_table(self, key: str) -> None:
        self.tables.pop(key, None)
        for table, column in [o for o in self.owned if o[0] == key]:
            self.drop_column(table, column)
        self._forget(key)

    def rename(self, old: str, new: str) -> None:
        if old in self.tables:
            self.tables[new] = self.tables.pop(old)
        for table, column in [o for o in self.owned if o[0] == old]:
            self.owned[(new, column)] = self.owned.pop((table, column))
        for (t, o, g), privs in list(self.grants.items()):
            if o == old:
                self.grants[(t, new, g)] = self.grants.pop((t, o, g)) | privs

    def _forget(self, key: str) -> None:
        for grant in [g for g in self.grants if g[1] == key]:
            del self.grants[grant]

    def _defaults(self, group: str, schema: str, object_type: str, key: str) -> None:
        for grantee, privs in self.defaults.get(
            (group, schema, object_type), {}
        ).items():
            if grantee not in API_GRANTEES:
                continue
            self.grants.setdefault((object_type, key, grantee), set()).update(privs)

    def apply(self, kind: str, m: re.Match[str], group: str, ecto: bool) -> None:
        if kind == "create_table":
            schema, name = name_of(m[1]), name_of(m[2])
            if self.managed(schema):
                key = _qualify(schema, name)
                self.create_table(key, schema, group)
                end = m.string.find(";", m.end())
                body = m.string[m.end() : end if end >= 0 else None]
                for col in _SERIAL.finditer(body):
                    self.serial(key, schema, name_of(col[1]), group)
        elif kind == "ecto_create" and ecto:
            key = _qualify("realtime", m[1])
            self.create_table(key, "realtime", group)
            if not re.search(r"primary_key:\s*false", m[2]):
                self.serial(key, "realtime", "id", group)  # Ecto's default key
        elif kind == "ecto_alter" and ecto:
            self.ecto_table = _qualify("realtime", m[1])
        elif kind == "ecto_remove" and ecto and self.ecto_table:
            self.drop_column(self.ecto_table, m[1])
        elif kind == "drop_column":
            table = _qualify(name_of(m[1]), name_of(m[2]))
            self.drop_column(table, name_of(m[3]))
        elif kind == "drop_table":
            for q in re.finditer(_QUAL, m[1]):
                self.drop_table(_qualify(name_of(q[1]), name_of(q[2])))
        elif kind == "ecto_drop" and ecto:
            self.drop_table(_qualify("realtime", m[1]))
        elif kind == "rename":
            schema = name_of(m[1])
            self.rename(
                _qualify(schema, name_of(m[2])), _qualify(schema, name_of(m[3]))
            )
        elif kind == "rls":
            key = _qualify(name_of(m[1]), name_of(m[2]))
            if key in self.tables:
                self.tables[key] = m[3].lower() == "enable"
        elif kind == "create_function":
            schema, name = name_of(m[1]), name_of(m[2])
            if self.managed(schema) and _qualify(schema, name) not in self.functions:
                # A new function: PostgreSQL's default lets PUBLIC run it (CREATE
                # OR REPLACE of an existing one keeps its grants).
                key = _qualify(schema, name)
                self.functions.add(key)
                self.grants[("function", key, "PUBLIC")] = {"EXECUTE"}
                self._defaults(group, schema, "function", key)
        elif kind == "drop_function":
            key = _qualify(name_of(m[1]), name_of(m[2]))
            self.functions.discard(key)
            self._forget(key)
        elif kind == "create_sequence":
            schema, name = name_of(m[1]), name_of(m[2])
            if self.managed(schema):
                key = _qualify(schema, name)
                self.sequences.add(key)
                self._defaults(group, schema, "sequence", key)
        elif kind == "drop_sequence":
            self.drop_sequence(_qualify(name_of(m[1]), name_of(m[2])))
        elif kind == "defaults":
            schema, object_type = name_of(m[1]), _KIND_OF_ALL[m[3].lower()]
            privs = _privileges(m[2], object_type, self.major)
            slot = self.defaults.setdefault((group, schema, object_type), {})
            for role in _roles(m[4]):
                slot.setdefault(role, set()).update(privs)
        elif kind == "grant_all_in":
            object_type, schema = _KIND_OF_ALL[m[3].lower()], name_of(m[4])
            pool = {
                "table": self.tables,
                "sequence": self.sequences,
                "function": self.functions,
            }[object_type]
            prefix = _qualify(schema) + "."
            for key in sorted(k for k in pool if k.startswith(prefix)):
                self._grant(m[1], m[2], object_type, key, m[5])
        elif kind == "grant":
            object_type = (m[3] or "table").strip().lower()
            targets = [m[4], *re.findall(rf"{_ID}(?:\s*\.\s*{_ID})?", m[5] or "")]
            for target in targets:
                parts = [name_of(p) for p in re.split(r"\s*\.\s*", target.strip())]
                if not parts or not self.managed(parts[0]):
                    continue
                if (object_type == "schema") != (len(parts) == 1) or len(parts) > 2:
                    continue
                kind_ = object_type
                key = _qualify(*parts)
                if kind_ == "table" and key in self.sequences:
                    kind_ = "sequence"  # GRANT ... ON seq works without SEQUENCE
                if kind_ == "sequence":
                    self.sequences.add(key)
                self._grant(m[1], m[2], kind_, key, m[6])

    def _grant(
        self, verb: str, words: str, object_type: str, key: str, tail: str
    ) -> None:
        if re.match(r"\s*grant\s+option\s+for", words, re.I):
            return
        privs = _privileges(words, object_type, self.major)
        grantable = verb.lower() == "grant" and bool(
            re.search(r"with\s+grant\s+option", tail, re.I)
        )
        for role in _roles(tail):
            if role not in API_GRANTEES:
                continue
            slot = self.grants.setdefault((object_type, key, role), set())
            if verb.lower() == "grant":
                slot.update(p + "*" if grantable else p for p in privs)
            else:
                slot.difference_update(privs | {p + "*" for p in privs})

    # -- the record

    def record(self) -> dict[str, Any]:
        alive = (
            set(self.tables) | self.sequences | (self.functions & self.keep_functions)
        )
        grants = []
        for (object_type, key, role), privs in sorted(self.grants.items()):
            if not privs:
                continue
            if object_type != "schema" and key not in alive:
                continue
            grants.append(
                {
                    "object_type": object_type,
                    "object": key,
                    "grantee": role,
                    "privileges": ", ".join(sorted(privs)),
                }
            )
        return {
            "tables": [
                {"table": t, "rls": on} for t, on in sorted(self.tables.items())
            ],
            "sequences": sorted(self.sequences),
            "functions": sorted(self.functions & self.keep_functions),
            "grants": grants,
        }


def _prepare(text: str) -> str:
    """Storage's role variables read as role names; ``{{ .Namespace }}`` as auth."""
    text = re.sub(r"\{\{\s*index\s+\.Options\s+\"Namespace\"\s*\}\}", "auth", text)
    text = re.sub(
        rf"'\s*\|\|\s*({_VARIABLE})\s*\|\|\s*'",
        lambda m: _ROLE_VARIABLES[m[1]],
        text,
    )
    return re.sub(
        rf"'\s*\|\|\s*({_VARIABLE})\b", lambda m: _ROLE_VARIABLES[m[1]] + "'", text
    )


def _up_only(text: str, path: Path) -> str:
    """A migration's "up" part (Ecto modules and dbmate files carry their
    "down" too)."""
    if path.suffix == ".ex":
        return re.split(r"\bdef\s+down\b", text, maxsplit=1)[0]
    return re.split(r"--\s*migrate:down", text, maxsplit=1)[0]


def replay(
    sources: Iterable[Path],
    schemas: Sequence[str],
    major: int,
    functions: Iterable[str] = (),
) -> Fresh:
    """Replay *sources* (in order) and return what a fresh project holds; its
    grants on functions only for *functions* (the profile's)."""
    state = Fresh(schemas=schemas, major=major)
    state.keep_functions = set(functions)
    for path in sources:
        text = _prepare(_up_only(path.read_text("utf-8", errors="replace"), path))
        events: list[tuple[int, str, re.Match[str]]] = []
        for kind, pattern in _STATEMENTS.items():
            events.extend((m.start(), kind, m) for m in pattern.finditer(text))
        events.sort(key=lambda e: (e[0], e[1] != "grant_all_in"))
        taken: set[int] = set()
        for start, kind, m in events:
            if kind in ("grant", "grant_all_in"):
                if start in taken:
                    continue
                taken.add(start)
            state.apply(kind, m, str(path.parent), path.suffix == ".ex")
    return state


# ---------------------------------------------------------------- the prelude

BEGIN = "-- >>> generated from platform/supabase.json (fresh project); do not edit"
END = "-- <<< end of generated part"


def prelude_block(fresh: Mapping[str, Any], major: int) -> str:
    """SQL that recreates a fresh project's record (*fresh*, of *major*) on a
    plain server: idempotent, run as a superuser after the hand-written part."""
    lines = [BEGIN]
    schemas = sorted(
        {g["object"] for g in fresh["grants"] if g["object_type"] == "schema"}
        | {t["table"].split(".", 1)[0] for t in fresh["tables"]}
    )
    lines += [f"create schema if not exists {s};" for s in schemas]
    lines += [f"create table if not exists {t['table']} ();" for t in fresh["tables"]]
    lines += [f"create sequence if not exists {s};" for s in fresh["sequences"]]
    for t in fresh["tables"]:
        state = "enable" if t["rls"] else "disable"
        lines.append(f"alter table {t['table']} {state} row level security;")
    api = ", ".join(quote_ident(r) if r != "PUBLIC" else "public" for r in API_GRANTEES)
    for t in fresh["tables"]:
        lines.append(f"revoke all on table {t['table']} from {api};")
    for s in fresh["sequences"]:
        lines.append(f"revoke all on sequence {s} from {api};")
    #: (schema, name, statement with %s for the function), run in this order.
    functions: list[tuple[str, str, str]] = []
    for f in fresh.get("functions", ()):
        schema, name = split_name(f)
        functions.append((schema, name, f"revoke all on function %s from {api}"))
    for g in fresh["grants"]:
        object_type, target = g["object_type"], g["object"]
        grantee = "public" if g["grantee"] == "PUBLIC" else quote_ident(g["grantee"])
        privileges = g["privileges"].split(", ")
        plain = [p for p in privileges if not p.endswith("*")]
        option = [p.rstrip("*") for p in privileges if p.endswith("*")]
        for privs, suffix in ((plain, ""), (option, " with grant option")):
            if not privs:
                continue
            words = (
                "all"
                if sorted(privs) == sorted(all_privileges(object_type, major))
                else ", ".join(p.lower() for p in sorted(privs))
            )
            if object_type == "function":
                schema, name = split_name(target)
                statement = f"grant {words} on function %s to {grantee}{suffix}"
                functions.append((schema, name, statement))
            else:
                lines.append(
                    f"grant {words} on {object_type} {target} to {grantee}{suffix};"
                )
    if functions:
        # On the functions of those names the prelude has (a fresh project's
        # others are the platform's business, not created here): what the API
        # roles and PUBLIC may run, and no more.
        rows = [
            f"({i}, {_literal(schema)}, {_literal(name)}, {_literal(statement)})"
            for i, (schema, name, statement) in enumerate(functions, 1)
        ]
        lines += [
            "do $grants$",
            "declare r record;",
            "begin",
            "  for r in",
            "    select p.oid::regprocedure as f, v.statement",
            "    from (values",
            *(f"      {row}," for row in rows[:-1]),
            f"      {rows[-1]}",
            "    ) as v(n, schema_, name_, statement)",
            "    join pg_catalog.pg_namespace s on s.nspname = v.schema_",
            "    join pg_catalog.pg_proc p on p.pronamespace = s.oid"
            " and p.proname = v.name_",
            "    order by v.n, p.oid",
            "  loop",
            "    execute format(r.statement, r.f);",
            "  end loop;",
            "end",
            "$grants$;",
        ]
    lines.append(END)
    return "\n".join(lines) + "\n"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# ---------------------------------------------------------------- the roles

#: A role's attributes as ``CREATE ROLE`` leaves them (the role kind's names).
ROLE_ATTRIBUTES = (
    "superuser",
    "inherit",
    "create_role",
    "create_db",
    "login",
    "replication",
    "bypass_rls",
)
_ROLE_DEFAULTS = {
    "superuser": False,
    "inherit": True,
    "create_role": False,
    "create_db": False,
    "login": False,
    "replication": False,
    "bypass_rls": False,
}
#: The keyword of each attribute in CREATE/ALTER ROLE (NO<keyword> turns it off).
_ROLE_KEYWORDS = {
    "superuser": "superuser",
    "inherit": "inherit",
    "createrole": "create_role",
    "createdb": "create_db",
    "login": "login",
    "replication": "replication",
    "bypassrls": "bypass_rls",
}

#: The platform image's bootstrap superuser (``initdb -U supabase_admin``): it
#: exists, with every attribute, before any script runs.
BOOTSTRAP_ROLE = "supabase_admin"

#: The role the platform's init scripts and its users' migrations run as. The
#: image makes it a superuser (``create role postgres superuser login``) before
#: the scripts run; a later migration demotes it (NOSUPERUSER, ...).
SERVER_ROLE = "postgres"

_ROLE_STATEMENTS = {
    "create": re.compile(
        rf"\bcreate\s+(role|user)\s+({_ID})((?:\s+with)?(?:\s+(?:no)?[a-z]+)*)"
        r"\s*(?=[;'\n])",
        re.I,
    ),
    "set": re.compile(
        rf"\balter\s+(?:role|user)\s+({_ID})\s+set\s+([a-z_][a-z0-9_.]*)\s*"
        r"(?:=|\bto\b)\s*([^;\n]+?)\s*;",
        re.I,
    ),
    "alter": re.compile(
        rf"\balter\s+(?:role|user)\s+({_ID})((?:\s+with)?(?:\s+(?:no)?[a-z]+)+)"
        r"\s*(?=[;'\n])",
        re.I,
    ),
    "member": re.compile(
        rf"\bgrant\s+({_ID}(?:\s*,\s*{_ID})*)\s+to\s+({_ID}(?:\s*,\s*{_ID})*)"
        r"(\s+with\s+admin\s+option)?\s*;",
        re.I,
    ),
}

#: Words of GRANT that name privileges, not roles (``grant all to x`` is no
#: membership).
_PRIVILEGE_WORDS = {
    "all",
    "select",
    "insert",
    "update",
    "delete",
    "truncate",
    "references",
    "trigger",
    "usage",
    "create",
    "connect",
    "temporary",
    "temp",
    "execute",
    "maintain",
}


def _setting_value(text: str) -> str:
    """A role setting's value as the server stores it in ``rolconfig``: one
    quoted literal unquoted; a list's items joined by ``", "`` (names that
    need quotes keep them)."""
    items = [
        i.strip() for i in re.findall(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|[^,]+""", text)
    ]
    out = []
    for item in items:
        if item.startswith("'"):
            out.append(item[1:-1].replace("''", "'"))
        elif item.startswith('"'):
            out.append(quote_ident(name_of(item)))  # quoted only where needed
        else:
            out.append(item.lower() if re.fullmatch(_ID, item) else item)
    return ", ".join(out)


@dataclass
class Roles:
    """The platform's roles as its scripts leave them: attributes, the roles
    each is a member of (``"role"`` or ``"role (admin option)"``), settings."""

    attributes: dict[str, dict[str, bool]] = field(default_factory=dict)
    member_of: dict[str, set[str]] = field(default_factory=dict)
    settings: dict[str, dict[str, str]] = field(default_factory=dict)

    def known(self, role: str) -> bool:
        return role in self.attributes

    def create(self, role: str, user: bool, options: str) -> None:
        if self.known(role):
            return  # CREATE of an existing role fails (or is skipped by its IF)
        attributes = dict(_ROLE_DEFAULTS, login=user)
        self.attributes[role] = attributes
        self.alter(role, options)

    def alter(self, role: str, options: str) -> None:
        attributes = self.attributes.get(role)
        if attributes is None:
            return
        for word in options.lower().split():
            on = not word.startswith("no") or word[2:] not in _ROLE_KEYWORDS
            name = _ROLE_KEYWORDS.get(word if on else word[2:])
            if name is not None:
                attributes[name] = on

    def grant(
        self, granted: Sequence[str], members: Sequence[str], admin: bool
    ) -> None:
        for member in members:
            if not self.known(member):
                continue
            for role in granted:
                if not (self.known(role) or role.startswith("pg_")):
                    continue  # an extension's role (pgsodium's): not made here
                have = self.member_of.setdefault(member, set())
                name = quote_ident(role)
                if admin:
                    have.discard(name)
                    have.add(f"{name} (admin option)")
                elif f"{name} (admin option)" not in have:
                    have.add(name)  # a GRANT without it keeps an admin option

    def record(self) -> dict[str, Any]:
        return {
            "roles": [
                {
                    "role": role,
                    **{a: attributes[a] for a in ROLE_ATTRIBUTES},
                    "member_of": sorted(self.member_of.get(role, ())),
                }
                for role, attributes in sorted(self.attributes.items())
            ],
            "settings": [
                {"role": role, "name": name, "value": value}
                for role, named in sorted(self.settings.items())
                for name, value in sorted(named.items())
                if self.known(role)
            ],
        }


#: Roles an extension makes as it is created, each with the roles it is then
#: a member of (pgsodium's install script: key-id user < key holder < key
#: maker, all NOLOGIN INHERIT), for the extensions a platform's image creates.
EXTENSION_ROLES: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "pgsodium": {
        "pgsodium_keyiduser": (),
        "pgsodium_keyholder": ("pgsodium_keyiduser",),
        "pgsodium_keymaker": ("pgsodium_keyholder", "pgsodium_keyiduser"),
    },
}

_CREATE_EXTENSION = re.compile(
    rf"\bcreate\s+extension\s+(?:if\s+not\s+exists\s+)?({_ID})", re.I
)


def created_extensions(texts: Iterable[str]) -> frozenset[str]:
    """The extensions that *texts* (a major's schema dump) create."""
    return frozenset(
        name_of(m[1]) for text in texts for m in _CREATE_EXTENSION.finditer(text)
    )


_EXTENSION_SCHEMA = re.compile(
    rf"\bcreate\s+extension\s+(?:if\s+not\s+exists\s+)?({_ID})"
    rf"(?:\s+with)?\s+schema\s+({_ID})",
    re.I,
)


def extension_record(texts: Iterable[str]) -> list[dict[str, str]]:
    """The extensions *texts* (a major's schema dump) create, each with the
    schema it goes in (``fresh.extensions`` of the profile), by name."""
    found = {
        name_of(m[1]): name_of(m[2])
        for text in texts
        for m in _EXTENSION_SCHEMA.finditer(text)
    }
    return [{"name": n, "schema": found[n]} for n in sorted(found)]


def replay_roles(sources: Iterable[Path], extensions: Iterable[str] = ()) -> Roles:
    """The platform's roles after *sources* (in order): the image's bootstrap
    superuser and ``postgres`` (a superuser with LOGIN, as the image makes it
    before the scripts run), then CREATE ROLE/USER (on a role not yet made),
    ALTER ROLE/USER with attributes or ``SET name = value``, and GRANT role TO
    role. The roles of *extensions* (those a major's image creates; see
    :data:`EXTENSION_ROLES`) exist from the start, so the scripts' grants of
    them count (pgsodium's, where the image has it). Storage's migrations
    create roles only when told to install them (``install_roles``, off on
    the platform, whose image has made them): their role statements do not
    count."""
    state = Roles()
    state.attributes[BOOTSTRAP_ROLE] = dict.fromkeys(ROLE_ATTRIBUTES, True) | {
        "login": True
    }
    state.attributes[SERVER_ROLE] = dict(_ROLE_DEFAULTS, superuser=True, login=True)
    for extension in sorted(extensions):
        made = EXTENSION_ROLES.get(extension, {})
        for role in made:
            state.create(role, False, "")
        for role, member_of in made.items():
            state.grant(member_of, [role], False)
    for path in sources:
        text = _up_only(path.read_text("utf-8", errors="replace"), path)
        if re.search(r"\binstall_roles\b", text):
            continue
        text = re.sub(r"--[^\n]*", "", text)
        events: list[tuple[int, str, re.Match[str]]] = []
        for kind, pattern in _ROLE_STATEMENTS.items():
            events.extend((m.start(), kind, m) for m in pattern.finditer(text))
        events.sort(key=lambda e: (e[0], e[1] != "set"))
        seen: set[int] = set()
        for start, kind, m in events:
            if start in seen:
                continue  # ALTER ROLE x SET ... is no attribute change
            seen.add(start)
            if kind == "create":
                state.create(name_of(m[2]), m[1].lower() == "user", m[3])
            elif kind == "alter":
                state.alter(name_of(m[1]), m[2])
            elif kind == "set":
                value = _setting_value(m[3])
                state.settings.setdefault(name_of(m[1]), {})[m[2].lower()] = value
            elif kind == "member":
                granted = [name_of(r) for r in re.split(r"\s*,\s*", m[1])]
                if any(g.lower() in _PRIVILEGE_WORDS for g in granted):
                    continue
                members = [name_of(r) for r in re.split(r"\s*,\s*", m[2])]
                state.grant(granted, members, bool(m[3]))
    return state


# ----------------------------------------------------- the roles' prelude

#: Settings whose value is a list of names (``GUC_LIST_QUOTE``).
_LIST_SETTINGS = {
    "search_path",
    "session_preload_libraries",
    "local_preload_libraries",
    "shared_preload_libraries",
    "temp_tablespaces",
}

ROLES_BEGIN = (
    "-- >>> generated from platform/supabase.json (fresh project's roles); do not edit"
)


def _setting_sql(name: str, value: str) -> str:
    if name in _LIST_SETTINGS:
        return value  # names, quoted where they need it, as the server shows them
    return _literal(value)


def _attribute_words(record: Mapping[str, Any]) -> str:
    words = []
    for attribute in ROLE_ATTRIBUTES:
        keyword = next(k for k, a in _ROLE_KEYWORDS.items() if a == attribute)
        words.append(keyword if record[attribute] else f"no{keyword}")
    return " ".join(words)


def _membership_sql(record: Mapping[str, Any]) -> list[str]:
    lines = []
    for membership in record["member_of"]:
        role, admin, _ = membership.partition(" (admin option)")
        option = " with admin option" if admin else ""
        lines.append(f"grant {role} to {quote_ident(record['role'])}{option};")
    return lines


def _role_statements(fresh: Mapping[str, Any]) -> list[tuple[int, str, str]]:
    """The statements that give a server the roles of one record, each with
    its place: ``(step, role, statement)`` (made if missing, attributes,
    settings reset, settings, memberships)."""
    roles = [r for r in fresh.get("roles", ()) if r["role"] != SERVER_ROLE]
    out: list[tuple[int, str, str]] = []
    for r in roles:
        name = quote_ident(r["role"])
        out.append(
            (
                0,
                r["role"],
                "do $role$ begin if not exists (select from pg_catalog.pg_roles"
                f" where rolname = {_literal(r['role'])}) then create role {name};"
                " end if; end $role$;",
            )
        )
        out.append((1, r["role"], f"alter role {name} {_attribute_words(r)};"))
        out.append((2, r["role"], f"alter role {name} reset all;"))
    for s in fresh.get("settings", ()):
        if s["role"] != SERVER_ROLE:
            out.append(
                (
                    3,
                    s["role"],
                    f"alter role {quote_ident(s['role'])} set {s['name']} = "
                    f"{_setting_sql(s['name'], s['value'])};",
                )
            )
    for r in roles:
        out.extend((4, r["role"], line) for line in _membership_sql(r))
    return out


def profile_major_sql(majors: Iterable[str]) -> str:
    """A SQL expression for the profile major a server's records come from:
    its own major when recorded, else the newest recorded below it, else the
    oldest (as :meth:`Profile.major_for` picks)."""
    have = sorted({int(m) for m in majors})
    server = "current_setting('server_version_num')::int / 10000"
    whens = " ".join(f"when {server} >= {m} then {m}" for m in reversed(have[1:]))
    return f"(case {whens} else {have[0]} end)" if whens else str(have[0])


def role_prelude_block(records: Mapping[str, Mapping[str, Any]]) -> str:
    """SQL that gives a server the platform roles of a fresh project's record
    of its major (*records*: major -> ``fresh`` record): each role made if
    missing, then given exactly the recorded attributes and settings, and its
    recorded memberships. A statement that only some majors' records have
    (pgsodium's roles: only where the image has the extension) runs only on a
    server of those majors. Idempotent; run as a superuser, and only on a
    server the run owns (roles are the server's). ``postgres`` is not in it:
    the user's migrations run as that role, as a superuser, and
    :func:`server_role_block` gives it its recorded state after them."""
    majors = sorted(records, key=int)
    have: dict[tuple[int, str, str], set[str]] = {}
    for major in majors:
        for statement in _role_statements(records[major]):
            have.setdefault(statement, set()).add(major)
    lines = [ROLES_BEGIN]
    pending: tuple[frozenset[str], list[str]] | None = None

    def flush() -> None:
        if pending is None:
            return
        only, statements = pending
        listed = ", ".join(sorted(only, key=int))
        lines.append("do $majors$ begin")
        lines.append(f"  if {profile_major_sql(majors)} in ({listed}) then")
        lines.extend(f"    execute $sql${s}$sql$;" for s in statements)
        lines.append("  end if;")
        lines.append("end $majors$;")

    for statement in sorted(have):
        only = frozenset(have[statement])
        text = statement[2]
        if len(only) == len(majors):
            flush()
            pending = None
            lines.append(text)
        elif pending is not None and pending[0] == only:
            pending[1].append(text)
        else:
            flush()
            pending = (only, [text])
    flush()
    lines.append(END)
    return "\n".join(lines) + "\n"


def extensions_sql(extensions: Sequence[Mapping[str, str]]) -> str:
    """SQL that creates each of *extensions* (a ``fresh.extensions`` record:
    name and schema) in its schema where the server has it available
    (idempotent; the others are left out)."""
    return "".join(
        "do $ext$ begin if exists (select from pg_catalog.pg_available_extensions"
        f" where name = {_literal(e['name'])}) then"
        f" create schema if not exists {quote_ident(e['schema'])};"
        f" create extension if not exists {quote_ident(e['name'])}"
        f" with schema {quote_ident(e['schema'])}; end if; end $ext$;\n"
        for e in extensions
    )


def server_role_block(fresh: Mapping[str, Any]) -> str:
    """SQL that gives ``postgres`` the state a fresh project's record (*fresh*)
    has for it, once the user's migrations ran as it (a superuser, as the
    platform's image makes it): its attributes (a fresh project demotes it:
    NOSUPERUSER ...), its recorded settings and memberships. What the migrations
    gave it besides (a setting, a membership) stays, as it would on the
    platform. Empty when the record does not know ``postgres``. Run as another
    superuser (the server's bootstrap one), on a server the run owns."""
    record = next((r for r in fresh.get("roles", ()) if r["role"] == SERVER_ROLE), None)
    if record is None:
        return ""
    name = quote_ident(SERVER_ROLE)
    lines = [f"alter role {name} {_attribute_words(record)};"]
    for s in fresh.get("settings", ()):
        if s["role"] == SERVER_ROLE:
            lines.append(
                f"alter role {name} set {s['name']} = "
                f"{_setting_sql(s['name'], s['value'])};"
            )
    lines.extend(_membership_sql(record))
    return "\n".join(lines) + "\n"

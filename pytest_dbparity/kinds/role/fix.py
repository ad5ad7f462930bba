"""Roles in the fix script: CREATE ROLE (NOLOGIN unless the source's can log in:
its password is set by hand), ALTER ROLE for its attributes, GRANT and REVOKE of
memberships, COMMENT ON ROLE. A role only in the target is never dropped by the
script (roles are cluster-wide: other databases may use it): a note says how to
drop it by hand.
"""

from __future__ import annotations

from psycopg import sql

from pytest_dbparity.core.identifiers import split_name
from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._kinds import KindFix, ObjKey
from pytest_dbparity.fixsql._phases import NOT_RECONCILED, create_phase
from pytest_dbparity.fixsql._plan import Item, Plan
from pytest_dbparity.fixsql._skeleton import reconcile
from pytest_dbparity.fixsql._sql import Sql, compose, ident, join, num, raw
from pytest_dbparity.kinds.role import SPEC, Role

SECTION = create_phase(SPEC)

#: Attribute -> (keyword when true, keyword when false).
_KEYWORDS: dict[str, tuple[str, str]] = {
    "superuser": ("SUPERUSER", "NOSUPERUSER"),
    "inherit": ("INHERIT", "NOINHERIT"),
    "create_role": ("CREATEROLE", "NOCREATEROLE"),
    "create_db": ("CREATEDB", "NOCREATEDB"),
    "login": ("LOGIN", "NOLOGIN"),
    "replication": ("REPLICATION", "NOREPLICATION"),
    "bypass_rls": ("BYPASSRLS", "NOBYPASSRLS"),
}


def _no_parents(obj: Role) -> list[ObjKey]:
    return []


def membership(entry: str) -> tuple[str, tuple[str, ...]]:
    """``"a b" (admin option, no set)`` -> ``("a b", ("admin option", "no set"))``."""
    name, options = entry, ""
    if entry.endswith(")") and " (" in entry:
        name, options = entry[:-1].rsplit(" (", 1)
    try:
        (role,) = split_name(name)
    except ValueError:
        role = name
    return role, tuple(o.strip() for o in options.split(",") if o.strip())


def _options(role: Role, entry: str) -> Sql | None:
    """``WITH ADMIN OPTION`` / ``WITH ADMIN TRUE, INHERIT FALSE, SET FALSE``."""
    _, options = membership(entry)
    if not options:
        return None
    if options == ("admin option",):
        return raw("WITH ADMIN OPTION")  # every version
    words = []
    if "admin option" in options:
        words.append("ADMIN TRUE")
    if "inherit" in options:
        words.append("INHERIT TRUE")
    if "no inherit" in options:
        words.append("INHERIT FALSE")
    if "no set" in options:
        words.append("SET FALSE")
    return raw("WITH " + ", ".join(words))


def _grant(role: Role, entry: str) -> str:
    group, _ = membership(entry)
    statement = sql.SQL("GRANT {} TO {}").format(ident(group), ident(role.name))
    options = _options(role, entry)
    if options is not None:
        statement = sql.SQL("{} {}").format(statement, options)
    return statement.as_string(None)


def _revoke(role: Role, entry: str) -> str:
    group, _ = membership(entry)
    return compose("REVOKE {} FROM {}", ident(group), ident(role.name))


def _attributes(role: Role, names: list[str]) -> Sql:
    words: list[Sql] = [
        raw(_KEYWORDS[n][0 if getattr(role, n) else 1]) for n in names if n in _KEYWORDS
    ]
    if "connection_limit" in names:
        words.append(sql.SQL("CONNECTION LIMIT {}").format(num(role.connection_limit)))
    return join(words, " ")


def _login_note(role: Role) -> list[str]:
    if not role.login:
        return []
    return [
        f"set its password by hand (never read nor written): ALTER ROLE "
        f"{ident(role.name).as_string(None)} PASSWORD '...'"
    ]


def _drop(plan: Plan, item: Item, old: Role) -> None:
    name = ident(old.name).as_string(None)
    plan.add(
        NOT_RECONCILED,
        f"{item.kind} {item.key}",
        None,
        item.findings,
        notes=[
            "by hand, if nothing else in the cluster uses it (roles are "
            "cluster-wide; dropping one is destructive):",
            f"REASSIGN OWNED BY {name} TO <another role>; DROP OWNED BY {name}; "
            f"DROP ROLE {name};",
        ],
    )


def _create(plan: Plan, item: Item, src: Role, old: Role | None) -> None:
    found = plan.cause(item)
    names = [*_KEYWORDS, "connection_limit"]
    statement = compose(
        "CREATE ROLE {} WITH {}", ident(src.name), _attributes(src, names)
    )
    plan.add(SECTION, item.key, statement, found, notes=_login_note(src))
    for entry in src.member_of:
        plan.add(SECTION, item.key, _grant(src, entry), found, sub=1)
    if src.comment is not None:
        plan.set_comment("ROLE", ident(src.name), src.comment, item.key, found)


def _change(plan: Plan, item: Item, src: Role, tgt: Role) -> None:
    names = [n for n in [*_KEYWORDS, "connection_limit"] if n in item.attributes]
    if names:
        found = item.about(*names)
        statement = compose(
            "ALTER ROLE {} WITH {}", ident(src.name), _attributes(src, names)
        )
        notes = _login_note(src) if "login" in names else []
        plan.add(SECTION, item.key, statement, found, notes=notes)
    if found := item.about("member_of"):
        _memberships(plan, item, src, tgt, found)
    if found := item.about("comment"):
        plan.set_comment("ROLE", ident(src.name), src.comment, item.key, found)


def _memberships(
    plan: Plan, item: Item, src: Role, tgt: Role, found: tuple[Finding, ...]
) -> None:
    """REVOKE what the target holds otherwise, then GRANT what it lacks."""
    want, have = set(src.member_of), set(tgt.member_of)
    for entry in sorted(have - want):
        plan.add(SECTION, item.key, _revoke(tgt, entry), found, sub=1)
    for entry in sorted(want - have):
        plan.add(SECTION, item.key, _grant(src, entry), found, sub=2)


def plan_roles(plan: Plan) -> None:
    reconcile(plan, Role, drop=_drop, create=_create, change=_change)


FIX = KindFix(plan=plan_roles, parents=_no_parents, needs_schema=False)

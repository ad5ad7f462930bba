"""Default privileges in the fix script: ``ALTER DEFAULT PRIVILEGES FOR ROLE r
[IN SCHEMA s] GRANT/REVOKE ... ON <type> TO/FROM g``, per grantee.

A side without an entry holds, for a database-wide entry, PostgreSQL's built-in
default (the owner holds every privilege of the type; PUBLIC may execute new
functions and use new types) and, for an entry in a schema, nothing: the script
moves the target's grants from what it holds to what the source holds. An entry
that becomes equal to the default is removed by PostgreSQL itself.
"""

from __future__ import annotations

from collections.abc import Mapping

from psycopg import sql

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.fixsql._kinds import KindFix, ObjKey
from pytest_dbparity.fixsql._phases import create_phase
from pytest_dbparity.fixsql._plan import Item, Plan
from pytest_dbparity.fixsql._skeleton import reconcile
from pytest_dbparity.fixsql._sql import Sql, compose, ident, join, raw
from pytest_dbparity.kinds.default_privilege import SPEC, DefaultPrivilege
from pytest_dbparity.kinds.privilege.fix import parse_privileges

SECTION = create_phase(SPEC)

#: The words after ``ON``, per object type (as the query names them).
_ON: Mapping[str, str] = {
    "tables": "TABLES",
    "sequences": "SEQUENCES",
    "functions": "FUNCTIONS",
    "types": "TYPES",
    "schemas": "SCHEMAS",
    "large objects": "LARGE OBJECTS",
}

#: What the owner of a new object holds by default (``acldefault``), per type.
_OWNER_DEFAULT: Mapping[str, tuple[str, ...]] = {
    "tables": (
        "DELETE",
        "INSERT",
        "REFERENCES",
        "SELECT",
        "TRIGGER",
        "TRUNCATE",
        "UPDATE",
    ),
    "sequences": ("SELECT", "UPDATE", "USAGE"),
    "functions": ("EXECUTE",),
    "types": ("USAGE",),
    "schemas": ("CREATE", "USAGE"),
    "large objects": ("SELECT", "UPDATE"),
}

#: What PUBLIC holds on a new object by default, per type.
_PUBLIC_DEFAULT: Mapping[str, tuple[str, ...]] = {
    "functions": ("EXECUTE",),
    "types": ("USAGE",),
}

Acl = dict[str, dict[str, bool]]


def parents(obj: DefaultPrivilege) -> list[ObjKey]:
    """The schema of an entry given in one: dropping it drops the entry."""
    return [] if obj.schema is None else [("schema", qualify(obj.schema))]


def builtin_default(obj: DefaultPrivilege, server_version_num: int) -> Acl:
    """What new objects grant without a database-wide entry (``acldefault``)."""
    owner = list(_OWNER_DEFAULT.get(obj.object_type, ()))
    if obj.object_type == "tables" and server_version_num >= 170000:
        owner.append("MAINTAIN")
    out: Acl = {obj.role: dict.fromkeys(owner, False)}
    public = _PUBLIC_DEFAULT.get(obj.object_type, ())
    if public:
        out["PUBLIC"] = dict.fromkeys(public, False)
    return out


def acl_of(obj: DefaultPrivilege) -> Acl:
    """The entry's grants: grantee -> privilege -> with grant option."""
    return {grantee: parse_privileges(text) for grantee, text in obj.grants}


def _prefix(obj: DefaultPrivilege) -> Sql:
    if obj.schema is None:
        return sql.SQL("ALTER DEFAULT PRIVILEGES FOR ROLE {}").format(ident(obj.role))
    return sql.SQL("ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {}").format(
        ident(obj.role), ident(obj.schema)
    )


def _grantee(name: str) -> Sql:
    return raw("PUBLIC") if name == "PUBLIC" else ident(name)


def statements(
    obj: DefaultPrivilege,
    grantee: str,
    want: Mapping[str, bool],
    have: Mapping[str, bool],
) -> list[str]:
    """What takes *grantee* from *have* to *want* (privilege -> with grant
    option) in the entry *obj* names."""
    revoke = sorted(k for k in have if k not in want)
    revoke_option = sorted(k for k in have if have[k] and k in want and not want[k])
    plain = sorted(k for k in want if not want[k] and k not in have)
    option = sorted(k for k in want if want[k] and not have.get(k, False))
    prefix, on, who = _prefix(obj), raw(_ON[obj.object_type]), _grantee(grantee)

    def names(privileges: list[str]) -> Sql:
        return join(raw(p) for p in privileges)

    out = []
    if revoke:
        out.append(
            compose("{} REVOKE {} ON {} FROM {}", prefix, names(revoke), on, who)
        )
    if revoke_option:
        out.append(
            compose(
                "{} REVOKE GRANT OPTION FOR {} ON {} FROM {}",
                prefix,
                names(revoke_option),
                on,
                who,
            )
        )
    if plain:
        out.append(compose("{} GRANT {} ON {} TO {}", prefix, names(plain), on, who))
    if option:
        out.append(
            compose(
                "{} GRANT {} ON {} TO {} WITH GRANT OPTION",
                prefix,
                names(option),
                on,
                who,
            )
        )
    return out


def _absent(plan: Plan, obj: DefaultPrivilege) -> Acl:
    """What the target grants where it has no entry like *obj*."""
    if obj.schema is not None:
        return {}
    return builtin_default(obj, plan.target_env.server_version_num)


def _align(
    plan: Plan,
    item: Item,
    entry: DefaultPrivilege,
    want: Acl,
    have: Acl,
    only: set[str] | None = None,
) -> None:
    """Statements for every grantee (of *only*, if given) whose grants differ,
    each with its findings (the object's own when it is missing on one side)."""
    if entry.object_type not in _ON:
        plan.not_reconciled(item, f"unknown object type {entry.object_type!r}")
        return
    planned = False
    for grantee in sorted(want.keys() | have.keys()):
        wanted, held = want.get(grantee, {}), have.get(grantee, {})
        if wanted == held or (only is not None and grantee not in only):
            continue
        found = item.about(f"grants[{grantee}]") or plan.cause(item)
        for statement in statements(entry, grantee, wanted, held):
            plan.add(SECTION, item.key, statement, found)
            planned = True
    if not planned and item.findings:
        plan.add(
            SECTION,
            item.key,
            None,
            item.findings,
            notes=["nothing to do: the target's built-in default grants the same"],
        )


def _drop(plan: Plan, item: Item, old: DefaultPrivilege) -> None:
    _align(plan, item, old, _absent(plan, old), acl_of(old))


def _create(
    plan: Plan, item: Item, src: DefaultPrivilege, old: DefaultPrivilege | None
) -> None:
    # *old*, if any, went with its schema: the target holds no entry then.
    _align(plan, item, src, acl_of(src), _absent(plan, src))


def _change(
    plan: Plan, item: Item, src: DefaultPrivilege, tgt: DefaultPrivilege
) -> None:
    grantees = {
        f.attribute[len("grants[") : -1]
        for f in item.about("grants[")
        if f.attribute is not None
    }
    _align(plan, item, src, acl_of(src), acl_of(tgt), grantees)


def plan_default_privileges(plan: Plan) -> None:
    reconcile(plan, DefaultPrivilege, drop=_drop, create=_create, change=_change)


FIX = KindFix(plan=plan_default_privileges, parents=parents)

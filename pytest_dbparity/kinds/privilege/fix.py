"""Privileges in the fix script: GRANT and REVOKE per grantee."""

from __future__ import annotations

import re
from collections.abc import Mapping

from psycopg import sql

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._kinds import KindFix, ObjKey, relation_parents
from pytest_dbparity.fixsql._phases import create_phase
from pytest_dbparity.fixsql._plan import Item, Plan
from pytest_dbparity.fixsql._skeleton import reconcile
from pytest_dbparity.fixsql._sql import Sql, compose, ident, join, raw
from pytest_dbparity.kinds.aggregate import Aggregate
from pytest_dbparity.kinds.default_privilege import DefaultPrivilege
from pytest_dbparity.kinds.function import Function
from pytest_dbparity.kinds.privilege import SPEC, Privilege
from pytest_dbparity.kinds.schema import Schema
from pytest_dbparity.kinds.table import Table
from pytest_dbparity.kinds.view import View

SECTION = create_phase(SPEC)

#: Object types granted on ``ON FUNCTION``/``ON PROCEDURE`` with an argument list.
_ROUTINES = ("function", "procedure", "aggregate")


def relation(obj: Privilege) -> tuple[str, str] | None:
    """The table or view the grants are on (or on a column of)."""
    if obj.schema is None or obj.object_type in (*_ROUTINES, "sequence"):
        return None
    return (obj.schema, obj.name)


def parents(obj: Privilege) -> list[ObjKey]:
    """The object the grants are on, its table or view, and its column."""
    parent = obj.parent
    assert parent is not None
    out = [parent, *relation_parents(obj)]
    if obj.column is not None:
        assert obj.schema is not None
        out.append(("column", qualify(obj.schema, obj.name, obj.column)))
    return out


def columns(obj: Privilege) -> list[ObjKey]:
    """The column the grants are on, if any."""
    if obj.column is None:
        return []
    assert obj.schema is not None
    return [("column", qualify(obj.schema, obj.name, obj.column))]


_PRIVILEGE = re.compile(r"[A-Z]+(?: [A-Z]+)*")


def parse_privileges(text: str | None) -> dict[str, bool]:
    """``"INSERT, SELECT*"`` to ``{"INSERT": False, "SELECT": True}`` (True: WITH
    GRANT OPTION). Anything that is not a privilege keyword is left out."""
    out: dict[str, bool] = {}
    for part in (text or "").split(","):
        word = part.strip()
        option = word.endswith("*")
        word = word.rstrip("*").strip()
        if _PRIVILEGE.fullmatch(word):
            out[word] = option
    return out


_ON: Mapping[str, str] = {
    "schema": "SCHEMA",
    "sequence": "SEQUENCE",
    "function": "FUNCTION",
    "procedure": "PROCEDURE",
    "aggregate": "FUNCTION",  # GRANT has no AGGREGATE: an aggregate is a function
}


def _object(p: Privilege) -> Sql:
    """``SCHEMA s``, ``TABLE s.t``, ``FUNCTION s.f(int)``... for GRANT/REVOKE."""
    keyword = raw(_ON.get(p.object_type, "TABLE"))
    if p.schema is None:
        return sql.SQL("{} {}").format(keyword, ident(p.name))
    name: Sql = ident(p.schema, p.name)
    if p.object_type in _ROUTINES:
        arguments = p.grant_arguments if p.grant_arguments is not None else p.arguments
        name = sql.SQL("{}({})").format(name, raw(arguments or ""))
    return sql.SQL("{} {}").format(keyword, name)


def _privileges(p: Privilege, names: list[str]) -> Sql:
    if p.column is None:
        return join(raw(n) for n in names)
    return join(sql.SQL("{} ({})").format(raw(n), ident(p.column)) for n in names)


def _grantee(name: str) -> Sql:
    return raw("PUBLIC") if name == "PUBLIC" else ident(name)


def grant_statements(
    p: Privilege,
    grantee: str,
    want: Mapping[str, bool],
    have: Mapping[str, bool],
    maybe: Mapping[str, bool] | None = None,
) -> list[str]:
    """REVOKE and GRANT statements that take *grantee* from *have* to *want*
    (privilege -> with grant option).

    *maybe* (default: *have*) is what the grantee may hold: more is revoked from
    it, while only what is missing from *have* is granted.
    """
    maybe = have if maybe is None else maybe
    revoke = sorted(k for k in maybe if k not in want)
    revoke_option = sorted(k for k in maybe if maybe[k] and k in want and not want[k])
    plain = sorted(k for k in want if not want[k] and k not in have)
    option = sorted(k for k in want if want[k] and not have.get(k, False))
    target, who = _object(p), _grantee(grantee)
    out = []
    if revoke:
        out.append(
            compose("REVOKE {} ON {} FROM {}", _privileges(p, revoke), target, who)
        )
    if revoke_option:
        out.append(
            compose(
                "REVOKE GRANT OPTION FOR {} ON {} FROM {}",
                _privileges(p, revoke_option),
                target,
                who,
            )
        )
    if plain:
        out.append(compose("GRANT {} ON {} TO {}", _privileges(p, plain), target, who))
    if option:
        out.append(
            compose(
                "GRANT {} ON {} TO {} WITH GRANT OPTION",
                _privileges(p, option),
                target,
                who,
            )
        )
    return out


def _owner(plan: Plan, p: Privilege) -> str | None:
    """The source owner of the object *p* is about, when the catalog says."""
    if p.schema is None:
        keys = [("schema", qualify(p.name))]
    elif p.object_type in ("function", "procedure"):
        keys = [("function", p.key)]
    elif p.object_type == "aggregate":
        keys = [("aggregate", p.key)]
    else:
        relation = qualify(p.schema, p.name)
        keys = [("table", relation), ("view", relation)]
    for key in keys:
        item = plan.src_index.get(key)
        obj = None if item is None else item.src
        if isinstance(obj, (Schema, Table, View, Function, Aggregate)):
            return obj.owner
    return None


def _identity_sequence(plan: Plan, p: Privilege) -> bool:
    """Whether *p* is about a sequence dbparity compares only through its
    identity column (the sequences of identity columns are not a kind)."""
    if p.object_type != "sequence" or "sequence" not in plan.items:
        return False
    key = ("sequence", p.key)
    return key not in plan.src_index and key not in plan.tgt_index


#: Privilege object types -> the object type of default privileges (``ON ...``).
_DEFAULT_TYPE: Mapping[str, str] = {
    "schema": "schemas",
    "table": "tables",
    "view": "tables",
    "materialized view": "tables",
    "foreign table": "tables",
    "sequence": "sequences",
    "function": "functions",
    "procedure": "functions",
    "aggregate": "functions",
}


def _default_entries(plan: Plan, p: Privilege) -> list[DefaultPrivilege]:
    """The default privileges, of either side, that may apply to the object *p*
    is about when the script creates it: for its object type, in its schema or
    database-wide. Either side's: the script reconciles default privileges too,
    so an object may be created under the target's or the source's."""
    object_type = _DEFAULT_TYPE.get(p.object_type)
    out = []
    for item in plan.items.get("default_privilege", ()):
        for entry in (item.src, item.tgt):
            if (
                isinstance(entry, DefaultPrivilege)
                and entry.object_type == object_type
                and entry.schema in (None, p.schema)
            ):
                out.append(entry)
    return out


def _default_grants(
    p: Privilege, entries: list[DefaultPrivilege]
) -> dict[str, dict[str, bool]]:
    """What a new object may grant besides its owner's rights: PUBLIC's EXECUTE
    on a routine (PostgreSQL's built-in default), and what default privileges
    (*entries*) give. The role that runs the script is not known, so the entries
    of every role count (not a role's own rights on what it creates: the owner
    is dealt with apart). Counting more than the object gets is harmless: it is
    only revoked where the source does not grant it."""
    maybe: dict[str, dict[str, bool]] = {}
    if p.object_type in _ROUTINES:
        maybe["PUBLIC"] = {"EXECUTE": False}
    for entry in entries:
        for grantee, text in entry.grants:
            if grantee == entry.role:
                continue
            held = maybe.setdefault(grantee, {})
            for name, option in parse_privileges(text).items():
                held[name] = held.get(name, False) or option
    return maybe


def _owner_may_lack(
    owner: str | None, want: Mapping[str, bool], entries: list[DefaultPrivilege]
) -> bool:
    """Whether a database-wide default privilege of *owner* leaves out some of
    the rights the owner should hold (``ALTER DEFAULT PRIVILEGES REVOKE ... FROM``
    the role itself): then they are granted to it explicitly."""
    for entry in entries:
        if entry.schema is None and entry.role == owner:
            held = parse_privileges(dict(entry.grants).get(owner))
            if any(name not in held for name in want):
                return True
    return False


def _drop(plan: Plan, item: Item, old: Privilege) -> None:
    if _identity_sequence(plan, old):
        plan.add(
            SECTION,
            item.key,
            None,
            item.findings,
            notes=[
                "nothing to do: the sequence of an identity column (compared "
                "with its column) goes with the column's identity or table"
            ],
        )
        return
    if old.object_type != "column":
        plan.not_reconciled(item, "follows from its object, left as it is")
        return
    # The column stays; the source grants nothing on it.
    statements = [
        s
        for grantee, text in sorted(old.grants)
        for s in grant_statements(old, grantee, {}, parse_privileges(text))
    ]
    _add_all(plan, item, statements, item.findings)


def _change(plan: Plan, item: Item, src: Privilege, tgt: Privilege) -> None:
    for finding in item.about("grants["):
        assert finding.attribute is not None
        grantee = finding.attribute[len("grants[") : -1]
        statements = grant_statements(
            src,
            grantee,
            parse_privileges(dict(src.grants).get(grantee)),
            parse_privileges(dict(tgt.grants).get(grantee)),
        )
        _add_all(plan, item, statements, (finding,))


def _create(plan: Plan, item: Item, src: Privilege, old: Privilege | None) -> None:
    """A new (or re-created) object: grant what the source grants, revoke what
    the new object may hold beyond it."""
    entries = _default_entries(plan, src) if src.column is None else []
    maybe = _default_grants(src, entries) if src.column is None else {}
    for grantee, text in old.grants if old is not None else ():
        held = maybe.setdefault(grantee, {})
        for name, option in parse_privileges(text).items():
            held[name] = held.get(name, False) or option
    want = {g: parse_privileges(text) for g, text in src.grants}
    owner = _owner(plan, src)
    statements = []
    for grantee in sorted(want.keys() | maybe.keys()):
        wanted = want.get(grantee, {})
        have = (
            wanted
            if grantee == owner and not _owner_may_lack(owner, wanted, entries)
            else {}
        )
        statements += grant_statements(
            src, grantee, wanted, have, maybe.get(grantee, {})
        )
    if statements and _identity_sequence(plan, src):
        notes = [
            "the sequence of an identity column: PostgreSQL names it when the "
            "identity is added (table_column_seq); fails if the name differs"
        ]
        for statement in statements:
            plan.add(SECTION, item.key, statement, plan.cause(item), notes=notes)
    elif statements:
        _add_all(plan, item, statements, plan.cause(item))
    elif item.findings:
        plan.add(
            SECTION,
            item.key,
            None,
            item.findings,
            notes=["nothing to do: the new object's owner holds these rights"],
        )


def plan_privileges(plan: Plan) -> None:
    reconcile(plan, Privilege, drop=_drop, create=_create, change=_change)


def _add_all(
    plan: Plan, item: Item, statements: list[str], findings: tuple[Finding, ...]
) -> None:
    for statement in statements:
        plan.add(SECTION, item.key, statement, findings)


FIX = KindFix(
    plan=plan_privileges,
    relation=relation,
    parents=parents,
    columns=columns,
    needs_schema=False,
)

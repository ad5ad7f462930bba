"""Settings in the fix script: ``ALTER DATABASE ... SET`` / ``RESET``, ``ALTER
ROLE r [IN DATABASE ...] SET`` / ``RESET``.

The database's own settings and a role's settings in it are set on the database
the script runs on (its name read with ``current_database()`` when the script
runs, so a copy or a renamed target is set, never another database). A
secret-looking setting's value is never written: a note asks to set it by hand.
"""

from __future__ import annotations

from psycopg import sql

from pytest_dbparity.core.secrets import is_hidden
from pytest_dbparity.findings import Finding
from pytest_dbparity.fixsql._kinds import KindFix
from pytest_dbparity.fixsql._phases import NOT_RECONCILED, create_phase
from pytest_dbparity.fixsql._plan import Item, Plan
from pytest_dbparity.fixsql._skeleton import reconcile
from pytest_dbparity.fixsql._sql import Sql, compose, ident, join, lit
from pytest_dbparity.kinds.setting import SPEC, Setting

SECTION = create_phase(SPEC)

#: Settings whose value is a list the server stores quoted (pg_dump's list):
#: each element is written as a literal of its own.
LIST_SETTINGS = frozenset(
    {
        "local_preload_libraries",
        "search_path",
        "session_preload_libraries",
        "shared_preload_libraries",
        "temp_tablespaces",
        "unix_socket_directories",
    }
)


def split_list(text: str) -> list[str]:
    """The elements of a stored list value (``"$user", public``): separated by
    commas, each one trimmed, double quotes removed (``""`` is one quote)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i].isspace():
            i += 1
        if i < n and text[i] == '"':
            i += 1
            chars: list[str] = []
            while i < n:
                if text[i] == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        chars.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                chars.append(text[i])
                i += 1
            item = "".join(chars)
            while i < n and text[i] != ",":
                i += 1
        else:
            start = i
            while i < n and text[i] != ",":
                i += 1
            item = text[start:i].strip()
        out.append(item)
        i += 1  # the comma
    return out


def _name(setting: str) -> Sql:
    return ident(*setting.split("."))


def _value(setting: str, value: str) -> Sql:
    if setting.lower() in LIST_SETTINGS:
        items = split_list(value)
        if items:
            return join(lit(v) for v in items)
    return lit(value)


def _statement(obj: Setting, tail: Sql) -> str:
    """``ALTER ROLE r <tail>`` for a role in every database; else ``ALTER
    DATABASE`` or ``ALTER ROLE r IN DATABASE`` on the database the script runs
    on, its name given by ``format('%I', current_database())`` when it runs."""
    if obj.role is not None and not obj.in_database:
        return compose("ALTER ROLE {} {}", ident(obj.role), tail)
    if obj.role is None:
        head = "ALTER DATABASE "
    else:
        head = compose("ALTER ROLE {} IN DATABASE ", ident(obj.role))
    rest = " " + tail.as_string(None)
    # format(): every % but the one placeholder is literal text.
    template = head.replace("%", "%%") + "%I" + rest.replace("%", "%%")
    tag = "dbparity"
    while f"${tag}$" in template:
        tag += "_"
    return (
        f"DO ${tag}$ BEGIN EXECUTE format({lit(template).as_string(None)}, "
        f"current_database()); END ${tag}$"
    )


def _by_hand(plan: Plan, obj: Setting, name: str) -> str:
    """The statement to run by hand, its value left out."""
    db = ident(plan.target_env.dbname or "<database>").as_string(None)
    if obj.role is None:
        head = f"ALTER DATABASE {db}"
    elif obj.in_database:
        head = f"ALTER ROLE {ident(obj.role).as_string(None)} IN DATABASE {db}"
    else:
        head = f"ALTER ROLE {ident(obj.role).as_string(None)}"
    return f"{head} SET {_name(name).as_string(None)} TO '...'"


def _where(obj: Setting, plan: Plan) -> list[str]:
    if obj.role is not None and not obj.in_database:
        return []
    db = plan.target_env.dbname
    named = f" ({plan.target_letter}'s is {db})" if db else ""
    return [f"on the database this script runs on{named}"]


def _set(
    plan: Plan, item: Item, src: Setting, name: str, found: tuple[Finding, ...]
) -> None:
    value = dict(src.settings)[name]
    if is_hidden(value):
        plan.add(
            NOT_RECONCILED,
            f"{item.kind} {item.key}",
            None,
            found,
            notes=[f"set by hand (value hidden): {_by_hand(plan, src, name)}"],
        )
        return
    tail = sql.SQL("SET {} TO {}").format(_name(name), _value(name, value))
    plan.add(SECTION, item.key, _statement(src, tail), found, notes=_where(src, plan))


def _reset(
    plan: Plan, item: Item, obj: Setting, name: str, found: tuple[Finding, ...]
) -> None:
    tail = sql.SQL("RESET {}").format(_name(name))
    plan.add(SECTION, item.key, _statement(obj, tail), found, notes=_where(obj, plan))


def _drop(plan: Plan, item: Item, old: Setting) -> None:
    statement = _statement(old, sql.SQL("RESET ALL"))
    plan.add(SECTION, item.key, statement, item.findings, notes=_where(old, plan))


def _create(plan: Plan, item: Item, src: Setting, old: Setting | None) -> None:
    have = dict(old.settings) if old is not None else {}
    found = plan.cause(item)
    for name, value in src.settings:
        if have.get(name) != value:
            _set(plan, item, src, name, found)
    for name in sorted(set(have) - {n for n, _ in src.settings}):
        _reset(plan, item, src, name, found)


def _change(plan: Plan, item: Item, src: Setting, tgt: Setting) -> None:
    want = dict(src.settings)
    for finding in item.about("settings["):
        assert finding.attribute is not None
        name = finding.attribute[len("settings[") : -1]
        if name in want:
            _set(plan, item, src, name, (finding,))
        else:
            _reset(plan, item, tgt, name, (finding,))


def plan_settings(plan: Plan) -> None:
    reconcile(plan, Setting, drop=_drop, create=_create, change=_change)


FIX = KindFix(plan=plan_settings, needs_schema=False)

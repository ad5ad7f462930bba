"""Reading a catalog from a real server: the queries, the read-only session, the
timeouts, connection errors and a reader that is not a superuser."""

from __future__ import annotations

import concurrent.futures
import hashlib
import re
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.rows import dict_row
from psycopg.sql import SQL, Identifier

from pytest_dbparity.catalog import Catalog, introspect
from pytest_dbparity.catalog.introspect import ReadOptions, connect, read_catalog
from pytest_dbparity.catalog.queries import load_query, query_names
from pytest_dbparity.config import DEFAULT_EXCLUDED_SCHEMAS, DEFAULT_MIGRATIONS_TABLE
from pytest_dbparity.core.identifiers import quote_ident
from pytest_dbparity.core.objects import CatalogObject, from_row
from pytest_dbparity.environments import Environment
from pytest_dbparity.errors import CatalogQueryError, ConnectError
from pytest_dbparity.findings import compare, compared_objects
from pytest_dbparity.kinds.column import Column
from pytest_dbparity.kinds.migration import Migration
from pytest_dbparity.kinds.names import KINDS
from pytest_dbparity.kinds.registry import MODEL_BY_KIND, REGISTRY
from pytest_dbparity.kinds.row_count import RowCount
from tests.fix_db import PgServer

CASES_DIR = Path(__file__).parent / "cases"
MIGRATIONS = "supabase_migrations.schema_migrations"
OPTIONS = ReadOptions(
    kinds=KINDS, exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS, migrations_table=MIGRATIONS
)
#: Every query file the server runs directly: the engine's own (by name) and each
#: kind's (``kind/file``, every server version) -> (its text, its kind or None).
QUERIES: dict[str, tuple[str, str | None]] = {
    name: (load_query(name), None) for name in query_names()
}
for _spec in REGISTRY:
    for _file in _spec.query_files():
        QUERIES[f"{_spec.name}/{_file}"] = (_spec.sql_file(_file), _spec.name)

#: What each query returns on a database just created from template1.
EMPTY_DATABASE: dict[str, list[dict[str, Any]]] = {
    "schemas": [
        {
            "name": "public",
            "owner": "pg_database_owner",
            "comment": "standard public schema",
        }
    ],
    "extensions": [
        {
            "name": "plpgsql",
            "version": "1.0",
            "schema": "pg_catalog",
            "default_version": "1.0",
        }
    ],
    "privileges": [
        {
            "object_type": "schema",
            "schema": None,
            "name": "public",
            "column": None,
            "arguments": None,
            "grant_arguments": None,
            "grants": [["PUBLIC", "USAGE"], ["pg_database_owner", "CREATE, USAGE"]],
        }
    ],
}


def env_for(dsn: str, label: str = "Test Env") -> Environment:
    return Environment(name="testenv", label=label, dsn=dsn)


T = TypeVar("T", bound=CatalogObject)


def objects_of(catalog: Catalog, model: type[T]) -> dict[str, T]:
    """The objects of *model*'s kind in *catalog*, typed as *model*."""
    found: dict[str, T] = {}
    for key, obj in catalog.of(model.kind).items():
        assert isinstance(obj, model), obj
        found[key] = obj
    return found


@pytest.fixture
def empty_dsn(make_db: Callable[[str], str]) -> str:
    return make_db("")


# ------------------------------------------------------------------ the queries


@pytest.mark.parametrize("name", sorted(QUERIES), ids=str)
@pytest.mark.parametrize("include", [None, ["public"]], ids=["all", "include_public"])
def test_query_runs_on_an_empty_database(
    name: str, include: list[str] | None, empty_dsn: str
) -> None:
    params = introspect.query_params(DEFAULT_EXCLUDED_SCHEMAS, include)
    with (
        connect(env_for(empty_dsn), connect_timeout=5) as conn,
        conn.cursor(row_factory=dict_row) as cur,
    ):
        introspect._pin_session(cur, 10)
        text, kind = QUERIES[name]
        newer = re.search(r"\.pg(\d+)\.sql$", name)
        if newer and int(newer[1]) > conn.info.server_version // 10000:
            pytest.skip(f"{name} is for PostgreSQL {newer[1]} and newer")
        cur.execute("select current_user as me")
        me = cur.fetchone()
        assert me is not None
        if name == "row_versions":  # checked against this transaction's snapshot
            cur.execute("select pg_current_snapshot()::text as s")
            row = cur.fetchone()
            assert row is not None
            params = {**params, "snapshot": row["s"]}
        cur.execute(text, params)
        rows = cur.fetchall()
    if name == "row_versions":  # nothing written after its own snapshot
        assert rows == [{"changed": 0}]
        return
    if name == "lock_budget":  # the server's settings, nothing to deparse
        assert len(rows) == 1
        assert rows[0]["lock_slots"] >= 64 * 5
        assert rows[0]["deparsed"] == 0
        return
    if kind == "role":  # every role of the cluster; the owner is referred to
        assert [r["name"] for r in rows if r["referenced"]] == [me["me"]]
    else:
        assert rows == EMPTY_DATABASE.get(name.split(".")[0].split("/")[-1], [])
    if kind is not None:
        model = MODEL_BY_KIND[kind]
        for row in rows:
            # The oid column serves batched reads; the reader drops it.
            from_row(model, {k: v for k, v in row.items() if k != "oid"})


def test_column_position_counts_live_columns_only(
    make_db: Callable[[str], str],
) -> None:
    """A column's place among its table's columns (read for the fix script's
    RENAME proposal): a dropped column leaves no gap; never compared."""
    dsn = make_db(
        "create table t (a int, gone int, b text, c int);"
        "alter table t drop column gone;"
        "create table u (c int, b text, a int);"
    )
    columns = objects_of(read_catalog(env_for(dsn), OPTIONS), Column)
    places = {key: col.position for key, col in columns.items()}
    assert places == {
        "public.t.a": 1,
        "public.t.b": 2,
        "public.t.c": 3,
        "public.u.c": 1,
        "public.u.b": 2,
        "public.u.a": 3,
    }
    assert "position" in Column.informational


def test_full_read_of_an_empty_database(empty_dsn: str) -> None:
    catalog = read_catalog(env_for(empty_dsn), OPTIONS)
    assert catalog.kinds == KINDS
    # Roles are cluster-wide: every one is read, only the database's owner is
    # compared (it is referred to).
    assert {k: list(catalog.of(k)) for k in KINDS if catalog.of(k)} == {
        "schema": ["public"],
        "extension": ["plpgsql"],
        "privilege": ["public"],
        "role": list(catalog.of("role")),
    }
    compared, _ = compared_objects("role", catalog.of("role"))
    with psycopg.connect(empty_dsn) as conn:
        owner = conn.execute("select current_user").fetchone()
    assert owner is not None
    assert list(compared) == [owner[0]]
    assert catalog.unchecked == {}
    assert catalog.notes == (f"no migration-history table {MIGRATIONS}",)
    assert catalog.env.label == "Test Env"
    assert catalog.env.server_version_num >= 100000


def test_migrations_template_reads_the_history(make_db: Callable[[str], str]) -> None:
    dsn = make_db(
        "create schema supabase_migrations;"
        " create table supabase_migrations.schema_migrations"
        " (version text primary key, name text, statements text[]);"
        " insert into supabase_migrations.schema_migrations values"
        " ('2', 'second', array['select 2', 'select 3']), ('1', null, null);"
        " create table public.versions_only (version bigint);"
        " insert into public.versions_only values (7);"
        " create table public.no_version (id int);"
    )
    catalog = read_catalog(env_for(dsn), OPTIONS)
    migrations = objects_of(catalog, Migration)
    assert list(migrations) == ["1", "2"]
    assert (migrations["1"].name, migrations["1"].statements_hash) == (None, None)
    assert migrations["2"].name == "second"
    joined = hashlib.md5(b"select 2\nselect 3").hexdigest()
    assert migrations["2"].statements_hash == joined
    assert catalog.notes == ()

    def read_history(table: str) -> Catalog:
        options = ReadOptions(
            kinds=["migration"],
            exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS,
            migrations_table=table,
        )
        return read_catalog(env_for(dsn), options)

    # Only a version column (and no schema: public): name and hash stay empty.
    versions_only = read_history("versions_only")
    assert [
        (m.key, m.name, m.statements_hash)
        for m in objects_of(versions_only, Migration).values()
    ] == [("7", None, None)]
    no_version = read_history("public.no_version")
    assert no_version.of("migration") == {}
    assert no_version.notes == (
        "migration-history table public.no_version has no 'version' column",
    )
    assert read_history("public.nowhere").notes == (
        "no migration-history table public.nowhere",
    )


def test_migrations_table_with_quoted_dotted_names(
    make_db: Callable[[str], str],
) -> None:
    dsn = make_db(
        'create schema "Ops";'
        ' create table "Ops"."schema.migrations" (version text, name text);'
        """ insert into "Ops"."schema.migrations" values ('20240102', 'two'),"""
        " ('20240101', 'one');"
        # Decoys the quoted name must not be confused with.
        " create schema ops;"
        " create table ops.schema (migrations int);"
        ' create table ops."schema.migrations" (version text);'
        " insert into ops.\"schema.migrations\" values ('decoy');"
    )

    def read_history(table: str) -> Catalog:
        options = ReadOptions(
            kinds=["migration"],
            exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS,
            migrations_table=table,
        )
        return read_catalog(env_for(dsn), options)

    catalog = read_history('"Ops"."schema.migrations"')
    assert catalog.notes == ()
    assert catalog.unreadable == {}
    assert catalog.kinds == ("migration",)
    history = [(m.key, m.name) for m in objects_of(catalog, Migration).values()]
    assert history == [
        ("20240101", "one"),
        ("20240102", "two"),
    ]
    # Unquoted, the same text folds to lower case: the other table.
    folded = read_history('Ops."schema.migrations"')
    assert list(folded.of("migration")) == ["decoy"]


def test_partitioned_tables_have_row_counts(make_db: Callable[[str], str]) -> None:
    dsn = make_db(
        "create table events (id int, at date) partition by range (at);"
        " create table events_2024 partition of events"
        " for values from ('2024-01-01') to ('2025-01-01');"
        " create table plain (id int);"
    )
    options = ReadOptions(
        kinds=["row_count"],
        exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS,
        exact_counts=("public.events",),
    )
    counts = objects_of(read_catalog(env_for(dsn), options), RowCount)
    assert sorted(counts) == ["public.events", "public.events_2024", "public.plain"]
    assert counts["public.events"].exact is True


# ------------------------------------------------------------ the session


@pytest.fixture
def plugin_conn(make_db: Callable[[str], str]) -> Iterator[psycopg.Connection[Any]]:
    dsn = make_db("create table existing (id int); insert into existing values (1);")
    with connect(env_for(dsn), connect_timeout=5) as conn:
        yield conn


@pytest.mark.parametrize(
    "statement",
    [
        "create table created (id int)",
        "insert into existing values (2)",
        "create temp table scratch (id int)",
    ],
    ids=["create_table", "insert", "create_temp_table"],
)
def test_plugin_connection_refuses_writes(
    plugin_conn: psycopg.Connection[Any], statement: str
) -> None:
    with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
        plugin_conn.execute(statement)
    plugin_conn.rollback()
    count = plugin_conn.execute("select count(*) from existing").fetchone()
    tables = plugin_conn.execute(
        "select count(*) from pg_class where relname in ('created', 'scratch')"
    ).fetchone()
    assert (count, tables) == ((1,), (0,))


def test_plugin_session_settings(
    plugin_conn: psycopg.Connection[Any], pg_server: PgServer
) -> None:
    with plugin_conn.cursor() as cur:
        introspect._pin_session(cur, 0.75)
        cur.execute(
            "select current_setting('application_name'),"
            " current_setting('transaction_isolation'),"
            " current_setting('transaction_read_only'),"
            " current_setting('search_path'),"
            " current_setting('statement_timeout'),"
            " current_setting('lock_timeout'),"
            " current_setting('jit'),"
            " pg_backend_pid()"
        )
        row = cur.fetchone()
    assert row is not None
    app, isolation, read_only, search_path, timeout, lock_timeout, jit, pid = row
    assert jit == "off"  # compiling catalog queries costs more than running them
    assert app == "pytest-dbparity"
    assert isolation == "repeatable read"
    assert read_only == "on"
    assert search_path == "pg_catalog"
    assert (timeout, lock_timeout) == ("750ms", "750ms")
    with pg_server.connect() as other:
        seen = other.execute(
            "select application_name from pg_stat_activity where pid = %s", (pid,)
        ).fetchone()
    assert seen == ("pytest-dbparity",)
    # The pinning is local to the transaction.
    plugin_conn.rollback()
    after = plugin_conn.execute("select current_setting('search_path')").fetchone()
    assert after is not None
    assert after[0] != "pg_catalog"


def test_statement_timeout_is_reported_not_waited_out(
    make_db: Callable[[str], str],
) -> None:
    dsn = make_db(
        "create table locked (id int primary key default 1 check (id > 0), v text);"
        " create index locked_v on locked (v) where v <> '';"
        " create view locked_view as select id from locked;"
    )
    options = ReadOptions(
        kinds=KINDS, exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS, statement_timeout=0.5
    )
    env = env_for(dsn, label="Blocked Env")
    with psycopg.connect(dsn) as holder:
        holder.execute("lock table locked in access exclusive mode")
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            future = pool.submit(read_catalog, env, options)
            try:
                with pytest.raises(CatalogQueryError) as info:
                    future.result(timeout=20)
            except concurrent.futures.TimeoutError:
                holder.rollback()  # let the read finish, then fail
                pytest.fail("read_catalog kept waiting on the lock")
            # The read failed while the lock was still held: the timeout ended
            # it, not the lock's release.
            holding = holder.info.transaction_status
        holder.rollback()
    assert holding == psycopg.pq.TransactionStatus.INTRANS
    message = str(info.value)
    assert "Blocked Env" in message
    assert "statement timeout" in message
    # Once the lock is gone the same read succeeds.
    assert "public.locked" in read_catalog(env, options).of("table")


# ------------------------------------------------------------ connection errors


def test_unreachable_server_gives_connect_error_without_password() -> None:
    env = env_for("postgresql://postgres:s3cretPW@127.0.0.1:1/postgres", "Prod Env")
    with pytest.raises(ConnectError) as info:
        read_catalog(env, OPTIONS)
    message = str(info.value)
    assert "Prod Env" in message
    assert "127.0.0.1:1" in message
    assert "s3cretPW" not in message
    assert "s3cretPW" not in repr(info.value)


def test_rejected_credentials_give_connect_error_without_password(
    pg_server: PgServer,
) -> None:
    info = conninfo_to_dict(pg_server.admin_dsn)
    dsn = make_conninfo(
        pg_server.admin_dsn, user="no_such_role_dbparity", password="s3cretPW"
    )
    with pytest.raises(ConnectError) as raised:
        read_catalog(env_for(dsn, "Staging Env"), OPTIONS)
    message = str(raised.value)
    assert "Staging Env" in message
    assert "no_such_role_dbparity" in message
    assert "s3cretPW" not in message
    assert str(info.get("dbname") or "postgres") in message


def test_password_echoed_by_libpq_is_scrubbed() -> None:
    # libpq quotes an invalid sslmode back; here it is the password itself.
    dsn = "postgresql://postgres:s3cretPW@127.0.0.1:1/postgres?sslmode=s3cretPW"
    with pytest.raises(ConnectError) as info:
        read_catalog(env_for(dsn, "Echo Env"), OPTIONS)
    message = str(info.value)
    assert "Echo Env" in message
    assert "sslmode" in message
    assert "s3cretPW" not in message


# ------------------------------------------------------------ a plain reader


@pytest.fixture
def reader(pg_server: PgServer) -> Iterator[tuple[str, str]]:
    """A LOGIN role that is no superuser; yields (role, password)."""
    role, password = f"dbparity_reader_{uuid.uuid4().hex[:10]}", uuid.uuid4().hex
    with pg_server.connect() as conn:
        conn.execute(
            SQL("create role {} login password {}").format(Identifier(role), password)
        )
    yield role, password
    with pg_server.connect() as conn:
        conn.execute(SQL("drop role if exists {}").format(Identifier(role)))


def test_non_superuser_reads_the_same_catalog(
    pg_server: PgServer, roles: tuple[str, ...], reader: tuple[str, str]
) -> None:
    role, password = reader
    script = (CASES_DIR / "identical" / "a.sql").read_text("utf-8")
    name = pg_server.create_database(script, prefix="reader")
    try:
        with pg_server.connect(name) as conn:
            conn.execute(
                SQL("grant connect on database {} to {}").format(
                    Identifier(name), Identifier(role)
                )
            )
            conn.execute(
                SQL("grant usage on schema public to {}").format(Identifier(role))
            )
            conn.execute(
                SQL("revoke connect on database {} from public").format(
                    Identifier(name)
                )
            )
            # The case creates supabase_migrations.schema_migrations with two
            # versions. The role may look into its schema, but not select from it.
            conn.execute(
                SQL("grant usage on schema supabase_migrations to {}").format(
                    Identifier(role)
                )
            )
            readable = conn.execute(
                "select has_table_privilege(%s,"
                " 'supabase_migrations.schema_migrations', 'SELECT')",
                (role,),
            ).fetchone()
            is_super = conn.execute(
                "select rolsuper from pg_roles where rolname = %s", (role,)
            ).fetchone()
        assert is_super == (False,)
        assert readable == (False,)
        # The history table exists, but is data the role was not granted.
        options = ReadOptions(
            kinds=KINDS,
            exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS,
            migrations_table=DEFAULT_MIGRATIONS_TABLE,
        )
        admin = read_catalog(env_for(pg_server.dsn(name), "Admin"), options)
        plain_dsn = make_conninfo(pg_server.dsn(name), user=role, password=password)
        plain = read_catalog(env_for(plain_dsn, "Reader"), options)  # no exception
        assert plain.env.user == role
        assert admin.kinds == KINDS
        assert admin.unreadable == {}
        assert list(admin.of("migration")) == ["20240101000000", "20240201000000"]
        assert "migration" in plain.unreadable
        assert DEFAULT_MIGRATIONS_TABLE in plain.unreadable["migration"]
        assert "migration" not in plain.kinds
        assert plain.kinds == tuple(k for k in KINDS if k != "migration")
        assert plain.of("migration") == {}
        assert plain.notes == ()
        # What the role may not see is compared on neither side, either way round.
        assert compare(admin, plain, kinds=KINDS).findings() == []
        assert compare(plain, admin, kinds=KINDS).findings() == []
        for kind in ("table", "column", "constraint", "index", "policy", "function",
                     "trigger", "view", "sequence", "type", "privilege"):  # fmt: skip
            assert plain.count(kind) == admin.count(kind) > 0, kind
    finally:
        pg_server.drop_database(name)


def test_non_superuser_exact_count_of_an_unreadable_table_is_a_note(
    pg_server: PgServer, reader: tuple[str, str]
) -> None:
    role, password = reader
    name = pg_server.create_database(
        "create table secret (id int); insert into secret values (1), (2);"
        " create table open (id int); insert into open values (1);",
        prefix="reader",
    )
    try:
        with pg_server.connect(name) as conn:
            conn.execute(SQL("grant select on open to {}").format(Identifier(role)))
        options = ReadOptions(
            kinds=["row_count"],
            exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS,
            exact_counts=("public.secret", "open"),
        )
        plain_dsn = make_conninfo(pg_server.dsn(name), user=role, password=password)
        plain = read_catalog(env_for(plain_dsn, "Reader"), options)  # no exception
        counts = objects_of(plain, RowCount)
        assert plain.notes == ("exact row count: the role may not read public.secret",)
        assert plain.unreadable == {}
        assert counts["public.open"].rows == 1
        assert counts["public.open"].exact is True
        assert counts["public.secret"].exact is False
        admin = read_catalog(env_for(pg_server.dsn(name), "Admin"), options)
        assert admin.notes == ()
        assert objects_of(admin, RowCount)["public.secret"].rows == 2
    finally:
        pg_server.drop_database(name)


# ------------------------------------------------------------ identifiers


NAMES = [
    "plain", "_x1", "Upper", "with space", "a.b", 'x"y', "Straße", "straße", "1abc",
    "", "user", "select", "name", "int", "left", "between", "abort", "ärger",
]  # fmt: skip


def test_quote_ident_matches_the_server(pg_server: PgServer) -> None:
    with pg_server.connect() as conn:
        keywords = [r[0] for r in conn.execute("select word from pg_get_keywords()")]
        names = NAMES + keywords
        quoted = conn.execute(
            "select array_agg(quote_ident(n) order by i)"
            " from unnest(%s::text[]) with ordinality as t(n, i)",
            (names,),
        ).fetchone()
    assert quoted is not None
    mismatches = [
        (n, q, quote_ident(n))
        for n, q in zip(names, quoted[0], strict=True)
        if quote_ident(n) != q
    ]
    assert mismatches == []

"""Deterministic generator of benchmark catalogs, and the loader of database pairs.

``generate(n, seed)`` returns the SQL of a realistic catalog of *n* tables (several
schemas; 8-12 columns of varied types with defaults; a primary key, 0-2 foreign
keys, 1-3 indexes and a check constraint per table; RLS with 1-2 policies on half
the tables; about one function per table, with overloads, in plpgsql and sql;
triggers on a quarter; a view per ten tables; enums, domains, sequences, grants to
a few roles, contrib extensions, a Supabase migration history) and the SQL of a
drift script that changes about 1% of the objects of every kind.

``ensure_pair(n)`` builds the databases ``dbparity_bench_<n>_a`` (the catalog) and
``dbparity_bench_<n>_b`` (a copy of A, made with ``CREATE DATABASE ... TEMPLATE``,
plus the drift), unless both already exist with the fingerprint of the SQL that
would build them, kept in ``COMMENT ON DATABASE`` and written only once the load
has finished: a rerun reuses them, an interrupted load is redone.

Statements are sent in large multi-statement batches (one simple-query message
and one transaction per batch), small enough for the server's lock table.

Usage::

    python benchmarks/generate.py --sizes 200,2000 [--rebuild] [--seed 7]
    python benchmarks/generate.py --sizes 200 --print catalog   # or: drift
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import psycopg
from psycopg import sql

#: Bump to force a rebuild when the loader (not the SQL) changes.
LOADER_VERSION = "2"  # 2: ANALYZE after each load
DEFAULT_SEED = 20240601
DEFAULT_SERVER = os.environ.get(
    "DBPARITY_BENCH_SERVER", "postgresql://postgres@127.0.0.1:5432/postgres"
)
DB_PREFIX = "dbparity_bench"
FINGERPRINT_TAG = "dbparity-bench fingerprint="

#: Cluster-wide roles the catalog grants to (created when missing, never dropped).
ROLES = ("dbparity_bench_reader", "dbparity_bench_writer", "dbparity_bench_admin")
READER, WRITER, ADMIN = ROLES

SCHEMAS = (
    "public",
    "app",
    "billing",
    "crm",
    "inventory",
    "analytics",
    "ops",
    "audit",
    "content",
    "identity",
    "support",
    "finance",
)
NOUNS = (
    "accounts",
    "orders",
    "invoices",
    "payments",
    "customers",
    "products",
    "shipments",
    "tickets",
    "events",
    "sessions",
    "subscriptions",
    "webhooks",
    "projects",
    "tasks",
    "comments",
    "documents",
    "reviews",
    "campaigns",
    "leads",
    "contacts",
)
LABELS = (
    "draft",
    "pending",
    "active",
    "paused",
    "suspended",
    "closed",
    "archived",
    "failed",
)

#: Extensions in the ``extensions`` schema, at a version below the newest where
#: the drift updates it (pg_trgm and hstore ship several versions).
EXTENSIONS: tuple[tuple[str, str | None], ...] = (
    ("pg_trgm", "1.5"),
    ("hstore", "1.7"),
    ("citext", None),
    ("pgcrypto", None),
    ("uuid-ossp", None),
)
EXTENSION_UPDATES = (("pg_trgm", "1.6"), ("hstore", "1.8"))


@dataclass(frozen=True, slots=True)
class Payload:
    """A column type the generator may use beyond the fixed columns."""

    name: str
    type: str
    default: str | None = None
    not_null: bool = False
    #: Type it may drift to (ALTER COLUMN ... TYPE ... USING col::type).
    drift_type: str | None = None
    #: Default it may drift to.
    drift_default: str | None = None


PAYLOADS = (
    Payload("amount", "numeric(12,2)", "0", True, "numeric(14,4)", "1"),
    Payload("quantity", "integer", "1", True, "bigint", "0"),
    Payload("note", "varchar(200)", None, False, "text", "''"),
    Payload("is_active", "boolean", "true", True, None, "false"),
    Payload("metadata", "jsonb", "'{}'::jsonb", True, None, "'[]'::jsonb"),
    Payload("tags", "text[]", "'{}'::text[]", False, None, "'{misc}'::text[]"),
    Payload("due_on", "date", None, False, "timestamp with time zone", "current_date"),
    Payload("external_ref", "uuid", "gen_random_uuid()", False, "text", None),
    Payload("score", "double precision", None, False, "numeric", "0"),
    Payload("client_ip", "inet", None, False, "text", None),
    Payload("duration", "interval", "'01:00:00'::interval", False, None, "'0'"),
    Payload("email", "extensions.citext", None, False, "text", None),
    Payload("attrs", "extensions.hstore", None, False, None, "''::extensions.hstore"),
    Payload("priority", "smallint", "3", True, "integer", "5"),
    Payload("currency", "char(3)", "'EUR'::bpchar", True, "varchar(3)", "'USD'"),
    Payload("version_no", "bigint", "nextval", True, None, None),
)


@dataclass(slots=True)
class Table:
    schema: str
    name: str
    pk: str  # identity | serial | uuid
    enum: str
    payloads: list[Payload]
    fks: list[tuple[str, str, Table]] = field(default_factory=list)  # con, col, ref
    indexes: list[str] = field(default_factory=list)
    check: str = ""
    rls: bool = False
    policies: list[str] = field(default_factory=list)
    triggers: list[str] = field(default_factory=list)
    functions: list[Function] = field(default_factory=list)
    sequence: str | None = None
    referenced: bool = False  # by a foreign key or a view of another table

    @property
    def qname(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def key_type(self) -> str:
        return "uuid" if self.pk == "uuid" else "bigint"


@dataclass(frozen=True, slots=True)
class Function:
    schema: str
    name: str
    args: str  # identity arguments, for ALTER/DROP FUNCTION
    variant: int
    table: Table
    head: str  # "schema.name(declared arguments)"
    body: str  # everything after the head
    called: bool = False  # another function's body depends on it

    @property
    def signature(self) -> str:
        return f"{self.schema}.{self.name}({self.args})"


@dataclass(frozen=True, slots=True)
class View:
    schema: str
    name: str
    base: Table
    select: str


@dataclass(frozen=True, slots=True)
class Catalog:
    """The SQL of one benchmark pair: the catalog (A), and the drift (B = A + it)."""

    size: int
    seed: int
    batches: tuple[str, ...]
    drift: tuple[str, ...]
    counts: dict[str, int]

    @property
    def fingerprint_a(self) -> str:
        h = hashlib.sha256(f"{LOADER_VERSION}|{self.size}|{self.seed}".encode())
        for batch in self.batches:
            h.update(batch.encode())
        return h.hexdigest()[:24]

    @property
    def fingerprint_b(self) -> str:
        h = hashlib.sha256(self.fingerprint_a.encode())
        for batch in self.drift:
            h.update(batch.encode())
        return h.hexdigest()[:24]

    def script(self, which: str) -> str:
        parts = self.batches if which == "catalog" else self.drift
        return "\n".join(parts)


def _db_settings() -> str:
    """Settings of this database and of a role in it (``ALTER DATABASE`` needs
    the name; ``CREATE DATABASE ... TEMPLATE`` does not copy them, so the drift
    runs this again on B)."""
    return (
        "do $$ begin\n"
        "  execute format('alter database %I set statement_timeout = %L',"
        " current_database(), '30s');\n"
        "  execute format('alter database %I set app.settings.tier = %L',"
        " current_database(), 'bench');\n"
        f"  execute format('alter role {READER} in database %I"
        " set statement_timeout = %L', current_database(), '5s');\n"
        f"  execute format('alter role {WRITER} in database %I"
        " set search_path = %L', current_database(), 'app, public');\n"
        "end $$;"
    )


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _chunks(statements: Sequence[str], size: int) -> Iterator[str]:
    for start in range(0, len(statements), size):
        yield "\n".join(statements[start : start + size])


class _Builder:
    """Generates the catalog, remembering what the drift may change."""

    def __init__(self, n: int, seed: int) -> None:
        self.n = n
        self.rng = random.Random(f"{seed}:{n}")
        n_schemas = min(len(SCHEMAS), max(3, round(n**0.25)))
        self.schemas = SCHEMAS[:n_schemas]
        self.tables: list[Table] = []
        self.views: list[View] = []
        self.enums: dict[str, list[str]] = {}  # qualified name -> labels
        self.enums_of: dict[str, list[str]] = {}  # schema -> qualified enum names
        self.sequences: list[str] = []
        self.sequences_of: dict[str, list[str]] = {}
        self.domains: list[str] = []
        self.migrations = max(20, n // 10)
        self.column_grants: list[tuple[Table, str]] = []
        # The kinds of issue 12 draw from their own generator, so that the draws
        # of the older kinds (and their proportions) stay as they were.
        self.xrng = random.Random(f"{seed}:{n}:kinds12")
        self.publications = [f"bench_pub_{k:02d}" for k in range(max(1, n // 2000))]
        self.rules: list[tuple[Table, str]] = []
        self.statistics: list[str] = []
        self.extras: dict[str, int] = {}

    # ------------------------------------------------------------ the catalog

    def preamble(self) -> list[str]:
        out = [
            "create schema if not exists extensions;",
            "create schema supabase_migrations;",
            "create table supabase_migrations.schema_migrations"
            " (version text primary key, statements text[], name text);",
        ]
        for ext, version in EXTENSIONS:
            v = f" version {_lit(version)}" if version else ""
            out.append(f'create extension "{ext}" with schema extensions{v};')
        for schema in self.schemas:
            if schema != "public":
                out.append(f"create schema {schema};")
            out.append(
                f"comment on schema {schema} is {_lit(f'{schema} objects')};"
                if schema != "public"
                else ""
            )
            enums = []
            for k in range(max(2, self.n // len(self.schemas) // 100)):
                name = f"{schema}.status_{k:03d}"
                labels = self.rng.sample(LABELS, self.rng.randint(3, 6))
                self.enums[name] = labels
                enums.append(name)
                out.append(
                    f"create type {name} as enum ({', '.join(map(_lit, labels))});"
                )
            self.enums_of[schema] = enums
            seqs = []
            for k in range(max(1, self.n // len(self.schemas) // 50)):
                name = f"{schema}.seq_{k:03d}"
                seqs.append(name)
                self.sequences.append(name)
                start = self.rng.choice((1, 1000, 100000))
                out.append(f"create sequence {name} start {start} cache 1;")
            self.sequences_of[schema] = seqs
            out.append(
                f"create domain {schema}.email_address as extensions.citext"
                " check (value ~ '^[^@]+@[^@]+$');"
            )
            out.append(
                f"create domain {schema}.positive_amount as numeric(12,2)"
                " default 0 not null check (value >= 0);"
            )
            out.append(
                f"create type {schema}.money_pair as (amount numeric, currency text);"
            )
            self.domains += [f"{schema}.email_address", f"{schema}.positive_amount"]
            out.append(self._trigger_functions(schema))
        out += self.kinds12_before()
        out.append(
            "insert into supabase_migrations.schema_migrations"
            " (version, statements, name)"
            " select to_char(timestamp '2022-01-01' + g * interval '97 minutes',"
            " 'YYYYMMDDHH24MISS'),"
            " array['create table t' || g || ' (id bigint)',"
            " 'alter table t' || g || ' enable row level security'],"
            f" 'migration_' || g from generate_series(1, {self.migrations}) g;"
        )
        return [s for s in out if s]

    def _trigger_functions(self, schema: str) -> str:
        return (
            f"create function {schema}.set_updated_at() returns trigger"
            " language plpgsql as $$\nbegin\n  new.updated_at := now();\n"
            "  return new;\nend\n$$;\n"
            f"create function {schema}.audit_row() returns trigger"
            " language plpgsql security definer set search_path = '' as $$\n"
            "begin\n  raise debug 'audit % on %', tg_op, tg_table_name;\n"
            "  return coalesce(new, old);\nend\n$$;"
        )

    def table(self, i: int) -> list[str]:
        rng = self.rng
        schema = self.schemas[i % len(self.schemas)]
        name = f"{NOUNS[i % len(NOUNS)]}_{i:05d}"
        pk = rng.choices(("identity", "serial", "uuid"), (6, 2, 2))[0]
        enum = rng.choice(self.enums_of[schema])
        # FKs to earlier tables, some in other schemas.
        n_fks = rng.choice((0, 1, 1, 2)) if self.tables else 0
        refs = rng.sample(self.tables[-400:], min(n_fks, len(self.tables)))
        n_payload = rng.randint(8, 12) - 7 - len(refs)
        pool = [p for p in PAYLOADS if p.name != "version_no"]
        payloads = rng.sample(pool, max(1, n_payload))
        if rng.random() < 0.2:
            payloads.append(PAYLOADS[-1])
        t = Table(schema, name, pk, enum, payloads)
        self.tables.append(t)
        q = t.qname
        cols = {
            "identity": "id bigint generated always as identity primary key",
            "serial": "id bigserial primary key",
            "uuid": "id uuid default gen_random_uuid() primary key",
        }[pk].split(" ", 1)
        lines = [f"  {cols[0]} {cols[1]}"]
        lines.append("  name text not null")
        lines.append(f"  status {enum} not null default {_lit(self.enums[enum][0])}")
        lines.append("  owner_id uuid")
        lines.append("  created_at timestamp with time zone not null default now()")
        lines.append("  updated_at timestamp with time zone not null default now()")
        lines.append("  deleted_at timestamp with time zone")
        for p in payloads:
            default = p.default
            if default == "nextval":
                t.sequence = rng.choice(self.sequences_of[schema])
                default = f"nextval({_lit(t.sequence)}::regclass)"
            col = f"  {p.name} {p.type}"
            if p.not_null:
                col += " not null"
            if default is not None:
                col += f" default {default}"
            lines.append(col)
        for ref in refs:
            col = f"{ref.name}_id"
            con = f"{name}_{col}_fkey"
            action = rng.choice(("", " on delete cascade", " on delete set null"))
            lines.append(f"  {col} {ref.key_type}")
            lines.append(
                f"  constraint {con} foreign key ({col}) references {ref.qname} (id)"
                + action
            )
            t.fks.append((con, col, ref))
            ref.referenced = True
        t.check = f"{name}_name_check"
        limit = rng.choice((120, 200, 255))
        lines.append(
            f"  constraint {t.check} check (char_length(name) between 1 and {limit})"
        )
        out = [f"create table {q} (\n" + ",\n".join(lines) + "\n);"]
        # Indexes: 1-3 of those that apply.
        choices = [
            (f"{name}_created_at_idx", "(created_at desc)"),
            (f"{name}_status_idx", "(status) where deleted_at is null"),
            (f"{name}_name_trgm_idx", "using gin (name extensions.gin_trgm_ops)"),
            (f"{name}_owner_idx", "(owner_id, created_at)"),
        ] + [(f"{name}_{col}_idx", f"({col})") for _, col, _ in t.fks]
        for idx, spec in rng.sample(choices, rng.randint(1, 3)):
            out.append(f"create index {idx} on {q} {spec};")
            t.indexes.append(idx)
        if rng.random() < 0.2:
            out.append(f"comment on table {q} is {_lit(f'{name} records')};")
        if rng.random() < 0.1:
            out.append(f"comment on column {q}.name is 'display name';")
        if rng.random() < 0.5:
            t.rls = True
            out.append(f"alter table {q} enable row level security;")
            if rng.random() < 0.05:
                out.append(f"alter table {q} force row level security;")
            out.append(
                f"create policy {name}_owner_read on {q} for select"
                f" to {READER}, {WRITER}"
                " using (owner_id = (current_setting('app.user_id', true))::uuid);"
            )
            t.policies.append(f"{name}_owner_read")
            if rng.random() < 0.5:
                out.append(
                    f"create policy {name}_admin_all on {q} as permissive for all"
                    f" to {ADMIN} using (true) with check (deleted_at is null);"
                )
                t.policies.append(f"{name}_admin_all")
        out += self._functions(t, i)
        if rng.random() < 0.25:
            trig = f"{name}_set_updated_at"
            out.append(
                f"create trigger {trig} before update on {q}"
                f" for each row execute function {schema}.set_updated_at();"
            )
            t.triggers.append(trig)
            if rng.random() < 0.35:
                trig = f"{name}_audit"
                out.append(
                    f"create trigger {trig} after insert or update or delete on {q}"
                    f" for each row execute function {schema}.audit_row();"
                )
                t.triggers.append(trig)
        if i % 10 == 9:
            out.append(self._view(t))
        if i % 100 == 99:
            out.append(
                f"create materialized view {schema}.{name}_daily as"
                f" select date_trunc('day', created_at) as day, count(*) as n"
                f" from {q} group by 1 with no data;"
            )
        if rng.random() < 0.05:
            out.append(f"grant update (name, owner_id) on {q} to {READER};")
            self.column_grants.append((t, "name"))
        out += self._table_extras(t)
        return out

    def _table_extras(self, t: Table) -> list[str]:
        """The attributes and per-table kinds of issue 12, a few percent each."""
        x, q, name = self.xrng, t.qname, t.name
        out: list[str] = []

        def count(what: str) -> None:
            self.extras[what] = self.extras.get(what, 0) + 1

        if x.random() < 0.05:
            out.append(f"alter table {q} replica identity full;")
            count("replica_identity")
        if x.random() < 0.05:
            out.append(
                f"alter table {q} set (fillfactor = 90,"
                " autovacuum_vacuum_scale_factor = 0.05);"
            )
            count("storage_parameters")
        if x.random() < 0.03:
            out.append(
                f"alter table {q} alter column name set statistics 500,"
                " alter column name set storage external,"
                " alter column name set compression pglz;"
            )
            count("column_storage")
        if x.random() < 0.03:
            stx = f"{name}_stx"
            out.append(
                f"create statistics {t.schema}.{stx} (ndistinct, dependencies)"
                f" on status, owner_id from {q};"
            )
            self.statistics.append(f"{t.schema}.{stx}")
        if x.random() < 0.02:
            rule = f"{name}_keep_archived"
            out.append(
                f"create rule {rule} as on delete to {q}"
                " where old.status is null do instead nothing;"
            )
            self.rules.append((t, rule))
        if x.random() < 0.05:
            pub = x.choice(self.publications)
            member = q
            if x.random() < 0.3:
                member += " (id, name, status, created_at)"
            if x.random() < 0.3:
                member += " where (deleted_at is null)"
            out.append(f"alter publication {pub} add table {member};")
            count("publication_members")
        if x.random() < 0.02:
            out.append(
                f"create foreign table {t.schema}.{name}_remote"
                " (id bigint, name text not null, created_at timestamptz)"
                f" server bench_remote_{x.randrange(self._servers()):02d}"
                f" options (schema_name {_lit(t.schema)}, table_name {_lit(name)});"
            )
            count("foreign_tables")
        for f in t.functions:
            if x.random() < 0.05:
                out.append(f"alter function {f.signature} cost 500;")
                count("function_cost")
        if x.random() < 0.1:
            idx = t.indexes[0]
            out.append(f"comment on index {t.schema}.{idx} is 'for lookups';")
            out.append(f"comment on constraint {t.check} on {q} is 'name length';")
            for pol in t.policies:
                out.append(f"comment on policy {pol} on {q} is 'owner access';")
            for trig in t.triggers:
                out.append(f"comment on trigger {trig} on {q} is 'bookkeeping';")
            for f in t.functions:
                out.append(f"comment on function {f.signature} is 'api';")
            count("comments")
        if x.random() < 0.02:
            out.append(f"alter table {q} owner to {ADMIN};")
            count("owners")
        return out

    def _servers(self) -> int:
        return max(1, self.n // 1000)

    def kinds12_before(self) -> list[str]:
        """What the tables of issue 12's kinds refer to: foreign servers (and
        their user mappings), publications."""
        out: list[str] = [
            "create extension postgres_fdw with schema extensions;",
            "create foreign data wrapper bench_fdw;",
            "comment on foreign data wrapper bench_fdw is 'no handler';",
        ]
        # Foreign servers and user mappings (before the foreign tables).
        for k in range(self._servers()):
            srv = f"bench_remote_{k:02d}"
            out.append(
                f"create server {srv} foreign data wrapper postgres_fdw options"
                f" (host 'replica-{k}.internal', dbname 'app', port '5432');"
            )
            for role in (READER, WRITER):
                out.append(
                    f"create user mapping for {role} server {srv}"
                    f" options (user {_lit(role)}, password 'bench-secret-{k}');"
                )
        out.append(
            "create server bench_files foreign data wrapper bench_fdw"
            " options (path '/srv/files');"
        )
        for pub in self.publications:
            out.append(
                f"create publication {pub} with"
                " (publish = 'insert, update, delete', publish_via_partition_root);"
            )
        return out

    def kinds12(self) -> list[str]:
        """Per-schema and database-wide objects of the kinds added in issue 12,
        in realistic numbers (a few hundred of each at 10,000 tables)."""
        x = self.xrng
        out: list[str] = []
        per = max(1, self.n // 50 // len(self.schemas))
        for s in self.schemas:
            out += [
                f"alter default privileges in schema {s}"
                f" grant select on tables to {READER};",
                f"alter default privileges in schema {s}"
                f" grant select, insert, update, delete on tables to {WRITER};",
                f"alter default privileges in schema {s}"
                f" grant usage on sequences to {WRITER};",
                f"alter default privileges in schema {s}"
                f" grant execute on functions to {WRITER}, {ADMIN};",
                f"alter default privileges for role {ADMIN} in schema {s}"
                f" grant all on tables to {WRITER};",
            ]
            for k in range(per):
                pair = f"{s}.pair_{k:03d}"
                out += [
                    f"create type {pair} as (amount numeric, label text);",
                    f"create function {s}.pair_{k:03d}_eq({pair}, {pair})"
                    " returns boolean language sql immutable strict"
                    " as $$ select $1.amount = $2.amount $$;",
                    f"create operator {s}.=== (leftarg = {pair}, rightarg = {pair},"
                    f" function = {s}.pair_{k:03d}_eq,"
                    f" commutator = operator({s}.===));",
                    f"create cast ({pair} as text) with inout as assignment;",
                    f"comment on cast ({pair} as text) is 'display';",
                    f"create aggregate {s}.sum_{k:03d}(numeric)"
                    " (sfunc = numeric_add, stype = numeric, initcond = '0',"
                    " parallel = safe);",
                    f"create collation {s}.ci_{k:03d} (provider = icu,"
                    " locale = 'und-u-ks-level2', deterministic = false);",
                    f"create text search dictionary {s}.stem_{k:03d}"
                    " (template = snowball, language = english, stopwords = english);",
                    f"create text search configuration {s}.search_{k:03d}"
                    " (copy = pg_catalog.english);",
                    f"alter text search configuration {s}.search_{k:03d}"
                    f" alter mapping for asciiword, word with {s}.stem_{k:03d};",
                ]
                if x.random() < 0.3:
                    out.append(
                        f"comment on aggregate {s}.sum_{k:03d}(numeric) is 'total';"
                    )
        # Views: options on some of them.
        for v in self.views:
            r = x.random()
            if r < 0.5:
                out.append(
                    f"alter view {v.schema}.{v.name} set (security_invoker = true);"
                )
            elif r < 0.6:
                out.append(
                    f"alter view {v.schema}.{v.name} set (security_barrier = true);"
                )
            elif r < 0.7 and not v.base.fks:  # updatable: no join
                out.append(
                    f"alter view {v.schema}.{v.name} set (check_option = local);"
                )
        # Settings per database and per role in this database.
        out.append(_db_settings())
        # Event triggers last: they fire on every later DDL (the drift's too).
        out.append(
            "create function public.bench_ddl_log() returns event_trigger"
            " language plpgsql as $$\nbegin\n  null;\nend\n$$;"
        )
        for k in range(max(1, self.n // 2000)):
            out.append(
                f"create event trigger bench_ddl_{k:02d} on ddl_command_end"
                " when tag in ('CREATE EXTENSION', 'ALTER EXTENSION')"
                " execute function public.bench_ddl_log();"
            )
        return out

    def _functions(self, t: Table, i: int) -> list[str]:
        s, name, q, kt = t.schema, t.name, t.qname, t.key_type
        variant = i % 4
        out: list[str] = []

        def add(
            fname: str, args: str, decl: str, body: str, called: bool = False
        ) -> None:
            head = f"{s}.{fname}({decl})"
            out.append(f"create function {head} {body}")
            t.functions.append(Function(s, fname, args, variant, t, head, body, called))

        overload = self.rng.random() < 0.15
        if variant == 0:
            add(
                f"{name}_by_id",
                kt,
                f"p_id {kt}",
                f"returns {q} language sql stable as $$\n"
                f"  select * from {q} where id = p_id\n$$;",
            )
            if overload:
                add(
                    f"{name}_by_id",
                    f"{kt}, boolean",
                    f"p_id {kt}, p_include_deleted boolean",
                    f"returns {q} language plpgsql stable as $$\n"
                    f"declare\n  r {q};\nbegin\n"
                    f"  select * into r from {q} where id = p_id\n"
                    "    and (p_include_deleted or deleted_at is null);\n"
                    "  return r;\nend\n$$;",
                )
        elif variant == 1:
            add(
                f"{name}_count",
                t.enum,
                f"p_status {t.enum}",
                "returns bigint language plpgsql stable as $$\n"
                "declare\n  n bigint;\nbegin\n"
                f"  select count(*) into n from {q} where status = p_status;\n"
                "  return n;\nend\n$$;",
            )
            if overload:
                add(
                    f"{name}_count",
                    f"{t.enum}, timestamp with time zone",
                    f"p_status {t.enum}, p_since timestamp with time zone",
                    "returns bigint language sql stable strict as $$\n"
                    f"  select count(*) from {q}\n"
                    "  where status = p_status and created_at >= p_since\n$$;",
                )
        elif variant == 2:
            add(
                f"{name}_recent_count",
                "integer",
                "p_days integer default 7",
                "returns bigint language sql stable parallel safe\nbegin atomic\n"
                f"  select count(*) from {q}\n"
                "  where created_at > now() - make_interval(days => p_days);\nend;",
                overload,
            )
            if overload:
                add(
                    f"{name}_recent_count",
                    "",
                    "",
                    "returns bigint language sql stable parallel safe\n"
                    f"return {s}.{name}_recent_count(7);",
                )
        else:
            add(
                f"{name}_archive",
                kt,
                f"p_id {kt}",
                "returns void language plpgsql security definer"
                " set search_path = '' as $$\nbegin\n"
                f"  update {q} set deleted_at = now() where id = p_id;\nend\n$$;",
            )
            if overload:
                add(
                    f"{name}_archive",
                    f"{kt}[]",
                    f"p_ids {kt}[]",
                    "returns integer language plpgsql security definer"
                    " set search_path = '' as $$\ndeclare\n  n integer;\nbegin\n"
                    f"  update {q} set deleted_at = now() where id = any(p_ids);\n"
                    "  get diagnostics n = row_count;\n  return n;\nend\n$$;",
                )
        return out

    def _view(self, t: Table) -> str:
        select = f"select t.id, t.name, t.status, t.created_at from {t.qname} t"
        if t.fks:
            _, col, ref = t.fks[0]
            ref.referenced = True
            select = (
                f"select t.id, t.name, t.status, t.created_at, r.name as {ref.name}"
                f" from {t.qname} t left join {ref.qname} r on r.id = t.{col}"
            )
        select += " where t.deleted_at is null"
        view = View(t.schema, f"{t.name}_v", t, select)
        self.views.append(view)
        t.referenced = True
        return f"create view {view.schema}.{view.name} as {select};"

    def grants(self) -> list[str]:
        out = []
        for s in self.schemas:
            out += [
                f"grant usage on schema {s} to {READER}, {WRITER}, {ADMIN};",
                f"grant select on all tables in schema {s} to {READER};",
                f"grant select, insert, update, delete on all tables in schema {s}"
                f" to {WRITER};",
                f"grant all on all tables in schema {s} to {ADMIN};",
                f"grant usage on all sequences in schema {s} to {WRITER};",
                f"revoke execute on all functions in schema {s} from public;",
                f"grant execute on all functions in schema {s} to {WRITER}, {ADMIN};",
            ]
        return out

    # ------------------------------------------------------------ the drift

    def drift(self) -> list[str]:
        rng = random.Random(f"drift:{self.n}")
        out: list[str] = [_db_settings()]  # not copied by CREATE DATABASE TEMPLATE
        tables = list(self.tables)
        rng.shuffle(tables)
        used: set[str] = set()

        def take(pool: Iterable[Table], k: int) -> list[Table]:
            got: list[Table] = []
            for t in pool:
                if len(got) == k:
                    break
                if t.qname not in used:
                    used.add(t.qname)
                    got.append(t)
            return got

        def pct(population: int, parts: int = 1) -> int:
            return max(1, round(population * 0.01 / parts))

        n = len(self.tables)
        # Tables: missing in B (nothing refers to them), extra in B, comment.
        for t in take((t for t in tables if not t.referenced), pct(n, 3)):
            out.append(f"drop table {t.qname} cascade;")
        for k in range(pct(n, 3)):
            s = self.schemas[k % len(self.schemas)]
            out.append(
                f"create table {s}.drift_extra_{k:04d} (id bigint primary key,"
                " label text not null default '', created_at timestamp with time zone"
                " default now());"
            )
        for t in tables[-pct(n, 3) :]:
            out.append(f"comment on table {t.qname} is 'changed by drift';")
        live = [t for t in tables if t.qname not in used]
        # Columns: type, default, null, added, dropped (free columns only).
        n_cols = sum(10 + len(t.fks) for t in self.tables)
        free = [(t, p) for t in live for p in t.payloads if p.name != "version_no"]
        rng.shuffle(free)
        k = pct(n_cols, 5)
        typed = [(t, p) for t, p in free if p.drift_type][:k]
        seen = {(t.qname, p.name) for t, p in typed}
        for t, p in typed:
            out.append(
                f"alter table {t.qname} alter column {p.name} type {p.drift_type}"
                f" using {p.name}::{p.drift_type};"
            )
        rest = [(t, p) for t, p in free if (t.qname, p.name) not in seen]
        defaults = [(t, p) for t, p in rest if p.drift_default][:k]
        for t, p in defaults:
            out.append(
                f"alter table {t.qname} alter column {p.name}"
                f" set default {p.drift_default};"
            )
        seen |= {(t.qname, p.name) for t, p in defaults}
        rest = [(t, p) for t, p in rest if (t.qname, p.name) not in seen]
        for t, p in rest[:k]:
            verb = "drop" if p.not_null else "set"
            out.append(f"alter table {t.qname} alter column {p.name} {verb} not null;")
        seen |= {(t.qname, p.name) for t, p in rest[:k]}
        rest = [(t, p) for t, p in rest if (t.qname, p.name) not in seen]
        for t, p in rest[k : 2 * k]:
            out.append(f"alter table {t.qname} drop column {p.name};")
        for t in live[:k]:
            out.append(
                f"alter table {t.qname} add column drift_flag boolean default false;"
            )
        # Constraints: a foreign key dropped; a check changed.
        fks = [(t, con) for t in live for con, _, _ in t.fks]
        for t, con in fks[: pct(len(fks))]:
            out.append(f"alter table {t.qname} drop constraint {con};")
        for t in live[-pct(n) :]:
            out.append(
                f"alter table {t.qname} drop constraint {t.check},"
                f" add constraint {t.check} check (char_length(name) <= 300);"
            )
        # Indexes: dropped, redefined, added.
        idx = [(t, i) for t in live for i in t.indexes]
        rng.shuffle(idx)
        k = pct(len(idx), 3)
        for t, i in idx[:k]:
            out.append(f"drop index {t.schema}.{i};")
        for t, i in idx[k : 2 * k]:
            out.append(
                f"drop index {t.schema}.{i};"
                f" create index {i} on {t.qname} (id, created_at);"
            )
        for t in live[k : 2 * k]:
            out.append(f"create index {t.name}_drift_idx on {t.qname} (updated_at);")
        # RLS: disabled, enabled, forced.
        rls = [t for t in live if t.rls]
        norls = [t for t in live if not t.rls]
        k = pct(len(rls), 2)
        for t in rls[:k]:
            out.append(f"alter table {t.qname} disable row level security;")
        for t in rls[k : 2 * k]:
            out.append(f"alter table {t.qname} force row level security;")
        for t in norls[:k]:
            out.append(f"alter table {t.qname} enable row level security;")
        # Policies: dropped, qualifier changed, roles changed, added.
        pols = [(t, pol) for t in rls[2 * k :] for pol in t.policies]
        k = pct(len(pols), 4)
        for t, pol in pols[:k]:
            out.append(f"drop policy {pol} on {t.qname};")
        for t, pol in pols[k : 2 * k]:
            out.append(f"alter policy {pol} on {t.qname} using (deleted_at is null);")
        for t, pol in pols[2 * k : 3 * k]:
            out.append(f"alter policy {pol} on {t.qname} to {READER};")
        for t in rls[2 * k : 3 * k]:
            out.append(
                f"create policy {t.name}_drift_insert on {t.qname} for insert"
                f" to {WRITER} with check (owner_id is not null);"
            )
        # Functions: signature, result, attributes, body, formatting, gone, new.
        # (A function another one calls is left alone: it cannot be dropped.)
        funcs = [f for t in live for f in t.functions if not f.called]
        rng.shuffle(funcs)
        k = pct(len(funcs), 7)
        plpgsql = [f for f in funcs if "\nbegin\n" in f.body]
        others = [f for f in funcs if "\nbegin\n" not in f.body]
        bodies, formatting = plpgsql[:k], plpgsql[k : 2 * k]
        spare = others + plpgsql[2 * k :]
        groups = [spare[j * k : (j + 1) * k] for j in range(5)]
        for f in groups[0]:  # signature: one more argument
            args = ", ".join(a for a in (f.args, "p_drift smallint") if a)
            out.append(f"drop function {f.signature};")
            out.append(
                f"create function {f.schema}.{f.name}({args}) returns integer"
                " language sql immutable as $$ select 1 $$;"
            )
        for f in groups[1]:  # result type
            out.append(f"drop function {f.signature};")
            out.append(
                f"create function {f.schema}.{f.name}({f.args}) returns text"
                " language sql stable as $$ select 'drift'::text $$;"
            )
        for j, f in enumerate(groups[2]):  # attributes
            attrs = (
                "security definer set search_path = pg_catalog, public",
                "volatile",
                "set search_path = public",
                "cost 250 strict",
            )[j % 4]
            out.append(f"alter function {f.signature} {attrs};")
        for f in bodies:  # a real change of the body
            body = f.body.replace("\nbegin\n", "\nbegin\n  perform pg_sleep(0);\n")
            out.append(f"create or replace function {f.head} {body}")
        for f in formatting:  # keyword case and a comment only
            body = f.body.replace("\nbegin\n", "\nBEGIN\n  -- reformatted\n")
            out.append(f"create or replace function {f.head} {body}")
        for f in groups[3]:  # gone from B
            out.append(f"drop function {f.signature};")
        for j, f in enumerate(groups[4]):  # new in B
            out.append(
                f"create function {f.schema}.drift_extra_{j:04d}(p integer)"
                " returns integer language plpgsql immutable as $$\n"
                "begin\n  return p + 1;\nend\n$$;"
            )
        # Triggers: dropped, disabled, added.
        trigs = [(t, g) for t in live for g in t.triggers]
        k = pct(len(trigs), 3)
        for t, g in trigs[:k]:
            out.append(f"drop trigger {g} on {t.qname};")
        for t, g in trigs[k : 2 * k]:
            out.append(f"alter table {t.qname} disable trigger {g};")
        for t in [t for t in live if not t.triggers][:k]:
            out.append(
                f"create trigger {t.name}_drift_touch before update on {t.qname}"
                f" for each row execute function {t.schema}.set_updated_at();"
            )
        # Views: redefined, dropped.
        views = [v for v in self.views if v.base.qname not in used]
        k = k_views = pct(len(views), 2)
        for v in views[:k]:
            out.append(
                f"create or replace view {v.schema}.{v.name} as {v.select}"
                " and t.name <> '';"
            )
        for v in views[k : 2 * k]:
            out.append(f"drop view {v.schema}.{v.name};")
        # Sequences, enum labels, domains.
        seqs = list(self.sequences)
        rng.shuffle(seqs)
        for s in seqs[: pct(len(seqs))]:
            out.append(f"alter sequence {s} increment by 5 cache 10;")
        enums = sorted(self.enums)
        rng.shuffle(enums)
        for e in enums[: pct(len(enums))]:
            out.append(f"alter type {e} add value 'drifted';")
        domains = [d for d in self.domains if d.endswith("positive_amount")]
        for d in domains[: pct(len(domains))]:
            out.append(f"alter domain {d} drop default;")
        # Extensions: newer versions in B.
        for ext, version in EXTENSION_UPDATES:
            out.append(f'alter extension "{ext}" update to {_lit(version)};')
        # Grants: revoked, added, on tables and functions.
        k = pct(n, 3)
        for t in live[-k:]:
            out.append(f"revoke select on {t.qname} from {READER};")
        for t in live[-2 * k : -k]:
            out.append(f"grant truncate on {t.qname} to {WRITER};")
        for f in funcs[-k:]:
            out.append(f"grant execute on function {f.signature} to {READER};")
        # Migration history: last ones missing, extra ones, renamed.
        k = pct(self.migrations, 3)
        mig = "supabase_migrations.schema_migrations"
        out.append(
            f"delete from {mig} where version in"
            f" (select version from {mig} order by version desc limit {k});"
        )
        out.append(
            f"insert into {mig} (version, statements, name)"
            " select to_char(timestamp '2030-01-01' + g * interval '1 hour',"
            f" 'YYYYMMDDHH24MISS'), array['select 1'], 'drift_' || g"
            f" from generate_series(1, {k}) g;"
        )
        out.append(
            f"update {mig} set name = name || '_renamed' where version in"
            f" (select version from {mig} order by version limit {k});"
        )
        out.append("create schema drift_extra;")
        # The kinds of issue 12: a rule and a statistics object gone, a view's
        # option, a publication member, a default privilege, settings.
        for t, rule in self.rules[: pct(len(self.rules))]:
            if t.qname not in used:
                out.append(f"drop rule {rule} on {t.qname};")
        for stx in self.statistics[: pct(len(self.statistics))]:
            out.append(f"drop statistics {stx};")
        for v in views[2 * k_views : 2 * k_views + pct(len(views))]:
            out.append(
                f"alter view {v.schema}.{v.name} set (security_invoker = false);"
            )
        s0 = self.schemas[0]
        out.append(
            f"alter default privileges in schema {s0}"
            f" grant insert on tables to {READER};"
        )
        out.append(
            "do $$ begin execute format('alter database %I set statement_timeout = %L',"
            " current_database(), '60s'); end $$;"
        )
        out.append(
            f"alter publication {self.publications[0]} set (publish = 'insert');"
        )
        return out


def generate(n: int, seed: int = DEFAULT_SEED) -> Catalog:
    """The SQL of the catalog of *n* tables and of its 1% drift."""
    b = _Builder(n, seed)
    statements = b.preamble()
    batches = list(_chunks(statements, 10_000))
    per_table: list[str] = []
    tables_in_batch = 0
    for i in range(n):
        per_table.append("\n".join(b.table(i)))
        tables_in_batch += 1
        # One transaction per batch: small enough for the lock table
        # (max_locks_per_transaction 64 x ~120 slots by default).
        if tables_in_batch == 200:
            batches.append("\n".join(per_table))
            per_table, tables_in_batch = [], 0
    if per_table:
        batches.append("\n".join(per_table))
    batches.extend(_chunks(b.grants(), 3))
    batches.extend(_chunks(b.kinds12(), 200))
    drift = tuple(_chunks(b.drift(), 300))
    counts = {
        "tables": n,
        "schemas": len(b.schemas),
        "functions": sum(len(t.functions) for t in b.tables) + 2 * len(b.schemas),
        "policies": sum(len(t.policies) for t in b.tables),
        "indexes": sum(len(t.indexes) for t in b.tables),
        "triggers": sum(len(t.triggers) for t in b.tables),
        "views": len(b.views),
        "enums": len(b.enums),
        "sequences": len(b.sequences),
        "foreign_keys": sum(len(t.fks) for t in b.tables),
        "rls_tables": sum(t.rls for t in b.tables),
        "migrations": b.migrations,
        "rules": len(b.rules),
        "statistics": len(b.statistics),
        **b.extras,
        "drift_statements": sum(s.count(";\n") + 1 for s in drift),
    }
    return Catalog(n, seed, tuple(batches), drift, counts)


# ---------------------------------------------------------------- loading


def db_names(n: int) -> tuple[str, str]:
    return f"{DB_PREFIX}_{n}_a", f"{DB_PREFIX}_{n}_b"


def dsn_for(server: str, dbname: str) -> str:
    """*server* (a libpq URL or keyword string) with another database name."""
    params = psycopg.conninfo.conninfo_to_dict(server)
    params["dbname"] = dbname
    return psycopg.conninfo.make_conninfo(**{k: str(v) for k, v in params.items()})


def url_for(server: str, dbname: str) -> str:
    """A ``postgresql://`` URL for *dbname* on *server* (for tools that want one)."""
    p = psycopg.conninfo.conninfo_to_dict(server)
    user = str(p.get("user") or "postgres")
    password = f":{p['password']}" if p.get("password") else ""
    host = str(p.get("host") or "127.0.0.1")
    port = str(p.get("port") or 5432)
    return f"postgresql://{user}{password}@{host}:{port}/{dbname}"


def _fingerprint(admin: psycopg.Connection[tuple[object, ...]], db: str) -> str | None:
    row = admin.execute(
        "select shobj_description(oid, 'pg_database') from pg_database"
        " where datname = %s",
        (db,),
    ).fetchone()
    if row is None:
        return None
    text = str(row[0] or "")
    return text[len(FINGERPRINT_TAG) :] if text.startswith(FINGERPRINT_TAG) else ""


def _ensure_roles(admin: psycopg.Connection[tuple[object, ...]]) -> None:
    for role in ROLES:
        admin.execute(
            sql.SQL(
                "do $$ begin if not exists (select from pg_roles where rolname = {r})"
                " then create role {i} nologin; end if; end $$"
            ).format(r=sql.Literal(role), i=sql.Identifier(role))
        )


def _run_batches(
    dsn: str, batches: Sequence[str], log: Callable[[str], None], what: str
) -> None:
    start = time.perf_counter()
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("set synchronous_commit = off")
        for k, batch in enumerate(batches, 1):
            # Several statements in one simple query: one implicit transaction.
            conn.execute(batch.encode())  # bytes: no parameter parsing
            if k % 25 == 0 or k == len(batches):
                log(
                    f"  {what}: batch {k}/{len(batches)}"
                    f" ({time.perf_counter() - start:.0f}s)"
                )
        # What autovacuum does on a live server (it is off on some machines): the
        # catalogs get statistics, so the planner sees their real sizes.
        conn.execute("analyze")


def ensure_pair(
    n: int,
    *,
    seed: int = DEFAULT_SEED,
    server: str = DEFAULT_SERVER,
    rebuild: bool = False,
    log: Callable[[str], None] = print,
) -> tuple[str, str]:
    """Databases A and B for *n* tables (built only when missing or different);
    returns their DSNs."""
    db_a, db_b = db_names(n)
    t0 = time.perf_counter()
    cat = generate(n, seed)
    gen_s = time.perf_counter() - t0
    with psycopg.connect(server, autocommit=True) as admin:
        fp_a, fp_b = _fingerprint(admin, db_a), _fingerprint(admin, db_b)
        if not rebuild and fp_a == cat.fingerprint_a and fp_b == cat.fingerprint_b:
            log(f"{n} tables: reusing {db_a}, {db_b} (fingerprints match)")
            return dsn_for(server, db_a), dsn_for(server, db_b)
        log(
            f"{n} tables: building {db_a} and {db_b}"
            f" (SQL generated in {gen_s:.1f}s: {cat.counts})"
        )
        _ensure_roles(admin)
        start = time.perf_counter()
        build_a = rebuild or fp_a != cat.fingerprint_a
        if build_a:
            for db in (db_b, db_a):
                admin.execute(
                    sql.SQL("drop database if exists {} with (force)").format(
                        sql.Identifier(db)
                    )
                )
            admin.execute(sql.SQL("create database {}").format(sql.Identifier(db_a)))
            _run_batches(dsn_for(server, db_a), cat.batches, log, db_a)
            admin.execute(
                sql.SQL("comment on database {} is {}").format(
                    sql.Identifier(db_a),
                    sql.Literal(FINGERPRINT_TAG + cat.fingerprint_a),
                )
            )
            log(f"  {db_a} loaded in {time.perf_counter() - start:.0f}s")
        admin.execute(
            sql.SQL("drop database if exists {} with (force)").format(
                sql.Identifier(db_b)
            )
        )
        admin.execute(
            sql.SQL("create database {} template {} strategy file_copy").format(
                sql.Identifier(db_b), sql.Identifier(db_a)
            )
        )
        _run_batches(dsn_for(server, db_b), cat.drift, log, f"{db_b} drift")
        admin.execute(
            sql.SQL("comment on database {} is {}").format(
                sql.Identifier(db_b), sql.Literal(FINGERPRINT_TAG + cat.fingerprint_b)
            )
        )
        log(f"  pair ready in {time.perf_counter() - start:.0f}s")
    return dsn_for(server, db_a), dsn_for(server, db_b)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="200", help="comma-separated table counts")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--server", default=DEFAULT_SERVER, help="admin DSN")
    parser.add_argument("--rebuild", action="store_true", help="rebuild even if fresh")
    parser.add_argument(
        "--print",
        choices=("catalog", "drift"),
        help="print the SQL of one size instead of loading it",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    for n in sizes:
        if args.print:
            sys.stdout.write(generate(n, args.seed).script(args.print) + "\n")
            continue
        ensure_pair(n, seed=args.seed, server=args.server, rebuild=args.rebuild)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

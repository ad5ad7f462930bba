"""Table contents (kind ``data``) in the report, read from real PostgreSQL: exact
row counts side by side, the rows that differ, a table empty on one side (exact
where compared, estimated where not), and no sensitive value anywhere, also
where the key itself is sensitive."""

from __future__ import annotations

from pytest_dbparity.catalog import Catalog
from pytest_dbparity.catalog.introspect import ReadOptions, read_catalog
from pytest_dbparity.catalog.pairing import pair_catalogs
from pytest_dbparity.config import DEFAULT_EXCLUDED_SCHEMAS
from pytest_dbparity.core.reading import DataOptions
from pytest_dbparity.environments import Environment
from pytest_dbparity.findings import compare
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.report import (
    ReportInput,
    build_report,
    render_html,
    render_markdown,
)
from pytest_dbparity.report.model import Section, TableBlock
from pytest_dbparity.severity import Severity
from tests.fix_db import PgServer
from tests.report_helpers import rows, section, text

KINDS: tuple[Kind, ...] = ("table", "column", "row_count", "data")

SCHEMA = """
create table categories (id integer primary key, name text);
create table images (id integer primary key, url text);
create table members (email text primary key, plan text, token text);
insert into members values ('ann@example.com', 'pro', 'tok-ann-1'),
    ('bob@example.com', 'free', 'tok-bob-1');
"""


def read(pg_server: PgServer, a: str, b: str) -> tuple[Catalog, Catalog]:
    options = ReadOptions(
        kinds=KINDS,
        exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS,
        data=DataOptions(
            tables=("public.categories", "public.members"),
            sensitive_columns=("public.members.email", "public.*.token"),
        ),
    )
    names = []
    try:
        for sql in (a, b):
            names.append(pg_server.create_database(sql, prefix="datareport"))
        envs = [Environment(name=n, label=n, dsn=pg_server.dsn(n)) for n in names]
        cat_a, cat_b = (read_catalog(e, options) for e in envs)
        return pair_catalogs(envs[0], envs[1], cat_a, cat_b, options)
    finally:
        for name in names:
            pg_server.drop_database(name)


def report_input(cats: tuple[Catalog, Catalog]) -> ReportInput:
    return ReportInput(
        comparison=compare(*cats, kinds=KINDS),
        catalog_a=cats[0],
        catalog_b=cats[1],
        fail_on=Severity.HIGH,
        generated_at="2026-01-01T00:00:00+00:00",
    )


def test_the_report_states_counts_rows_and_empty_sides(pg_server: PgServer) -> None:
    a = SCHEMA + (
        "insert into categories select g, 'c' || g from generate_series(1, 16) g;"
        "insert into images select g, 'u' || g from generate_series(1, 4458) g;"
        "analyze;"
    )
    b = SCHEMA + (
        "update members set plan = 'team', token = 'tok-ann-2'"
        " where email = 'ann@example.com';"
        "insert into members values ('cy@example.com', 'free', 'tok-cy-1');"
        "analyze;"
    )
    cats = read(pg_server, a, b)
    report = build_report(report_input(cats))
    s = section(report, "Table contents")
    (counts,) = [b for b in s.blocks if isinstance(b, TableBlock)]
    by_table = {r[0]: r[1:6] for r in rows(Section("", (counts,)))}
    assert by_table == {
        "public.categories": ["16", "0", "16", "0", "0"],
        "public.members": ["2", "3", "0", "1", "1"],
    }
    empty = {r[0]: r for r in rows(section(report, "Tables empty on one side"))}
    assert empty["public.categories"][1:] == ["16", "0", "A", "exact"]
    assert empty["public.images"][1:] == ["4,458", "0", "A", "estimated"]
    members = text(section(report, "Contents of public.members"))
    assert "Only in B (1): email=(hidden " in members
    assert "hidden columns (compared by hash, never shown): email, token" in members
    detail = rows(section(report, "Contents of public.members"))
    assert [r[1:] for r in detail] == [
        ["plan", "pro", "team"],
        ["token", "(hidden)", "(hidden)"],
    ]
    assert detail[0][0].startswith("email=(hidden ")
    out = render_markdown(report) + render_html(report)
    for secret in ("ann@", "cy@", "tok-ann", "tok-cy", "example.com"):
        assert secret not in out, secret
    # The names a sensitive key gets are stable: approvals of them hold.
    again = build_report(report_input(read(pg_server, a, b)))
    assert rows(section(again, "Contents of public.members")) == detail


#: Shaped as supabase_vault's ``vault.secrets`` (a plain table; its values are
#: encrypted there, and ``vault.decrypted_secrets`` is never read).
VAULT = """
create schema vault;
create table vault.secrets (
  id uuid primary key default gen_random_uuid(), name text, description text
  not null default '', secret text not null, key_id uuid, nonce bytea,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
"""


def test_vault_secrets_names_and_descriptions_never_values(
    pg_server: PgServer,
) -> None:
    a = VAULT + (
        "insert into vault.secrets (name, description, secret) values"
        " ('stripe', 'Stripe key', 'sk_live_AAAA'), ('resend', 'mail', 're_AAAA'),"
        " (null, 'unnamed', 'x_AAAA');"
    )
    b = VAULT + (
        "insert into vault.secrets (name, description, secret) values"
        " ('stripe', 'Stripe key', 'sk_live_BBBB'), ('resend', 'Resend', 're_BBBB'),"
        " (null, 'unnamed', 'x_BBBB'), ('github', '', 'ghp_BBBB');"
    )
    cats = read(pg_server, a, b)
    inp = report_input(cats)
    got = {f.attribute: f for f in inp.comparison.findings() if f.kind == "data"}
    # The secrets' values differ everywhere: only the description and the
    # secret only in B are differences.
    assert set(got) == {
        "content",
        "rows[name=github]",
        "values[name=resend: description]",
    }
    assert (got["content"].a, got["content"].b) == (
        "0 only in A, 1 differ",
        "1 only in B, 1 differ",
    )
    report = build_report(inp)
    out = render_markdown(report) + render_html(report) + repr(got)
    for value in ("sk_live", "re_AAAA", "re_BBBB", "x_AAAA", "ghp_"):
        assert value not in out, value
    assert rows(section(report, "Contents of vault.secrets")) == [
        ["name=resend", "description", "mail", "Resend"]
    ]

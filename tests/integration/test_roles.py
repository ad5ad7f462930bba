"""Roles and role settings that really differ: two throwaway clusters.

Roles are cluster-wide, so the two databases of an integration case (one
server) always share them; here A and B are two clusters started from the local
binaries (``tests/fix_db.py``), each holding the same table whose grants refer
to roles that differ in BYPASSRLS, LOGIN, INHERIT, membership, connection limit
and comment, one role missing in B, and settings of roles in every database
(``ALTER ROLE r SET``). The fix script, run on B, makes it match A.
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator

import psycopg
import pytest

from pytest_dbparity.catalog import Catalog
from pytest_dbparity.catalog.introspect import ReadOptions, read_catalog
from pytest_dbparity.config import DEFAULT_EXCLUDED_SCHEMAS
from pytest_dbparity.environments import Environment
from pytest_dbparity.findings import compare
from pytest_dbparity.fixsql import generate_fix_sql
from pytest_dbparity.kinds.names import KINDS
from tests.fix_db import _local_cluster

OPTIONS = ReadOptions(
    kinds=KINDS, exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS, migrations_table=None
)
WEIRD = '"Wëird ""r"".select"'

A = f"""
create role api_user nologin bypassrls;
comment on role api_user is 'the API''s role';
create role authenticator login noinherit;
grant api_user to authenticator with admin option;
create role {WEIRD} nologin;
create role only_a nologin;
create role referenced_in_a_only nologin;
create role unreferenced nologin;
alter role authenticator set statement_timeout = '3s';
alter role api_user set search_path = api, public;
create table t (id int);
grant select on t to api_user, {WEIRD}, only_a, referenced_in_a_only;
"""
B = f"""
create role api_user nologin;
create role authenticator nologin inherit;
create role {WEIRD} nologin connection limit 5;
create role referenced_in_a_only nologin;
create role unreferenced nologin bypassrls;
create role b_only_unreferenced nologin;
alter role authenticator set statement_timeout = '5s';
create table t (id int);
grant select on t to api_user, {WEIRD};
"""


@contextlib.contextmanager
def cluster(script: str) -> Iterator[str]:
    try:
        with _local_cluster() as dsn:
            if dsn is None:
                pytest.skip("no initdb/pg_ctl for a second cluster")
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(script.encode())
            yield dsn
    except subprocess.CalledProcessError as exc:
        pytest.skip(f"a throwaway cluster failed to start: {exc.stderr}")


def read(dsn: str, name: str) -> Catalog:
    return read_catalog(Environment(name=name, label=name, dsn=dsn), OPTIONS)


def kept(
    catalog_a: Catalog, catalog_b: Catalog
) -> set[tuple[str, str, str | None, str]]:
    found = compare(catalog_a, catalog_b, kinds=KINDS).findings()
    return {
        (f.kind, f.object, f.attribute, f.severity.label)
        for f in found
        if f.kind in ("role", "setting", "privilege")
    }


@pytest.fixture(scope="module")
def clusters() -> Iterator[tuple[str, str]]:
    with cluster(A) as dsn_a, cluster(B) as dsn_b:
        yield dsn_a, dsn_b


def test_role_differences_between_clusters_are_found(
    clusters: tuple[str, str],
) -> None:
    dsn_a, dsn_b = clusters
    got = kept(read(dsn_a, "a"), read(dsn_b, "b"))
    assert got == {
        ("role", "api_user", "bypass_rls", "critical"),
        ("role", "api_user", "comment", "low"),
        ("role", "authenticator", "login", "high"),
        ("role", "authenticator", "inherit", "medium"),
        ("role", "authenticator", "member_of", "high"),
        ("role", WEIRD, "connection_limit", "medium"),
        ("role", "only_a", None, "high"),
        ("setting", "role authenticator", "settings[statement_timeout]", "medium"),
        ("setting", "role api_user", None, "high"),
        ("privilege", "public.t", "grants[only_a]", "critical"),
        ("privilege", "public.t", "grants[referenced_in_a_only]", "critical"),
    }


def test_the_fix_script_makes_the_second_cluster_match(
    clusters: tuple[str, str],
) -> None:
    dsn_a, dsn_b = clusters
    a, b = read(dsn_a, "a"), read(dsn_b, "b")
    script = generate_fix_sql(compare(a, b, kinds=KINDS), direction="a-to-b")
    assert "GRANT api_user TO authenticator WITH ADMIN OPTION" in script.replace(
        '"', ""
    )
    assert "set its password by hand" in script
    with psycopg.connect(dsn_b, autocommit=True) as conn:
        conn.execute(script.encode())
    assert kept(a, read(dsn_b, "b")) == set()

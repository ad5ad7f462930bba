"""Real pg_cron: ``cron.job`` compared without configuration (kind ``data``),
keyed by job name; jobs without a name compared by what they are.

pg_cron must be preloaded (``shared_preload_libraries``) and lives in one
database per cluster (``cron.database_name``), so each side is a throw-away
PostgreSQL 15 cluster of its own, made from the local binaries (the apt package
``postgresql-15-cron`` provides the extension; ``.ci/run`` installs it). The
tests skip, saying why, where either is missing.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from pytest_dbparity.catalog import Catalog
from pytest_dbparity.catalog.introspect import ReadOptions, read_catalog
from pytest_dbparity.catalog.pairing import pair_catalogs
from pytest_dbparity.config import DEFAULT_EXCLUDED_SCHEMAS
from pytest_dbparity.core.reading import DataOptions
from pytest_dbparity.environments import Environment
from pytest_dbparity.ephemeral._binaries import Candidate, binaries_in
from pytest_dbparity.findings import Finding, compare
from tests.fix_db import _local_cluster

BINDIR = Path("/usr/lib/postgresql/15/bin")
SETTINGS = "-c shared_preload_libraries=pg_cron -c cron.database_name=postgres"


def _missing() -> str | None:
    if not (BINDIR / "initdb").is_file():
        return f"no PostgreSQL 15 binaries at {BINDIR}"
    if not (BINDIR.parent / "lib" / "pg_cron.so").is_file():
        return "pg_cron is not installed (apt-get install postgresql-15-cron)"
    return None


@pytest.fixture(scope="module")
def clusters() -> Iterator[tuple[str, str]]:
    """Two clusters with pg_cron in their ``postgres`` database."""
    why = _missing()
    if why is not None:
        pytest.skip(why)
    binaries = next(binaries_in([Candidate(BINDIR, "the PostgreSQL 15 package")]), None)
    if binaries is None:
        pytest.skip(f"the binaries at {BINDIR} do not run")
    try:
        with (
            _local_cluster(SETTINGS, binaries) as a,
            _local_cluster(SETTINGS, binaries) as b,
        ):
            assert a is not None
            assert b is not None
            for dsn in (a, b):
                with psycopg.connect(dsn, autocommit=True) as conn:
                    conn.execute("create extension pg_cron")
            yield a, b
    except subprocess.CalledProcessError as exc:
        pytest.skip(f"a pg_cron cluster did not start: {str(exc.stderr)[-300:]}")


def jobs(dsn: str, sql: str) -> None:
    """Replace the cluster's jobs by those *sql* schedules."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("select cron.unschedule(jobid) from cron.job")
        conn.execute(sql.encode())


def findings(a: str, b: str) -> dict[str | None, Finding]:
    options = ReadOptions(
        kinds=("data",), exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS, data=DataOptions()
    )
    envs = [Environment(name=n, label=n, dsn=d) for n, d in (("a", a), ("b", b))]
    cat_a, cat_b = (read_catalog(e, options) for e in envs)
    cats: tuple[Catalog, Catalog] = pair_catalogs(
        envs[0], envs[1], cat_a, cat_b, options
    )
    got = compare(*cats, kinds=("data",)).findings()
    assert {f.object for f in got} <= {"cron.job"}
    return {f.attribute: f for f in got}


# Schedules that never fire while the tests run (February 30th).
NEVER = "0 3 30 2 *"


def test_job_changes_are_found_by_job_name(clusters: tuple[str, str]) -> None:
    a, b = clusters
    jobs(
        a,
        f"""
        select cron.schedule('nightly vacuum', '{NEVER}', 'vacuum');
        select cron.schedule('refresh', '{NEVER}', 'select 1');
        select cron.schedule('cleanup', '{NEVER}', 'select 2');
        select cron.schedule('only in a', '{NEVER}', 'select 3');
        """,
    )
    # Scheduled in another order (other job ids, never compared).
    jobs(
        b,
        f"""
        select cron.schedule('new job', '{NEVER}', 'select 4');
        select cron.schedule('cleanup', '{NEVER}', 'select 2');
        select cron.schedule('refresh', '{NEVER}', 'select 10');
        select cron.schedule('nightly vacuum', '0 4 30 2 *', 'vacuum');
        select cron.alter_job(jobid, active := false)
        from cron.job where jobname = 'cleanup';
        """,
    )
    got = findings(a, b)
    assert set(got) == {
        "content",
        "rows[jobname=only in a]",
        "rows[jobname=new job]",
        "values[jobname=nightly vacuum: schedule]",
        "values[jobname=refresh: command]",
        "values[jobname=cleanup: active]",
    }
    assert got["content"].a == "1 only in A, 3 differ"
    schedule = got["values[jobname=nightly vacuum: schedule]"]
    assert (schedule.a, schedule.b) == (NEVER, "0 4 30 2 *")
    command = got["values[jobname=refresh: command]"]
    assert (command.a, command.b) == ("select 1", "select 10")
    active = got["values[jobname=cleanup: active]"]
    assert (active.a, active.b) == ("true", "false")


def test_equal_jobs_with_other_ids_are_no_difference(
    clusters: tuple[str, str],
) -> None:
    a, b = clusters
    jobs(a, f"select cron.schedule('x', '{NEVER}', 'select 1');")
    jobs(
        b,
        f"select cron.schedule('y', '{NEVER}', 'select 1');"
        " select cron.unschedule('y');"
        f" select cron.schedule('x', '{NEVER}', 'select 1');",
    )
    assert findings(a, b) == {}


def test_jobs_without_a_name_are_compared_by_what_they_are(
    clusters: tuple[str, str],
) -> None:
    """Unnamed jobs match no job by name (as NULL matches nothing in SQL): two
    of them are never taken for one, and each is named by its values."""
    a, b = clusters
    jobs(
        a,
        f"""
        select cron.schedule('{NEVER}', 'select 1');
        select cron.schedule('{NEVER}', 'select 2');
        select cron.schedule('named', '{NEVER}', 'select 3');
        """,
    )
    jobs(
        b,
        f"""
        select cron.schedule('named', '{NEVER}', 'select 3');
        select cron.schedule('{NEVER}', 'select 2');
        """,
    )
    got = findings(a, b)
    assert set(got) == {"content", f"rows[(true, select 1, postgres, NULL, {NEVER})]"}
    assert got["content"].a == "1 only in A, 0 differ"
    assert got["content"].b == "0 only in B, 0 differ"

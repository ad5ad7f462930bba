"""A password in a DSN never reaches any output: terminal, files or error messages.

The server trusts loopback connections, so the password below is accepted and
ignored: the runs work, and every byte they print or write is searched for it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from tests.fix_db import PgServer
from tests.plugin.helpers import SCHEMA, run

SECRET = "S3cr3t-P4ss"
DRIFT_B = """
alter table public.stories disable row level security;
alter table public.authors alter column name set not null;
create table public.scratch (id int);
"""


def server(pg_server: PgServer) -> tuple[str, str]:
    info = conninfo_to_dict(pg_server.admin_dsn)
    return str(info.get("host", "127.0.0.1")), str(info.get("port", "5432"))


def url(pg_server: PgServer, dbname: str, password: str = SECRET) -> str:
    host, port = server(pg_server)
    return f"postgresql://postgres:{password}@{host}:{port}/{dbname}"


def keywords(pg_server: PgServer, dbname: str) -> str:
    host, port = server(pg_server)
    return f"host={host} port={port} user=postgres password={SECRET} dbname={dbname}"


@pytest.fixture
def dbs(pg_server: PgServer) -> Iterator[tuple[str, str]]:
    """Database names: A as SCHEMA, B drifted."""
    a = pg_server.create_database(SCHEMA, prefix="sec")
    b = pg_server.create_database(SCHEMA + DRIFT_B, prefix="sec")
    try:
        yield a, b
    finally:
        pg_server.drop_database(a)
        pg_server.drop_database(b)


def assert_clean(
    pytester: pytest.Pytester, result: pytest.RunResult, *, skip: tuple[Path, ...] = ()
) -> None:
    """No trace of the password in output, file names or file contents."""
    out = result.stdout.str() + result.stderr.str()
    # Its tail too: catches a URL-encoded or partly shown password.
    assert SECRET not in out, out
    assert "p4ss" not in out.lower(), out
    needle = b"p4ss"
    for path in pytester.path.rglob("*"):
        assert SECRET not in str(path.relative_to(pytester.path)), path
        if path.is_file() and path not in skip:
            data = path.read_bytes()
            assert needle not in data.lower(), f"password in {path}"


ONE_RUN_OUTPUTS = [
    ["-v"],
    ["-vv", "-rA"],
    ["-q"],
    ["-q", "--tb=long", "--showlocals"],
    ["--tb=native", "-l"],
    ["--collect-only", "-q"],
    ["--setup-show"],
    ["-n", "2", "-v"],  # the catalogs go to the workers through a file
    ["--dbparity-direction", "b-to-a", "--dbparity-fix-sql", "b2a.sql"],
]


@pytest.mark.parametrize("form", ["url", "keywords"])
def test_terminal_and_failure_messages(
    pytester: pytest.Pytester, pg_server: PgServer, dbs: tuple[str, str], form: str
) -> None:
    make = url if form == "url" else keywords
    a, b = dbs
    env = ["--env-a", make(pg_server, a), "--env-b", make(pg_server, b)]
    for args in ONE_RUN_OUTPUTS:
        if "-n" in args and form != "url":
            continue  # slow: one form is enough
        result = run(pytester, *env, *args)
        if "--collect-only" not in args:
            assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
        assert_clean(pytester, result)


def test_every_file_output(
    pytester: pytest.Pytester, pg_server: PgServer, dbs: tuple[str, str]
) -> None:
    make = url
    a, b = dbs
    env = ["--env-a", make(pg_server, a), "--env-b", make(pg_server, b)]
    files = [
        "--dbparity-json",
        "out/findings.json",
        "--dbparity-report",
        "out/report.md",
        "--dbparity-report",
        "out/report.html",
        "--junitxml",
        "out/junit.xml",
        "--dbparity-fix-sql",
        "out/fix.sql",
        "--dbparity-save-catalog",
        "out/catalog.json",
    ]
    result = run(pytester, *env, *files)
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    for name in ("findings.json", "report.md", "report.html", "junit.xml", "fix.sql"):
        assert (pytester.path / "out" / name).is_file(), name
    assert (pytester.path / "out" / "catalog.json").is_file()
    assert_clean(pytester, result)

    # Approving writes snapshots (their folder is named after the DSN).
    result = run(pytester, *env, "--snapshot-update", "-v")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    snapshots = list((pytester.path / "snapshots").rglob("*.yaml"))
    assert snapshots
    assert_clean(pytester, result)

    # Approved: passes; then one more drift fails against the snapshots.
    result = run(pytester, *env, "-v", "--junitxml", "out/junit2.xml")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    assert_clean(pytester, result)
    with psycopg.connect(pg_server.dsn(b), autocommit=True) as conn:
        conn.execute("alter table public.stories force row level security")
    result = run(pytester, *env, "-v", "--dbparity-json", "out/f2.json")
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    assert_clean(pytester, result)

    # The saved catalog as an environment, against the live one.
    result = run(
        pytester,
        "--env-a",
        "snapshot:out/catalog.json",
        "--env-b",
        make(pg_server, b),
        "-v",
        "--dbparity-json",
        "out/f3.json",
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    assert_clean(pytester, result)


def test_drift_mode(
    pytester: pytest.Pytester, pg_server: PgServer, dbs: tuple[str, str]
) -> None:
    a, _ = dbs
    env = ["--env-a", url(pg_server, a)]
    result = run(pytester, *env, "--snapshot-update", "-v")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    assert list((pytester.path / "snapshots").rglob("*.yaml"))
    assert_clean(pytester, result)
    with psycopg.connect(pg_server.dsn(a), autocommit=True) as conn:
        conn.execute("alter table public.stories disable row level security")
    result = run(pytester, *env, "-v", "--dbparity-json", "drift.json")
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    assert_clean(pytester, result)


def test_named_environments_from_variables(
    pytester: pytest.Pytester,
    pg_server: PgServer,
    dbs: tuple[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a, b = dbs
    monkeypatch.setenv("SEC_PROD_URL", url(pg_server, a))
    monkeypatch.setenv("SEC_PW", SECRET)
    host, port = server(pg_server)
    pytester.makefile(
        ".yaml",
        dbparity=textwrap.dedent(
            f"""
            environments:
              prod: {{label: Production, dsn_env: SEC_PROD_URL}}
              nonprod: {{dsn: "postgresql://postgres:${{SEC_PW}}@{host}:{port}/{b}"}}
            """
        ),
    )
    result = run(
        pytester,
        "--env-a",
        "prod",
        "--env-b",
        "nonprod",
        "-v",
        "--dbparity-json",
        "f.json",
        "--dbparity-report",
        "r.md",
        "--dbparity-fix-sql",
        "fix.sql",
        "--junitxml",
        "j.xml",
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    assert_clean(pytester, result)


# ------------------------------------------------------------------ bad inputs


def _error_run(
    pytester: pytest.Pytester, *args: str, config: str | None = None
) -> pytest.RunResult:
    skip: tuple[Path, ...] = ()
    if config is not None:
        skip = (pytester.makefile(".yaml", dbparity=config),)
    result = run(pytester, *args, "--dbparity-connect-timeout", "3")
    assert result.ret == pytest.ExitCode.USAGE_ERROR, result.stdout.str()
    assert "Traceback" not in result.stdout.str() + result.stderr.str()
    assert_clean(pytester, result, skip=skip)
    return result


BadInput = Callable[[Any, tuple[str, str]], tuple[list[str], str | None]]


def _typo_scheme(pg: PgServer, dbs: tuple[str, str]) -> tuple[list[str], str | None]:
    return ["--env-a", url(pg, dbs[0]).replace("postgresql", "postgresq")], None


def _typo_keyword(pg: PgServer, dbs: tuple[str, str]) -> tuple[list[str], str | None]:
    host, port = server(pg)
    dsn = f"host={host} port={port} pasword={SECRET} dbname={dbs[0]}"
    return ["--env-a", dsn, "--env-b", url(pg, dbs[1])], None


def _missing_var(pg: PgServer, dbs: tuple[str, str]) -> tuple[list[str], str | None]:
    host, port = server(pg)
    config = (
        "environments:\n"
        f'  prod: {{dsn: "postgresql://u:${{SEC_UNSET_PW}}@{host}:{port}/x"}}\n'
        f'  nonprod: {{dsn: "postgresql://u:{SECRET}@{host}:{port}/${{SEC_UNSET_DB}}"}}\n'
    )
    return ["--env-a", "nonprod", "--env-b", "prod"], config


def _malformed_yaml(pg: PgServer, dbs: tuple[str, str]) -> tuple[list[str], str | None]:
    config = (
        "environments:\n"
        f'  prod: {{dsn: "{url(pg, dbs[0])}", label: [unclosed\n'
        f"  nonprod: {{dsn: {url(pg, dbs[1])}}}\n"
    )
    return ["--env-a", "prod", "--env-b", "nonprod"], config


def _unknown_key(pg: PgServer, dbs: tuple[str, str]) -> tuple[list[str], str | None]:
    config = (
        "environments:\n"
        f'  prod: {{dsnn: "{url(pg, dbs[0])}"}}\n'
        f'  nonprod: {{dsn: "{url(pg, dbs[1])}"}}\n'
    )
    return ["--env-a", "prod", "--env-b", "nonprod"], config


def _unreachable(pg: PgServer, dbs: tuple[str, str]) -> tuple[list[str], str | None]:
    dsn = f"postgresql://postgres:{SECRET}@127.0.0.1:1/{dbs[0]}"
    return ["--env-a", dsn, "--env-b", url(pg, dbs[1])], None


def _wrong_database(pg: PgServer, dbs: tuple[str, str]) -> tuple[list[str], str | None]:
    return ["--env-a", url(pg, "sec_no_such_db"), "--env-b", url(pg, dbs[1])], None


def _encoded(pg: PgServer, dbs: tuple[str, str]) -> tuple[list[str], str | None]:
    dsn = url(pg, "sec_no_such_db", password=SECRET.replace("-", "%2D"))
    return ["--env-a", dsn, "--env-b", url(pg, dbs[1])], None


def _bad_user(pg: PgServer, dbs: tuple[str, str]) -> tuple[list[str], str | None]:
    dsn = url(pg, dbs[0]).replace("postgres:", "sec_no_such_role:", 1)
    return ["--env-a", dsn, "--env-b", url(pg, dbs[1])], None


def _bad_option(pg: PgServer, dbs: tuple[str, str]) -> tuple[list[str], str | None]:
    dsn = url(pg, dbs[0]) + f"?sslmode=sometimes{SECRET}"
    return ["--env-a", dsn, "--env-b", url(pg, dbs[1])], None


BAD_INPUTS: dict[str, BadInput] = {
    "typo-scheme": _typo_scheme,
    "typo-keyword": _typo_keyword,
    "missing-variable": _missing_var,
    "malformed-yaml": _malformed_yaml,
    "unknown-key": _unknown_key,
    "unreachable": _unreachable,
    "wrong-database": _wrong_database,
    "bad-user": _bad_user,
    "url-encoded-password": _encoded,
    "bad-option": _bad_option,
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_error_messages(
    pytester: pytest.Pytester,
    pg_server: PgServer,
    dbs: tuple[str, str],
    monkeypatch: pytest.MonkeyPatch,
    case: str,
) -> None:
    monkeypatch.delenv("SEC_UNSET_PW", raising=False)
    monkeypatch.delenv("SEC_UNSET_DB", raising=False)
    args, config = BAD_INPUTS[case](pg_server, dbs)
    result = _error_run(pytester, *args, config=config)
    result.stderr.fnmatch_lines(["ERROR: dbparity: *"])


def test_statement_timeout(
    pytester: pytest.Pytester, pg_server: PgServer, dbs: tuple[str, str]
) -> None:
    a, b = dbs
    with psycopg.connect(pg_server.dsn(a)) as holder:
        holder.execute("lock table public.stories in access exclusive mode")
        try:
            result = run(
                pytester,
                "--env-a",
                url(pg_server, a),
                "--env-b",
                url(pg_server, b),
                "--dbparity-statement-timeout",
                "1",
            )
        finally:
            holder.rollback()
    assert result.ret == pytest.ExitCode.USAGE_ERROR, result.stdout.str()
    assert "timeout" in (result.stdout.str() + result.stderr.str()).lower()
    assert_clean(pytester, result)


def test_corrupt_snapshot(
    pytester: pytest.Pytester, pg_server: PgServer, dbs: tuple[str, str]
) -> None:
    a, b = dbs
    env = ["--env-a", url(pg_server, a), "--env-b", url(pg_server, b)]
    assert run(pytester, *env, "--snapshot-update").ret == pytest.ExitCode.OK
    files = sorted((pytester.path / "snapshots").rglob("*.yaml"))
    assert files
    files[0].write_text(": not yaml [", "utf-8")
    files[-1].write_text("format: other/1\nkind: rls\n", "utf-8")
    result = run(pytester, *env, "-v", "-rf", "--dbparity-json", "f.json")
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    result.stdout.fnmatch_lines(["*is corrupt*"])
    assert_clean(pytester, result)

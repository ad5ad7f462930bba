"""End-to-end: saved catalogs, migrations folders and the demo as environments."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from tests.plugin.helpers import SCHEMA, lit, run

#: Kinds that differ by design between a live database and a migrations folder.
SCHEMA_ONLY = "schema,table,column,constraint,index,rls,policy,function,view"


@pytest.fixture
def private_tmp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A temporary folder of this test's own for the throwaway servers it starts
    (world-traversable: the server may run as another OS user), so what other
    tests running at the same time start is never taken for a leftover."""
    root = Path(tempfile.mkdtemp(prefix="dbparity-test-tmp-", dir="/tmp"))
    root.chmod(0o755)
    monkeypatch.setenv("TMPDIR", str(root))
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    yield root
    shutil.rmtree(root, ignore_errors=True)


def _leftover_servers(root: Path) -> list[str]:
    """Command lines of postgres processes started from throwaway data dirs under
    *root*."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = (proc / "stat").read_text().split()[2]
        except OSError:
            continue
        if f"{root}/dbparity-pg-" in cmd and state != "Z":
            found.append(cmd)
    return found


def _leftover_dirs(root: Path) -> set[str]:
    return {p.name for p in root.glob("dbparity-pg-*")}


@pytest.fixture
def migrations(tmp_path: Path) -> Path:
    folder = tmp_path / "supabase" / "migrations"
    folder.mkdir(parents=True)
    half = SCHEMA.index("create function")
    (folder / "20250101000000_tables.sql").write_text(SCHEMA[:half])
    (folder / "20250102000000_functions.sql").write_text(SCHEMA[half:])
    return folder


def test_migrations_folder_matches_the_live_database(
    pytester: pytest.Pytester,
    make_db: Callable[[str], str],
    migrations: Path,
    private_tmp: Path,
) -> None:
    live = make_db(SCHEMA)
    args = ["--env-a", live, "--env-b", f"migrations:{migrations}"]
    result = run(pytester, *args, "--dbparity-kinds", SCHEMA_ONLY)
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    assert result.parseoutcomes()["passed"] >= 10
    # The folder's history is recorded like the Supabase CLI does: the live
    # database has none, so every version is "missing" there.
    out = pytester.path / "f.json"
    run(pytester, *args, "--dbparity-kinds", "migration", "--dbparity-json", str(out))
    versions = {f["object"] for f in json.loads(out.read_text())["findings"]}
    assert versions == {"20250101000000", "20250102000000"}
    assert _leftover_servers(private_tmp) == []
    assert _leftover_dirs(private_tmp) == set()


def test_migrations_folder_finds_drift(
    pytester: pytest.Pytester, make_db: Callable[[str], str], migrations: Path
) -> None:
    live = make_db(SCHEMA + "alter table public.stories disable row level security;")
    result = run(
        pytester,
        *("--env-a", live, "--env-b", f"migrations:{migrations}"),
        *("--dbparity-kinds", SCHEMA_ONLY, "-rf"),
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines([lit("FAILED *test_rls[public.stories]*")])


def test_a_broken_migration_names_file_and_line(
    pytester: pytest.Pytester,
    make_db: Callable[[str], str],
    migrations: Path,
    private_tmp: Path,
) -> None:
    (migrations / "20250103000000_broken.sql").write_text(
        "-- a comment\nselect 1;\nalter table public.nowhere add column x int;\n"
    )
    result = run(
        pytester, "--env-a", make_db(SCHEMA), "--env-b", f"migrations:{migrations}"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    err = result.stderr.str()
    assert "20250103000000_broken.sql" in err
    assert "line 3" in err
    assert 'relation "public.nowhere" does not exist' in err
    assert "Traceback" not in err + result.stdout.str()
    assert _leftover_servers(private_tmp) == []
    assert _leftover_dirs(private_tmp) == set()


def test_saved_catalog_compares_offline(
    pytester: pytest.Pytester, make_db: Callable[[str], str]
) -> None:
    a = make_db(SCHEMA)
    b = make_db(SCHEMA + "alter table public.stories disable row level security;")
    saved = pytester.path / "prod-catalog.json"
    run(pytester, "--env-a", a, "--env-b", b, "--dbparity-save-catalog", str(saved))
    text = saved.read_text()
    assert "postgres" not in json.loads(text)["catalog"]["env"].values()  # no user
    assert json.loads(text)["catalog"]["env"]["server_instance"] == ""  # no start
    # The saved A against live B finds the same drift as live A against live B.
    result = run(pytester, "--env-a", f"snapshot:{saved}", "--env-b", b, "-rf")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines([lit("FAILED *test_rls[public.stories]*")])
    assert result.parseoutcomes()["failed"] == 1
    # And against itself, offline, in parity.
    result = run(pytester, "--env-a", f"snapshot:{saved}", "--env-b", a)
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()


def test_bad_saved_catalog(pytester: pytest.Pytester, tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.json"
    bogus.write_text("{}")
    result = run(
        pytester, "--env-a", f"snapshot:{bogus}", "--env-b", f"snapshot:{bogus}x"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--env-b: no saved catalog at *bogus.jsonx*"])
    result = run(pytester, "--env-a", f"snapshot:{bogus}", "--env-b", "host=x")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*not a catalog saved with --dbparity-save-catalog*"])


def test_two_names_for_one_database_stop_the_run(
    pytester: pytest.Pytester,
    make_db: Callable[[str], str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two configured environments that are one database, spelled two ways:
    without the option a usage error, never a green run of a database against
    itself; with it, the run compares (two roles' views of one database)."""
    dsn = make_db(SCHEMA)
    parts = {k: str(v) for k, v in conninfo_to_dict(dsn).items()}
    # The other spelling: keys in another order, libpq's default port written out.
    respelled = make_conninfo("", **{"port": "5432", **dict(reversed(parts.items()))})
    assert respelled != dsn
    monkeypatch.setenv("E2E_SAME_A", dsn)
    monkeypatch.setenv("E2E_SAME_B", respelled)
    pytester.makefile(
        ".yaml",
        dbparity="environments:\n"
        "  prod: {dsn_env: E2E_SAME_A}\n"
        '  nonprod: {dsn: "${E2E_SAME_B}"}\n',
    )
    result = run(pytester, "--env-a", "prod", "--env-b", "nonprod")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            "ERROR: dbparity: --env-a 'prod' and --env-b 'nonprod' are the same "
            f"database (*/{parts['dbname']}): it would be compared with itself; "
            "give two databases, or --dbparity-allow-same-target to compare what "
            "two roles see in one"
        ]
    )
    assert "passed" not in result.stdout.str()

    result = run(
        pytester,
        *("--env-a", "prod", "--env-b", "nonprod"),
        "--dbparity-allow-same-target",
    )
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    assert result.parseoutcomes()["passed"] >= 10


def test_help_explains_allow_same_target(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--help")
    result.stdout.fnmatch_lines(
        [
            "  --dbparity-allow-same-target",
            "*Compare --env-a and --env-b even when both*",
        ]
    )


def test_one_database_found_after_reading_stops_the_run(
    pytester: pytest.Pytester,
    make_db: Callable[[str], str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A service file hides where a DSN goes until libpq connects: the catalogs
    then tell one database (same name, same running server) and the run stops."""
    dsn = make_db(SCHEMA)
    parts = {k: str(v) for k, v in conninfo_to_dict(dsn).items()}
    services = pytester.path / "pg_service.conf"
    services.write_text(
        "[parity_same]\n" + "".join(f"{k}={v}\n" for k, v in parts.items())
    )
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    args = ("--env-a", dsn, "--env-b", "service=parity_same")
    result = run(pytester, *args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            "ERROR: dbparity: --env-a * and --env-b * are the same database "
            f"({parts['dbname']} on the server at port *, started * UTC): it would "
            "be compared with itself; give two databases, or "
            "--dbparity-allow-same-target to compare what two roles see in one"
        ]
    )
    assert "Traceback" not in result.stdout.str() + result.stderr.str()

    result = run(pytester, *args, "--dbparity-allow-same-target")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    assert result.parseoutcomes()["passed"] >= 10


def test_demo_runs_end_to_end(tmp_path: Path, private_tmp: Path) -> None:
    out = tmp_path / "demo"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest_dbparity.cli", "demo", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for name in ("parity-report.md", "parity-report.html", "findings.json"):
        assert (out / name).stat().st_size > 1000, name
    report = (out / "parity-report.md").read_text()
    assert "public.stories" in report
    html = out / "parity-report.html"
    assert f"report:   {out / 'parity-report.md'}" in proc.stdout
    last = proc.stdout.splitlines()[-1]
    assert last == f"dbparity demo: open this file in a browser: {html}"
    assert _leftover_servers(private_tmp) == []
    assert _leftover_dirs(private_tmp) == set()
    assert list(private_tmp.glob("dbparity-demo-*")) == []


def test_saved_catalog_without_a_kind_fails_that_kind(
    pytester: pytest.Pytester, make_db: Callable[[str], str]
) -> None:
    """A saved catalog made with fewer kinds (or by an older version) against a
    live database: the kinds it lacks fail with the reason, never "no object"."""
    a = make_db(SCHEMA)
    saved = pytester.path / "a.json"
    result = run(
        pytester,
        *("--env-a", a, "--dbparity-kinds", "schema,table"),
        *("--dbparity-save-catalog", str(saved), "--snapshot-update"),
    )
    assert saved.is_file(), result.stdout.str()
    out = pytester.path / "findings.json"
    result = run(
        pytester,
        *("--env-a", a, "--env-b", f"snapshot:{saved}"),
        *("--dbparity-kinds", "table,rls", "--dbparity-json", str(out), "-rf"),
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    result.stdout.fnmatch_lines(
        [
            "dbparity: not read (B): rls: its catalog does not hold this kind*",
            lit("FAILED *test_rls[not-read]*"),
        ]
    )
    assert result.parseoutcomes()["failed"] == 1
    doc = json.loads(out.read_text())
    assert doc["kinds"] == ["table"]
    assert list(doc["not_read"]) == ["rls"]
    assert list(doc["not_read"]["rls"]) == ["B"]


def test_a_compared_kind_without_its_parity_test_stops_the_run(
    pytester: pytest.Pytester, make_db: Callable[[str], str]
) -> None:
    """A shipped parity test module left out of collection (``--ignore``, a
    broken install): its kind's differences would pass unseen, so the run stops
    with a usage error naming the kind, serially and under xdist. Deselecting
    with ``-k`` stays the user's choice."""
    a = make_db(SCHEMA)
    b = make_db(SCHEMA + "alter table public.stories disable row level security;")
    rls_tests = Path(__file__).resolve().parents[2] / "parity_tests" / "test_rls.py"
    base = ["--env-a", a, "--env-b", b, "--dbparity-kinds", "table,rls"]
    for extra in ([], ["-n", "2"]):
        result = run(pytester, *base, f"--ignore={rls_tests}", *extra)
        assert result.ret == pytest.ExitCode.USAGE_ERROR, result.stdout.str()
        text = result.stdout.str() + result.stderr.str()
        assert "no parity test was collected for rls" in text
        assert "Traceback" not in text
        assert "INTERNALERROR" not in text
    result = run(pytester, *base, "-k", "not test_rls")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()

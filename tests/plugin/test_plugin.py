"""End-to-end: the plugin driven by pytester against real databases."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Callable

import pytest
from psycopg.conninfo import conninfo_to_dict

from tests.plugin.helpers import DRIFT, SCHEMA, BuildPair, lit, output, run


@pytest.fixture
def pair(make_db: Callable[[str], str]) -> BuildPair:
    """Two databases: A as SCHEMA, B with drift applied by the test."""

    def build(drift_b: str = "", drift_a: str = "") -> tuple[str, str]:
        return make_db(SCHEMA + drift_a), make_db(SCHEMA + drift_b)

    return build


def test_inert_without_env_a(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_own(): pass")
    result = run(pytester, "-v")
    result.assert_outcomes(passed=1)
    result.stdout.no_fnmatch_line("*test_rls*")
    result.stdout.no_fnmatch_line("dbparity: *")


def test_inert_plugin_imports_no_driver_or_reader() -> None:
    """Every pytest run of a project with the plugin installed imports it: until
    ``--env-a`` switches it on, it leaves psycopg, PyYAML, the catalog reader and
    the session out (about 0.2 s of every run)."""
    code = (
        "import sys, pytest_dbparity.plugin\n"
        "heavy = ['psycopg', 'yaml', 'pytest_dbparity.session',\n"
        "         'pytest_dbparity.catalog.introspect', 'pytest_dbparity.report']\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == ""


def test_env_b_without_env_a_is_a_usage_error(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--env-b", "host=nowhere")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--env-b needs --env-a*"])


def test_help_lists_options(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--help")
    result.stdout.fnmatch_lines(
        [
            "*--env-a=NAME|DSN*",
            "*--env-b=NAME|DSN*",
            "*--dbparity-config=PATH*",
            "*--dbparity-fail-on=SEVERITY*",
            "*--dbparity-json=PATH*",
            "*--dbparity-items=auto|object|differences*",
            "*dbparity_fail_on*",
            "*dbparity_items*",
        ]
    )


def test_clean_pair_passes(pytester: pytest.Pytester, pair: BuildPair) -> None:
    a, b = pair()
    out = pytester.path / "findings.json"
    result = run(pytester, "--env-a", a, "--env-b", b, "--dbparity-json", str(out))
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    outcomes = result.parseoutcomes()
    assert outcomes["passed"] >= 10
    assert "failed" not in outcomes
    doc = json.loads(out.read_text())
    assert doc["format"] == "dbparity-findings/1"
    assert doc["findings"] == []
    assert doc["env_a"]["server_version"]


def test_drift_fails_under_the_right_ids(
    pytester: pytest.Pytester, pair: BuildPair
) -> None:
    a, b = pair(drift_b=DRIFT)
    out = pytester.path / "f.json"
    result = run(
        pytester, "--env-a", a, "--env-b", b, "-rf", "--dbparity-json", str(out)
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            lit("FAILED *test_constraints.py::test_constraint")
            + lit("[public.stories.stories_owner_fk]*"),
            lit("FAILED *test_functions.py::test_function")
            + lit("[public.check_missed_webhooks]*"),
            lit("FAILED *test_rls.py::test_rls[public.stories]*"),
        ]
    )
    # The side-by-side message names both sides and each differing attribute.
    result.stdout.fnmatch_lines(
        [
            "rls public.stories differs between A: * and B: *",
            "*enabled*true*false*critical*",
        ]
    )
    result.stdout.fnmatch_lines(["*arguments*hours_back integer*''*high*"])
    doc = json.loads(out.read_text())
    got = {
        (f["kind"], f["object"], f["change"], f["attribute"]) for f in doc["findings"]
    }
    assert got == {
        ("rls", "public.stories", "different", "enabled"),
        ("function", "public.check_missed_webhooks", "different", "arguments"),
        ("constraint", "public.stories.stories_owner_fk", "missing_in_a", None),
    }
    assert result.parseoutcomes()["failed"] == 3


def test_a_failure_is_its_message_alone(
    pytester: pytest.Pytester, pair: BuildPair
) -> None:
    """A parity item's failure shows its message, no traceback (the plugin
    skips pytest's filtering of a traceback it would not show); the short
    summary names the failure; --fulltrace still shows pytest's traceback."""
    a, b = pair(drift_b="alter table public.stories disable row level security;")
    result = run(pytester, "--env-a", a, "--env-b", b, "-rf", "-k", "rls")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    text = output(result)
    result.stdout.fnmatch_lines(
        [
            lit("*_ test_rls[public.stories] _*"),
            "rls public.stories differs between A: * and B: *",
            lit("FAILED *test_rls.py::test_rls[public.stories] - Failed: rls*"),
        ]
    )
    assert "verdicts.py" not in text
    assert "def test_rls" not in text
    full = run(pytester, "--env-a", a, "--env-b", b, "-k", "rls", "--fulltrace")
    assert full.ret == pytest.ExitCode.TESTS_FAILED
    assert "verdicts.py" in output(full)


def test_k_selects_objects(pytester: pytest.Pytester, pair: BuildPair) -> None:
    a, b = pair(drift_b="alter table public.stories disable row level security;")
    result = run(pytester, "--env-a", a, "--env-b", b, "-k", "stories and rls", "-v")
    result.stdout.fnmatch_lines([lit("*test_rls[public.stories] FAILED*")])
    outcomes = result.parseoutcomes()
    assert outcomes["failed"] == 1
    assert "passed" not in outcomes


def test_config_names_labels_rules_and_fail_on(
    pytester: pytest.Pytester, pair: BuildPair, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = pair(
        drift_b="""
        create table public.stories_original (id int);
        comment on table public.stories_original is 'This is a duplicate of stories';
        alter table public.authors alter column name set not null;
        """
    )
    monkeypatch.setenv("E2E_PROD_URL", a)
    monkeypatch.setenv("E2E_NONPROD_URL", b)
    pytester.makefile(
        ".yaml",
        dbparity=textwrap.dedent(
            """
            environments:
              prod: {label: Production, dsn_env: E2E_PROD_URL}
              nonprod: {label: Non-prod, dsn: "${E2E_NONPROD_URL}"}
            rules:
              - object: "public.stories_original*"
                ignore: true
                reason: deprecated, never migrate
            fail_on: high
            """
        ),
    )
    out = pytester.path / "f.json"
    result = run(
        pytester, "--env-a", "prod", "--env-b", "nonprod", "--dbparity-json", str(out)
    )
    # The column difference is medium: below fail_on high, so a warning.
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    result.stdout.fnmatch_lines(
        [
            "dbparity: A: prod (Production) at *",
            "dbparity: B: nonprod (Non-prod) at *",
            "*finding(s) below the fail-on threshold (warnings):",
            lit("*column public.authors.name: not_null: false -> true [medium]*"),
            "*finding(s) ignored by rules:",
        ]
    )
    result.stdout.fnmatch_lines(
        ["*table public.stories_original: missing in A*deprecated, never migrate*"]
    )
    doc = json.loads(out.read_text())
    assert doc["env_a"]["name"] == "prod"
    accepted = {f["object"] for f in doc["findings"] if f["accepted"]}
    assert "public.stories_original" in accepted
    assert all(
        f["accepted"] == f["object"].startswith("public.stories_original")
        for f in doc["findings"]
    )
    # The command line beats the file.
    result = run(
        pytester, "--env-a", "prod", "--env-b", "nonprod", "--dbparity-fail-on", "low"
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_header_names_what_is_not_compared(
    pytester: pytest.Pytester, pair: BuildPair
) -> None:
    a, b = pair(
        drift_a="create text search template public.tpl "
        "(init = dsimple_init, lexize = dsimple_lexize);"
    )
    result = run(pytester, "--env-a", a, "--env-b", b, "--dbparity-kinds", "rls,table")
    result.stdout.fnmatch_lines(
        [
            "dbparity: compared kinds: table, rls",
            "dbparity: present but not compared: text search template (A 1, B 0)*",
            "dbparity: never compared: privileges on parameters*",
        ]
    )
    # Kinds not compared are skipped with a reason, never silently dropped.
    result = run(pytester, "--env-a", a, "--env-b", b, "--dbparity-kinds", "rls", "-rs")
    result.stdout.fnmatch_lines(["*kind 'function' not compared*"])


def test_an_object_of_a_kind_not_modelled_fails_the_run(
    pytester: pytest.Pytester, pair: BuildPair
) -> None:
    # Nothing silent: the only difference is a text search template in A, a kind
    # the plugin does not model; it is a medium finding of kind unmodeled.
    a, b = pair(
        drift_a='create text search template public."Tpl ü" '
        "(init = dsimple_init, lexize = dsimple_lexize);"
    )
    result = run(pytester, "--env-a", a, "--env-b", b, "-rf")
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    result.stdout.fnmatch_lines(
        [
            "dbparity: present but not compared: text search template (A 1, B 0)*",
            lit('unmodeled text search template public."Tpl ü" is missing in B*'),
            lit("FAILED test_unmodeled.py::test_unmodeled[text search template *"),
        ]
    )
    assert result.parseoutcomes()["failed"] == 1


@pytest.mark.parametrize(
    ("args", "config", "message"),
    [
        (["--env-a", "prod", "--env-b", "x"], None, "*unknown environment 'prod'*"),
        (
            ["--env-a", "prod", "--env-b", "nonprod"],
            "environments:\n  prod: {dsn_env: E2E_UNSET_VAR}\n"
            "  nonprod: {dsn_env: E2E_UNSET_VAR}\n",
            "*environment 'prod' (prod): environment variable E2E_UNSET_VAR"
            " is not set*",
        ),
        (
            ["--env-a", "prod", "--env-b", "nonprod"],
            "environments: [unclosed\n",
            "*dbparity.yaml: line *, column *: malformed YAML*",
        ),
        (
            ["--env-a", "host=a", "--env-b", "host=b"],
            "rules:\n  - kind: table\n    severity: urgent\n",
            "*rules?0?.severity: unknown severity 'urgent'*",
        ),
        (
            ["--env-a", "host=a", "--env-b", "host=b", "--dbparity-fail-on", "x"],
            None,
            "*--dbparity-fail-on: unknown severity 'x'*",
        ),
        (
            ["--env-a", "host=a", "--env-b", "host=b", "--dbparity-kinds", "tables"],
            None,
            "*--dbparity-kinds: unknown kind 'tables'*",
        ),
    ],
    ids=[
        "unknown-env",
        "missing-variable",
        "malformed-yaml",
        "bad-rule",
        "bad-fail-on",
        "bad-kind",
    ],
)
def test_bad_input_gives_one_clear_line(
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    config: str | None,
    message: str,
) -> None:
    monkeypatch.delenv("E2E_UNSET_VAR", raising=False)
    if config is not None:
        pytester.makefile(".yaml", dbparity=config)
    result = run(pytester, *args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: dbparity: {message}"])
    assert "Traceback" not in result.stdout.str() + result.stderr.str()


def test_unreachable_host_never_shows_the_password(pytester: pytest.Pytester) -> None:
    secret = "s3cr3t-Pa55"
    dsn = f"postgresql://someone:{secret}@127.0.0.1:1/prod"
    result = run(
        pytester,
        "--env-a",
        dsn,
        "--env-b",
        dsn.replace("prod", "nonprod"),
        "--dbparity-connect-timeout",
        "2",
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["ERROR: dbparity: cannot connect to 127.0.0.1:1/prod*"]
    )
    assert secret not in result.stdout.str() + result.stderr.str()


def test_libpq_service_file_and_environment_variables(
    pytester: pytest.Pytester, pair: BuildPair, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DSNs work as libpq makes them work: service files and PG* variables."""
    a, b = pair(drift_b="alter table public.stories disable row level security;")
    db_a = {k: str(v) for k, v in conninfo_to_dict(a).items()}
    db_b = {k: str(v) for k, v in conninfo_to_dict(b).items()}
    services = pytester.path / "pg_service.conf"
    services.write_text("[parity_a]\n" + "".join(f"{k}={v}\n" for k, v in db_a.items()))
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    # B: only the database name on the command line, the rest from PG* variables.
    for key, var in (("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER")):
        if key in db_b:
            monkeypatch.setenv(var, db_b[key])
    result = run(
        pytester,
        "--env-a",
        "service=parity_a",
        "--env-b",
        f"dbname={db_b['dbname']}",
        "-k",
        "rls",
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines([lit("*test_rls[public.stories]*")])


def test_unreadable_config(pytester: pytest.Pytester) -> None:
    """A config that cannot be read, or is missing, is one line and exit 4."""
    folder = pytester.mkdir("a-folder")
    binary = pytester.path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00not text")
    for path, message in (
        (folder, "*a-folder: cannot read configuration*"),
        (binary, "*binary.yaml: cannot read configuration*"),
        (pytester.path / "absent.yaml", "*absent.yaml: configuration file not found"),
    ):
        result = run(
            pytester,
            *("--env-a", "host=a", "--env-b", "host=b"),
            *("--dbparity-config", str(path)),
        )
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        result.stderr.fnmatch_lines([f"ERROR: dbparity: {message}"])
        assert "Traceback" not in result.stderr.str()

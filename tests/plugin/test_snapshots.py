"""End-to-end: approved differences as syrupy snapshots, serially and under xdist.

Every scenario runs twice: in one process and with ``-n 2``. The environments are
named in a ``dbparity.yaml`` (``prod`` and ``nonprod``), so the approvals live in
``snapshots/prod--nonprod/``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.version import Version
from psycopg.conninfo import conninfo_to_dict

from pytest_dbparity.naming import encode_name
from pytest_dbparity.snapshot.compat import installed_version
from tests.plugin.helpers import (
    DRIFT,
    FK_FILE,
    FUNCTION_FILE,
    PAIR,
    RLS_FILE,
    MakePair,
    execute,
    failed_ids,
    lit,
    output,
    run_in,
)

FORMAT = "dbparity-snapshot/1"
#: 2026-05-04 and 2026-06-01, 00:00 UTC (``SOURCE_DATE_EPOCH``).
MAY_4, JUNE_1 = 1777852800, 1780272000


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text("utf-8"))


# ------------------------------------------------------------------ 1. approve


def test_approve_cycle(make_pair: MakePair, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(MAY_4))
    pair = make_pair(DRIFT)

    result = pair.run("-rf")
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output(result)
    assert result.parseoutcomes()["failed"] == 3
    result.stdout.fnmatch_lines(
        [lit(f"Not approved: no snapshot at {RLS_FILE}; rerun with --snapshot-update*")]
    )
    result.stdout.fnmatch_lines([lit(f"Not approved: no snapshot at {FK_FILE};*")])
    result.stdout.fnmatch_lines(
        [lit(f"Not approved: no snapshot at {FUNCTION_FILE};*")]
    )
    assert pair.files() == {}, "a failing run must not write approvals"

    result = pair.approve()
    result.stdout.fnmatch_lines(
        [lit(f"Generated test_rls[public.stories] ({RLS_FILE})")]
    )
    assert set(pair.files()) == {RLS_FILE, FK_FILE, FUNCTION_FILE}

    assert load_yaml(pair.path(RLS_FILE)) == {
        "approved": "2026-05-04",
        "format": FORMAT,
        "kind": "rls",
        "object": "public.stories",
        "change": "different",
        "differences": {"enabled": {"a": True, "b": False, "severity": "critical"}},
    }
    fk = load_yaml(pair.path(FK_FILE))
    assert set(fk) == {"approved", "format", "kind", "object", "change", "differences"}
    assert (fk["kind"], fk["object"], fk["change"]) == (
        "constraint",
        "public.stories.stories_owner_fk",
        "missing_in_a",
    )
    (only,) = fk["differences"].values()
    assert only["severity"] == "high"
    function = load_yaml(pair.path(FUNCTION_FILE))
    arguments = function["differences"]["arguments"]
    assert arguments["a"] == "hours_back integer"
    assert arguments["b"] == ""
    assert arguments["severity"] == "high"

    result, findings = pair.findings()
    assert result.ret == pytest.ExitCode.OK, output(result)
    assert "failed" not in result.parseoutcomes()
    assert {(f["kind"], f["object"]) for f in findings} == {
        ("rls", "public.stories"),
        ("constraint", "public.stories.stories_owner_fk"),
        ("function", "public.check_missed_webhooks"),
    }
    assert all(f["accepted"] is True for f in findings), findings
    result.stdout.fnmatch_lines(["*3 finding(s) approved in snapshots:"])
    # Approving is idempotent: the files are byte-for-byte stable.
    before = pair.files()
    pair.approve()
    assert pair.files() == before


def test_update_new_only_writes_whole_approvals(
    make_pair: MakePair, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first run serializes no YAML where no approval exists and nothing is
    written; ``--snapshot-update-new-only`` (syrupy 7) writes them, the same
    bytes as ``--snapshot-update``."""
    version = installed_version()
    if version is None or Version(version).major < 7:
        pytest.skip("--snapshot-update-new-only is syrupy 7's")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(MAY_4))
    pair = make_pair(DRIFT)
    result = pair.run("--snapshot-update-new-only")
    assert result.ret == pytest.ExitCode.OK, output(result)
    written = pair.files()
    assert set(written) == {RLS_FILE, FK_FILE, FUNCTION_FILE}
    for name in written:
        pair.path(name).unlink()
    pair.approve()
    assert pair.files() == written
    assert load_yaml(pair.path(RLS_FILE))["differences"] == {
        "enabled": {"a": True, "b": False, "severity": "critical"}
    }


def test_approvals_never_hide_risk(
    make_pair: MakePair, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reviewer's reason survives a later update (which dates the file anew);
    the report and the fix script keep approved differences, marked with date
    and reason, unless --dbparity-exclude-approved leaves them out."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(MAY_4))
    pair = make_pair(DRIFT)
    pair.approve()
    rls = pair.path(RLS_FILE)
    rls.write_text(
        rls.read_text("utf-8") + "reason: 'nonprod: RLS off for the load test'\n",
        "utf-8",
    )
    pair.run()  # the reason changes nothing: the approval still holds
    execute(pair.dsn_b, "alter table public.stories force row level security;")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(JUNE_1))
    pair.approve()
    data = load_yaml(rls)
    assert data["approved"] == "2026-06-01"
    assert data["reason"] == "nonprod: RLS off for the load test"
    assert set(data["differences"]) == {"enabled", "forced"}

    out = pair.path("out")
    result = pair.run(
        "--dbparity-report",
        str(out / "report.md"),
        "--dbparity-fix-sql",
        str(out / "fix.sql"),
    )
    assert result.ret == pytest.ExitCode.OK, output(result)
    report = (out / "report.md").read_text("utf-8")
    assert "Overall risk: **CRITICAL**" in report
    assert "Without the approved differences: **NONE**" in report
    assert "**APPROVED** on 2026-06-01, nonprod: RLS off for the load test" in report
    assert "Nothing at this priority." in report  # MEDIUM and LOW
    assert report.count("Nothing at this priority.") < 4
    fix = (out / "fix.sql").read_text("utf-8")
    lines = fix.splitlines()
    enable = lines.index('ALTER TABLE "public"."stories" ENABLE ROW LEVEL SECURITY;')
    assert (
        "-- approved on 2026-06-01: nonprod: RLS off for the load test "
        "(rls public.stories)"
    ) in lines[enable - 4 : enable]

    result = pair.run(
        "--dbparity-exclude-approved",
        "--dbparity-report",
        str(out / "report.md"),
        "--dbparity-fix-sql",
        str(out / "fix.sql"),
    )
    assert result.ret == pytest.ExitCode.OK, output(result)
    report = (out / "report.md").read_text("utf-8")
    assert "Overall risk: **NONE**" in report
    assert "--dbparity-exclude-approved leaves" in report
    fix = (out / "fix.sql").read_text("utf-8")
    assert "ENABLE ROW LEVEL SECURITY" not in fix
    assert re.search(r"^-- Left out: \d+ finding\(s\) approved in snapshots", fix, re.M)


# ------------------------------------------------------------ 2. new difference


def test_new_difference_after_approval_fails_alone(
    make_pair: MakePair,
) -> None:
    pair = make_pair(DRIFT)
    pair.approve()
    execute(pair.dsn_b, "alter table public.authors enable row level security;")

    result = pair.run("-rA")
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output(result)
    assert result.parseoutcomes()["failed"] == 1
    result.stdout.fnmatch_lines(
        [
            lit("*Not approved: no snapshot at ")
            + lit(f"{PAIR}/test_rls/test_rls[public.authors].yaml;*"),
        ]
    )
    result.stdout.fnmatch_lines([lit("FAILED *test_rls.py::test_rls[public.authors]*")])
    result.stdout.fnmatch_lines([lit("PASSED *test_rls.py::test_rls[public.stories]")])
    assert failed_ids(result) == {"test_rls[public.authors]"}
    assert output(result).count("Not approved") == 1


# -------------------------------------------------------- 3. changed difference


def test_changed_difference_fails_with_a_diff(make_pair: MakePair) -> None:
    base = """
    create function public.report() returns jsonb
        language sql stable as $$ select '{}'::jsonb $$;
    """
    pair = make_pair(
        drift_b="""
        drop function public.report();
        create function public.report() returns json
            language sql stable as $$ select '{}'::json $$;
        """,
        schema=base,
    )
    pair.approve()
    path = f"{PAIR}/test_functions/test_function[public.report].yaml"
    assert load_yaml(pair.path(path))["differences"]["result"]["b"] == "json"
    execute(
        pair.dsn_b,
        """
        drop function public.report();
        create function public.report() returns text
            language sql stable as $$ select '{}'::text $$;
        """,
    )

    result = pair.run()
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output(result)
    assert result.parseoutcomes()["failed"] == 1
    result.stdout.fnmatch_lines(
        [
            "*The approved difference changed (rerun with --snapshot-update to "
            "approve it):",
            lit(f"*--- approved ({path})"),
            "*+++ now",
        ]
    )
    result.stdout.fnmatch_lines(["*-    b: json"])
    result.stdout.fnmatch_lines(["*+    b: text"])
    assert "Traceback" not in output(result)
    # The file keeps the approved difference until it is approved again.
    assert load_yaml(pair.path(path))["differences"]["result"]["b"] == "json"
    pair.approve()
    assert load_yaml(pair.path(path))["differences"]["result"]["b"] == "text"
    assert pair.run().ret == pytest.ExitCode.OK


# ------------------------------------------------------- 4. resolved difference


def test_resolved_difference_is_stale_until_updated(
    make_pair: MakePair,
) -> None:
    pair = make_pair(DRIFT)
    pair.approve()
    execute(pair.dsn_b, "alter table public.stories enable row level security;")

    result = pair.run()
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output(result)
    assert "failed" not in result.parseoutcomes()
    result.stdout.fnmatch_lines([lit(f"Unused test_rls[public.stories] ({RLS_FILE})")])
    assert RLS_FILE in pair.files(), "a plain run never deletes"

    kept = {k: v for k, v in pair.files().items() if k != RLS_FILE}
    result = pair.approve()
    result.stdout.fnmatch_lines([lit(f"Deleted test_rls[public.stories] ({RLS_FILE})")])
    assert pair.files() == kept
    assert set(kept) == {FK_FILE, FUNCTION_FILE}

    result = pair.run()
    assert result.ret == pytest.ExitCode.OK, output(result)
    result.stdout.no_fnmatch_line("*Unused*")


# ------------------------------------------------------------ 5. -k and update


FUNCTIONS = """
create function public.fn_alpha() returns integer language sql as $$ select 1 $$;
create function public.fn_beta() returns integer language sql as $$ select 1 $$;
"""


def _retype(dsn: str, result_type: str) -> None:
    execute(
        dsn,
        f"""
        drop function public.fn_alpha();
        drop function public.fn_beta();
        create function public.fn_alpha() returns {result_type}
            language sql as $$ select 1 $$;
        create function public.fn_beta() returns {result_type}
            language sql as $$ select 1 $$;
        """,
    )


ALPHA = f"{PAIR}/test_functions/test_function[public.fn_alpha].yaml"
BETA = f"{PAIR}/test_functions/test_function[public.fn_beta].yaml"


def test_k_update_touches_only_selected_items(make_pair: MakePair) -> None:
    pair = make_pair(schema=FUNCTIONS)
    _retype(pair.dsn_b, "bigint")
    pair.approve()
    before = pair.files()
    assert set(before) == {ALPHA, BETA}
    _retype(pair.dsn_b, "numeric")

    result = pair.approve("-k", "fn_alpha")
    assert "failed" not in result.parseoutcomes()
    after = pair.files()
    assert set(after) == {ALPHA, BETA}
    assert after[BETA] == before[BETA]
    assert after[ALPHA] != before[ALPHA]
    assert load_yaml(pair.path(ALPHA))["differences"]["result"]["b"] == "numeric"

    # The deselected approval still stands for the old difference.
    result = pair.run("-rf")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert result.parseoutcomes()["failed"] == 1
    result.stdout.fnmatch_lines([lit("FAILED *test_function[public.fn_beta]*")])

    # Both differences resolved: a partial update deletes no approval (syrupy
    # cannot tell deselected approvals from stale ones by name) and says so ...
    _retype(pair.dsn_b, "integer")
    result = pair.approve("-k", "fn_alpha")
    assert set(pair.files()) == {ALPHA, BETA}, output(result)
    result.stdout.fnmatch_lines(["dbparity: partial run (-k): stale approvals*"])
    # ... and a full update removes both.
    pair.approve()
    assert set(pair.files()) == set(), output(pair.run())


def test_k_update_with_a_dotted_key_keeps_deselected_approvals(
    make_pair: MakePair,
) -> None:
    pair = make_pair(DRIFT)
    pair.approve()
    before = pair.files()
    # pytest deselects both items whose approvals exist ...
    collected = pair.run("--collect-only", "-q", "-k", "not public.stories")
    assert "::test_rls[" in collected.stdout.str()
    assert "public.stories" not in collected.stdout.str()
    # ... so an update must leave their approvals alone.
    pair.approve("-k", "not public.stories")
    assert pair.files() == before


# ---------------------------------------------------------------- 6. drift mode


def test_drift_mode(make_pair: MakePair) -> None:
    pair = make_pair()

    def run(*args: str) -> pytest.RunResult:
        return run_in(pair.pytester, pair.mode, "--env-a", "prod", *args)

    result = run()
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output(result)
    result.stdout.fnmatch_lines(
        [
            "dbparity: drift mode: A against its approved snapshots in snapshots/prod",
        ]
    )
    result.stdout.fnmatch_lines(
        [
            "rls public.stories in A: prod (Production) is not in its approved "
            "snapshot (new since approval): no snapshot at "
            + lit("snapshots/prod/test_rls/test_rls[public.stories].yaml;*"),
        ]
    )
    assert pair.files() == {}

    result = run("--snapshot-update")
    assert result.ret == pytest.ExitCode.OK, output(result)
    files = pair.files()
    assert files
    assert all(name.startswith("snapshots/prod/") for name in files), sorted(files)
    assert not any("row_count" in name for name in files)
    rls = load_yaml(pair.path("snapshots/prod/test_rls/test_rls[public.stories].yaml"))
    assert rls["format"] == FORMAT
    assert (rls["kind"], rls["object"]) == ("rls", "public.stories")
    assert rls["attributes"]["enabled"] is True
    authors = "snapshots/prod/test_tables/test_table[public.authors].yaml"
    assert authors in files

    result = run()
    assert result.ret == pytest.ExitCode.OK, output(result)
    assert "failed" not in result.parseoutcomes()

    execute(
        pair.dsn_a,
        """
        alter table public.stories add column summary text;
        alter table public.stories alter column title type varchar(200);
        drop table public.authors;
        """,
    )
    out = pair.path("drift.json")
    result = run("-rf", "--dbparity-json", str(out))
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output(result)
    result.stdout.fnmatch_lines(
        [
            "column public.stories.title in A: prod (Production) changed since it "
            "was approved "
            + lit(
                "(snapshots/prod/test_columns/test_column[public.stories.title].yaml;"
            )
            + "*",
        ]
    )
    result.stdout.fnmatch_lines(
        ["column public.stories.summary in A: prod * is not in its approved snapshot*"]
    )
    result.stdout.fnmatch_lines([lit(f"Unused test_table[public.authors] ({authors})")])
    assert failed_ids(result) == {
        "test_column[public.stories.summary]",
        "test_column[public.stories.title]",
    }
    findings = json.loads(out.read_text("utf-8"))["findings"]
    assert {(f["object"], f["attribute"], f["change"]) for f in findings} == {
        ("public.stories.summary", None, "missing_in_a"),
        ("public.stories.title", "type", "different"),
    }

    result = run("--snapshot-update")
    assert result.ret == pytest.ExitCode.OK, output(result)
    assert not any("public.authors" in name for name in pair.files())
    assert run().ret == pytest.ExitCode.OK


# -------------------------------------------------------- 7. weird identifiers


WEIRD = '''
create schema "My Schema";
create table "My Schema"."Straße.Daten" (id int primary key, "Spalte ""x""" text);
create table public."a.b" (c int);
create table public.a ("b.c" int);
create function public.long_signature(
    argument_number_01 integer, argument_number_02 integer,
    argument_number_03 integer, argument_number_04 integer,
    argument_number_05 integer, argument_number_06 integer,
    argument_number_07 integer, argument_number_08 integer,
    argument_number_09 integer, argument_number_10 integer
) returns integer language sql immutable as $$ select 1 $$;
-- An overload: the ids of both carry their arguments.
create function public.long_signature(only_one integer) returns integer
    language sql immutable as $$ select 1 $$;
'''

WEIRD_DRIFT = '''
alter table "My Schema"."Straße.Daten" enable row level security;
alter table "My Schema"."Straße.Daten" alter column "Spalte ""x""" type varchar(10);
alter table public."a.b" alter column c type bigint;
alter table public.a alter column "b.c" type bigint;
alter function public.long_signature(
    integer, integer, integer, integer, integer,
    integer, integer, integer, integer, integer
) volatile;
'''

#: kind -> test module and test function of the shipped parity tests.
TESTS = {
    "rls": ("test_rls", "test_rls"),
    "column": ("test_columns", "test_column"),
    "function": ("test_functions", "test_function"),
}


def test_weird_identifiers(make_pair: MakePair) -> None:
    pair = make_pair(WEIRD_DRIFT, schema=WEIRD)
    result, findings = pair.findings()
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output(result)
    keys = {(f["kind"], f["object"]) for f in findings}
    long_key = (
        "public.long_signature("
        + ", ".join(f"argument_number_{i:02} integer" for i in range(1, 11))
        + ")"
    )
    assert keys == {
        ("rls", '"My Schema"."Straße.Daten"'),
        ("column", '"My Schema"."Straße.Daten"."Spalte ""x"""'),
        ("column", 'public."a.b".c'),
        ("column", 'public.a."b.c"'),
        ("function", long_key),
    }
    assert len(f"test_function[{long_key}]".encode()) > 200

    # Without the filter syrupy's warning about these names fails the in-process
    # run (see test_approving_encoded_names_warns_nothing).
    pair.approve()
    result, findings = pair.findings()
    assert result.ret == pytest.ExitCode.OK, output(result)
    assert all(f["accepted"] for f in findings), findings

    files = pair.files()
    assert len(files) == len(keys) == 5
    for kind, key in keys:
        module, test = TESTS[kind]
        # pytest escapes non-ASCII in ids (ß is \\xdf); the file name follows the id.
        test_id = f"{test}[{key.encode('unicode_escape').decode('ascii')}]"
        name = f"{PAIR}/{module}/{encode_name(test_id)}.yaml"
        assert name in files, (name, sorted(files))
        data = load_yaml(pair.path(name))
        assert (data["kind"], data["object"]) == (kind, key)
    # Keys that differ only in quoting and dots never share a file.
    columns = {load_yaml(pair.path(n))["object"]: n for n in files if "/test_col" in n}
    assert columns['public."a.b".c'] != columns['public.a."b.c"']
    # Names are file-system safe: no quotes, bounded length, upper case escaped.
    for name in files:
        leaf = name.rsplit("/", 1)[1]
        assert '"' not in leaf
        assert re.sub("%[0-9A-F]{2}", "", leaf).islower()
        assert len(leaf.encode()) <= 205
    assert any(re.search(r"~[0-9a-f]{16}\.yaml$", n) for n in files), sorted(files)

    # Stable: approving again rewrites nothing.
    pair.approve()
    assert pair.files() == files


def test_approving_encoded_names_warns_nothing(
    make_pair: MakePair,
) -> None:
    pair = make_pair(
        drift_b='alter table public."a.b" alter column c type bigint;',
        schema='create table public."a.b" (c int);',
    )
    result = pair.run("--snapshot-update", "-W", "error::UserWarning")
    assert "Can not relate" not in output(result)
    assert result.ret == pytest.ExitCode.OK, output(result)
    assert set(pair.files()) == {
        f"{PAIR}/test_columns/test_column[public.%22a.b%22.c].yaml"
    }


# ------------------------------------------------------------- 8. no secrets


PASSWORD = "SnapPw123"


def _url(dsn: str) -> str:
    info = conninfo_to_dict(dsn)
    host, port = info.get("host", "127.0.0.1"), info.get("port", "5432")
    return f"postgresql://postgres:{PASSWORD}@{host}:{port}/{info['dbname']}"


def _assert_safe(files: dict[str, bytes], *, names: bool = True) -> None:
    assert files
    for name, content in files.items():
        for secret in (PASSWORD, "127.0.0.1", "postgresql://"):
            assert not names or secret not in name, name
            assert secret.encode() not in content, (name, secret)


def test_snapshots_hold_no_connection_details(
    make_pair: MakePair, monkeypatch: pytest.MonkeyPatch
) -> None:
    pair = make_pair(DRIFT)
    monkeypatch.setenv("SNAP_PROD_URL", _url(pair.dsn_a))
    monkeypatch.setenv("SNAP_NONPROD_URL", _url(pair.dsn_b))
    result = pair.approve()
    assert PASSWORD not in output(result)
    _assert_safe(pair.files())
    assert set(pair.files()) == {RLS_FILE, FK_FILE, FUNCTION_FILE}

    # DSNs on the command line, no config: the contents hold no connection details
    # either (the folder name is test_direct_dsn_folder_names_no_host's business).
    (pair.pytester.path / "dbparity.yaml").unlink()
    for path in pair.files():
        pair.path(path).unlink()
    result = run_in(
        pair.pytester,
        pair.mode,
        "--env-a",
        _url(pair.dsn_a),
        "--env-b",
        _url(pair.dsn_b),
        "--snapshot-update",
    )
    assert result.ret == pytest.ExitCode.OK, output(result)
    assert PASSWORD not in output(result)
    files = pair.files()
    assert len(files) == 3
    _assert_safe(files, names=False)


def test_direct_dsn_folder_names_no_host(make_pair: MakePair) -> None:
    pair = make_pair(DRIFT)
    (pair.pytester.path / "dbparity.yaml").unlink()
    url_a, url_b = _url(pair.dsn_a), _url(pair.dsn_b)
    result = run_in(
        pair.pytester,
        pair.mode,
        "--env-a",
        url_a,
        "--env-b",
        url_b,
        "--snapshot-update",
    )
    assert result.ret == pytest.ExitCode.OK, output(result)
    assert PASSWORD not in output(result)
    folders = [p.name for p in (pair.pytester.path / "snapshots").iterdir()]
    assert len(folders) == 1, folders
    db_a, db_b = (str(conninfo_to_dict(d)["dbname"]) for d in (pair.dsn_a, pair.dsn_b))
    assert re.fullmatch(
        rf"{re.escape(db_a)}-[0-9a-f]{{8}}--{re.escape(db_b)}-[0-9a-f]{{8}}",
        folders[0],
    ), folders
    _assert_safe(pair.files())


# ---------------------------------------------------------- 9. corrupt files


def test_corrupt_snapshot_is_named_without_traceback(
    make_pair: MakePair,
) -> None:
    pair = make_pair(DRIFT)
    pair.approve()
    pair.path(RLS_FILE).write_text(": not yaml [", "utf-8")
    pair.path(FK_FILE).write_text(
        "format: other/1\nkind: constraint\nobject: public.stories.stories_owner_fk\n",
        "utf-8",
    )

    result = pair.run("-rf")
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output(result)
    assert result.parseoutcomes()["failed"] == 2
    result.stdout.fnmatch_lines(
        [lit(f"The snapshot file {RLS_FILE} is corrupt (not valid YAML*")]
    )
    result.stdout.fnmatch_lines(
        [lit(f"The snapshot file {FK_FILE} is corrupt (format is 'other/1'*")]
    )
    result.stdout.fnmatch_lines([lit("FAILED *test_rls[public.stories]*")])
    assert "Traceback" not in output(result)
    assert "INTERNALERROR" not in output(result)

    pair.approve()
    assert load_yaml(pair.path(RLS_FILE))["format"] == FORMAT
    assert load_yaml(pair.path(FK_FILE))["format"] == FORMAT
    assert pair.run().ret == pytest.ExitCode.OK


# ------------------------------------------------------ 10. snapshot directory


def test_snapshot_dir_option(make_pair: MakePair) -> None:
    pair = make_pair(DRIFT)
    pair.extra = ["--dbparity-snapshot-dir", "approvals"]
    result = pair.approve()
    result.stdout.fnmatch_lines(
        ["dbparity: approved differences in approvals/prod--nonprod"]
    )
    assert pair.files() == {}
    files = pair.files("approvals")
    assert set(files) == {
        name.replace("snapshots/", "approvals/", 1)
        for name in (RLS_FILE, FK_FILE, FUNCTION_FILE)
    }
    assert pair.run().ret == pytest.ExitCode.OK
    pair.extra = []
    result = pair.run()
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        ["Not approved: no snapshot at snapshots/prod--nonprod*"]
    )


def _forget(path: Path, attribute: str, *, within: str | None = None) -> None:
    """Rewrite an approval as a version that did not compare *attribute* wrote
    it: the attribute is gone from the recorded attributes (drift mode, or the
    present side of a missing object)."""
    data = load_yaml(path)
    attrs = data["attributes"] if within is None else data["differences"][within]
    if within is not None:
        attrs = attrs["a"] if attrs["a"] is not None else attrs["b"]
    assert attribute in attrs, sorted(attrs)
    del attrs[attribute]
    path.write_text(yaml.safe_dump(data, sort_keys=True, allow_unicode=True))


def test_approvals_survive_a_kind_gaining_an_attribute(
    make_pair: MakePair,
) -> None:
    """An upgrade that makes a kind compare one more attribute: approvals written
    before it (simulated by taking the attribute out of them) keep holding for
    what they recorded; the summary names what they predate; a difference in the
    new attribute is reported as not approved, not as a changed approval; and
    --snapshot-update records the rest."""
    pair = make_pair(
        drift_b="drop table public.authors;"
        " alter table public.stories disable row level security;"
    )
    pair.approve()
    authors = pair.path(f"{PAIR}/test_tables/test_table[public.authors].yaml")
    _forget(authors, "persistence", within="(object)")
    drift = ["--env-a", "prod"]
    run_in(pair.pytester, pair.mode, *drift, "--snapshot-update")
    drift_file = pair.path("snapshots/prod/test_tables/test_table[public.stories].yaml")
    _forget(drift_file, "owner")

    result = pair.run("-rA")
    assert result.ret == pytest.ExitCode.OK, output(result)
    result.stdout.fnmatch_lines(
        ["1 approval(s) predate attribute(s) this version compares (persistence)*"]
    )
    result = run_in(pair.pytester, pair.mode, *drift)
    assert result.ret == pytest.ExitCode.OK, output(result)
    result.stdout.fnmatch_lines(
        ["1 approval(s) predate attribute(s) this version compares (owner)*"]
    )

    # The RLS approval covers `enabled`; a new difference in another attribute
    # of the same object is named as not approved, the approval as holding.
    rls = pair.path(RLS_FILE)
    data = load_yaml(rls)
    execute(pair.dsn_b, "alter table public.stories force row level security;")
    result = pair.run()
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output(result)
    assert failed_ids(result) == {"test_rls[public.stories]"}
    text = output(result)
    assert "still holds for what it covers (enabled); not approved: forced" in text
    assert "The approved difference changed" not in text
    assert load_yaml(rls) == data

    # Updating writes the approvals out in full.
    pair.approve()
    run_in(pair.pytester, pair.mode, *drift, "--snapshot-update")
    assert "persistence" in load_yaml(authors)["differences"]["(object)"]["a"]
    assert "owner" in load_yaml(drift_file)["attributes"]
    result = pair.run()
    assert result.ret == pytest.ExitCode.OK, output(result)
    assert "predate" not in output(result)

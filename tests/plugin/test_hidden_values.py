"""A setting whose name looks like a secret never shows its value: not in the
terminal, the findings file, the reports, JUnit, the fix script, snapshots or a
saved catalog; differing values read "differs (values hidden)", and a saved
catalog hashed under another key says it cannot compare them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from psycopg.sql import SQL, Identifier, Literal

from pytest_dbparity.core.secrets import DIFFERENT_KEYS, DIFFERS, KEY_VARIABLE
from tests.fix_db import PgServer
from tests.plugin.helpers import SCHEMA, run

TOKEN = uuid.uuid4().hex[:12]
VALUE_A = f"hv-a-{TOKEN}-Zq9"
VALUE_B = f"hv-b-{TOKEN}-Wx7"


def set_secret(pg_server: PgServer, db: str, value: str) -> None:
    with pg_server.connect(db) as conn:
        conn.execute(
            SQL("ALTER DATABASE {} SET app.jwt_secret = {}").format(
                Identifier(db), Literal(value)
            )
        )
        conn.execute(
            SQL("ALTER DATABASE {} SET pgrst.db_schemas = 'public'").format(
                Identifier(db)
            )
        )


@pytest.fixture
def dbs(pg_server: PgServer) -> Iterator[tuple[str, str]]:
    a = pg_server.create_database(SCHEMA, prefix="hid")
    b = pg_server.create_database(SCHEMA, prefix="hid")
    try:
        set_secret(pg_server, a, VALUE_A)
        set_secret(pg_server, b, VALUE_B)
        yield a, b
    finally:
        pg_server.drop_database(a)
        pg_server.drop_database(b)


def assert_hidden(pytester: pytest.Pytester, result: pytest.RunResult) -> None:
    """Neither value, nor its distinctive part, in any output or file."""
    out = result.stdout.str() + result.stderr.str()
    for needle in (VALUE_A, VALUE_B, TOKEN):
        assert needle not in out, out
    for path in pytester.path.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert TOKEN.encode() not in data, f"hidden value in {path}"


def findings(path: Path) -> list[dict[str, object]]:
    doc = json.loads(path.read_text("utf-8"))
    return [f for f in doc["findings"] if f["kind"] == "setting"]


@pytest.mark.parametrize("mode", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_hidden_value_appears_in_no_output(
    pytester: pytest.Pytester,
    pg_server: PgServer,
    dbs: tuple[str, str],
    monkeypatch: pytest.MonkeyPatch,
    mode: list[str],
) -> None:
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    a, b = dbs
    env = ["--env-a", pg_server.dsn(a), "--env-b", pg_server.dsn(b), *mode]
    files = [
        "--dbparity-json", "out/findings.json",
        "--dbparity-report", "out/report.md",
        "--dbparity-report", "out/report.html",
        "--junitxml", "out/junit.xml",
        "--dbparity-fix-sql", "out/fix.sql",
        "--dbparity-save-catalog", "out/catalog.json",
    ]  # fmt: skip
    result = run(pytester, *env, *files, "-vv", "-rA", "--tb=long", "-l")
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    assert_hidden(pytester, result)
    result.stdout.fnmatch_lines([f"*settings[[]app.jwt_secret]*{DIFFERS}*"])
    (secret,) = [
        f
        for f in findings(pytester.path / "out" / "findings.json")
        if f["attribute"] == "settings[app.jwt_secret]"
    ]
    assert (secret["a"], secret["b"]) == (DIFFERS, DIFFERS)
    fix = (pytester.path / "out" / "fix.sql").read_text("utf-8")
    assert "set by hand (value hidden)" in fix
    assert DIFFERS in (pytester.path / "out" / "report.md").read_text("utf-8")
    saved = json.loads((pytester.path / "out" / "catalog.json").read_text("utf-8"))
    assert saved["catalog"]["hidden_key"]

    # Approved: the snapshot holds the hidden text, and the run passes.
    result = run(pytester, *env, "--snapshot-update", "-v")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    texts = [p.read_text("utf-8") for p in (pytester.path / "snapshots").rglob("*")
             if p.is_file() and "setting" in str(p)]  # fmt: skip
    assert any(DIFFERS in t for t in texts), texts
    result = run(pytester, *env, "-v")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    assert_hidden(pytester, result)


def test_saved_catalog_needs_the_same_key(
    pytester: pytest.Pytester,
    pg_server: PgServer,
    dbs: tuple[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a, b = dbs
    monkeypatch.setenv(KEY_VARIABLE, f"key-one-{uuid.uuid4().hex}")
    result = run(
        pytester, "--env-a", pg_server.dsn(a), "--env-b", pg_server.dsn(b),
        "--dbparity-save-catalog", "a.json", "-q",
    )  # fmt: skip
    assert (pytester.path / "a.json").is_file(), result.stdout.str()
    live_a = ["--env-b", pg_server.dsn(a)]

    # The same key: the saved value equals the live one (no setting finding).
    result = run(pytester, "--env-a", "snapshot:a.json", *live_a, "--dbparity-json",
                 "same.json", "-q")  # fmt: skip
    assert findings(pytester.path / "same.json") == []
    assert_hidden(pytester, result)

    # Another key: not a pass, not "differs": it says it cannot compare.
    monkeypatch.setenv(KEY_VARIABLE, f"key-two-{uuid.uuid4().hex}")
    result = run(pytester, "--env-a", "snapshot:a.json", *live_a, "--dbparity-json",
                 "other.json", "-v")  # fmt: skip
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    (f,) = findings(pytester.path / "other.json")
    assert (f["attribute"], f["a"], f["b"]) == (
        "settings[app.jwt_secret]",
        DIFFERENT_KEYS,
        DIFFERENT_KEYS,
    )
    assert DIFFERENT_KEYS in str(f["reason"])
    result.stdout.fnmatch_lines([f"*note (A): {DIFFERENT_KEYS}*"])
    assert DIFFERS not in result.stdout.str()
    assert_hidden(pytester, result)


def test_drift_mode_never_writes_the_value(
    pytester: pytest.Pytester,
    pg_server: PgServer,
    dbs: tuple[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    a, _ = dbs
    result = run(pytester, "--env-a", pg_server.dsn(a), "--snapshot-update", "-v")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    result = run(pytester, "--env-a", pg_server.dsn(a), "-v")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    assert_hidden(pytester, result)


def test_user_mapping_password_appears_in_no_output(
    pytester: pytest.Pytester, pg_server: PgServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every option of a user mapping is hidden, a password first of all."""
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    token = uuid.uuid4().hex[:12]
    made = []
    try:
        for side in ("a", "b"):
            name = pg_server.create_database(SCHEMA, prefix="hidum")
            made.append(name)
            with pg_server.connect(name) as conn:
                conn.execute("CREATE FOREIGN DATA WRAPPER hid_w")
                conn.execute("CREATE SERVER hid_s FOREIGN DATA WRAPPER hid_w")
                conn.execute(
                    SQL(
                        "CREATE USER MAPPING FOR PUBLIC SERVER hid_s "
                        "OPTIONS (user 'app', password {})"
                    ).format(Literal(f"um-{side}-{token}-Pw"))
                )
        a, b = made
        files = [
            "--dbparity-json", "out/findings.json",
            "--dbparity-report", "out/report.md",
            "--dbparity-report", "out/report.html",
            "--junitxml", "out/junit.xml",
            "--dbparity-fix-sql", "out/fix.sql",
            "--dbparity-save-catalog", "out/catalog.json",
        ]  # fmt: skip
        env = ["--env-a", pg_server.dsn(a), "--env-b", pg_server.dsn(b)]
        result = run(pytester, *env, *files, "-vv", "-rA", "--tb=long", "-l")
        assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
        out = result.stdout.str() + result.stderr.str()
        assert token not in out, out
        for path in pytester.path.rglob("*"):
            if path.is_file():
                assert token.encode() not in path.read_bytes(), f"password in {path}"
        doc = json.loads((pytester.path / "out" / "findings.json").read_text("utf-8"))
        (f,) = [f for f in doc["findings"] if f["kind"] == "user_mapping"]
        assert (f["object"], f["attribute"]) == ("PUBLIC@hid_s", "options[password]")
        assert (f["a"], f["b"]) == (DIFFERS, DIFFERS)
        fix = (pytester.path / "out" / "fix.sql").read_text("utf-8")
        assert "set by hand (value hidden): ALTER USER MAPPING FOR PUBLIC" in fix
        assert "'...'" in fix
    finally:
        for name in made:
            pg_server.drop_database(name)

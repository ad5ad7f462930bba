"""The README's Supabase recipe, kept runnable: its read-only role's SQL and its
``dbparity.yaml``, as the README writes them, against two local Supabase-shaped
databases (the shipped ``supabase`` prelude plus ``supabase_recipe/``), the
plugin run as that role; what it prints is the README's "first run"."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import uuid
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import make_conninfo
from psycopg.sql import SQL, Identifier

from tests.fix_db import PgServer

ROOT = Path(__file__).resolve().parents[2]
RECIPE = Path(__file__).parent / "supabase_recipe"
SECTION = "## Supabase: connecting, a read-only role, a first run"


def _section() -> str:
    text = (ROOT / "README.md").read_text("utf-8")
    start = text.index(SECTION)
    end = text.index("\n## ", start)
    return text[start:end]


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", _section(), flags=re.S)


def _summary(text: str) -> list[str]:
    """The lines of the ``dbparity summary`` block (its count line and one line
    per difference)."""
    lines = text.splitlines()
    start = next(i for i, ln in enumerate(lines) if "dbparity summary" in ln) + 1
    out = []
    for line in lines[start:]:
        if line.startswith("="):
            break
        out.append(line)
    return out


@pytest.fixture
def recipe_pair(pg_server: PgServer) -> Iterator[tuple[dict[str, str], str]]:
    """Both projects, built as the README says, and the reader role made by the
    README's SQL (its name made unique: roles belong to the whole server):
    side -> the role's DSN, and the role."""
    role = f"dbparity_reader_{uuid.uuid4().hex[:8]}"
    password = secrets.token_urlsafe(16)
    (role_sql,) = _blocks("sql")
    role_sql = role_sql.replace("dbparity_reader", role).replace(
        "'change-me'", f"'{password}'"
    )
    assert f"create role {role} login" in role_sql
    prelude = (
        resources.files("pytest_dbparity.ephemeral")
        .joinpath("preludes", "supabase.sql")
        .read_text("utf-8")
    )
    made: list[str] = []
    dsns: dict[str, str] = {}
    try:
        for side in ("prod", "nonprod"):
            script = "\n".join(
                [
                    prelude,
                    (RECIPE / "common.sql").read_text("utf-8"),
                    (RECIPE / f"{side}.sql").read_text("utf-8"),
                ]
            )
            name = pg_server.create_database(script, prefix=f"recipe_{side}")
            made.append(name)
            # Each project runs the whole SQL; on this one server the role
            # exists after the first.
            text = role_sql
            if side != "prod":
                text = "\n".join(
                    ln
                    for ln in role_sql.splitlines()
                    if not ln.startswith("create role")
                )
            with psycopg.connect(pg_server.dsn(name), autocommit=True) as conn:
                conn.execute(text.encode())
            dsns[side] = make_conninfo(
                pg_server.dsn(name), user=role, password=password
            )
        yield dsns, role
    finally:
        for name in made:
            pg_server.drop_database(name)
        with pg_server.connect() as conn:
            conn.execute(SQL("drop role if exists {}").format(Identifier(role)))


def test_the_readme_supabase_recipe_runs_as_written(
    recipe_pair: tuple[dict[str, str], str], tmp_path: Path
) -> None:
    dsns, role = recipe_pair
    (config,) = _blocks("yaml")
    (tmp_path / "dbparity.yaml").write_text(config, "utf-8")
    env = {
        **os.environ,
        "PROD_DATABASE_URL": dsns["prod"],
        "NONPROD_DATABASE_URL": dsns["nonprod"],
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--env-a",
            "prod",
            "--env-b",
            "nonprod",
            "-p",
            "no:cacheprovider",
            "--dbparity-fix-sql",
            "reconcile.sql",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    # As the role: every kind read, no table it could not read.
    with psycopg.connect(dsns["prod"]) as conn:
        row = conn.execute("select current_user").fetchone()
    assert row is not None
    assert row[0] == role
    assert "not read" not in out
    assert "may not read" not in out
    assert "row level security hides" not in out
    (shown,) = _blocks("text")
    assert _summary(out) == _summary(shown)
    final = [ln for ln in out.splitlines() if re.search(r"\d+ failed, \d+ passed", ln)]
    assert len(final) == 1
    counts = re.sub(r" in [\d.]+s", "", final[0])
    assert counts in [re.sub(r" in [\d.]+s", "", ln) for ln in shown.splitlines()]
    script = (tmp_path / "reconcile.sql").read_text("utf-8")
    rename = (
        'ALTER TABLE "public"."profiles" RENAME COLUMN "display_name" TO "full_name";'
    )
    assert f"-- {rename}" in script
    assert rename in _section()
    assert 'ALTER TABLE "public"."notes" ENABLE ROW LEVEL SECURITY;' in script

"""Schemas, scenarios and helpers the end-to-end modules share.

Two scenarios:

* ``SCHEMA``: a database the plugin is run against directly (``--env-a DSN``),
  with ``run``;
* the named pair of the snapshot modules: ``SNAPSHOT_SCHEMA`` with ``DRIFT``
  applied to B, named ``prod`` and ``nonprod`` in a ``dbparity.yaml``
  (``CONFIG``), driven through :class:`Pair` (the ``make_pair`` fixture of
  ``conftest.py`` builds one) serially or under xdist (the ``mode`` fixture).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import psycopg
import pytest

SCHEMA = """
create table public.stories (
    id bigint generated always as identity primary key,
    title text not null,
    owner_id bigint
);
create table public.authors (id bigint primary key, name text);
alter table public.stories enable row level security;
create policy own on public.stories for select using (owner_id = 1);
create function public.check_missed_webhooks(hours_back integer) returns jsonb
    language sql stable as $$ select '{}'::jsonb $$;
create view public.story_titles as select title from public.stories;
"""


class BuildPair(Protocol):
    """``pair(drift_b, drift_a) -> (dsn_a, dsn_b)``: two fresh databases holding
    ``SCHEMA``, each with its drift applied."""

    def __call__(self, drift_b: str = "", drift_a: str = "") -> tuple[str, str]: ...


def lit(pattern: str) -> str:
    """Escape ``[`` for fnmatch: test ids contain brackets."""
    return pattern.replace("[", "[[]")


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest("-p", "no:cacheprovider", *args)


def output(result: pytest.RunResult) -> str:
    return result.stdout.str() + "\n" + result.stderr.str()


def failed_ids(result: pytest.RunResult) -> set[str]:
    """The test names (without module) of the short summary's FAILED lines."""
    return {
        ln.split(" - ")[0].split("::", 1)[1]
        for ln in result.stdout.lines
        if ln.startswith("FAILED ")
    }


def execute(dsn: str, sql: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql.encode())


# ------------------------------------------------------ the snapshot pair

SNAPSHOT_SCHEMA = """
create table public.stories (
    id bigint generated always as identity primary key,
    title text not null,
    owner_id bigint
);
create table public.authors (id bigint primary key, name text);
alter table public.stories enable row level security;
create function public.check_missed_webhooks(hours_back integer) returns jsonb
    language sql stable as $$ select '{}'::jsonb $$;
"""

#: The drift of the first scenario, applied to B.
DRIFT = """
alter table public.stories disable row level security;
drop function public.check_missed_webhooks(integer);
create function public.check_missed_webhooks() returns jsonb
    language sql stable as $$ select '{}'::jsonb $$;
alter table public.stories add constraint stories_owner_fk
    foreign key (owner_id) references public.authors(id);
"""

CONFIG = """
environments:
  prod: {label: Production, dsn_env: SNAP_PROD_URL}
  nonprod: {label: Non-prod, dsn_env: SNAP_NONPROD_URL}
"""

PAIR = "snapshots/prod--nonprod"
RLS_FILE = f"{PAIR}/test_rls/test_rls[public.stories].yaml"
FK_FILE = (
    f"{PAIR}/test_constraints/test_constraint[public.stories.stories_owner_fk].yaml"
)
FUNCTION_FILE = (
    f"{PAIR}/test_functions/test_function[public.check_missed_webhooks].yaml"
)

#: Plugins the scenarios do not need; they slow every xdist worker's start.
QUIET = ("-p", "no:cacheprovider", "-p", "no:benchmark", "-p", "no:hypothesispytest")

#: Set in the workers of an outer ``pytest -n``; an in-process run that sees them
#: takes itself for an xdist worker (syrupy then skips its report).
XDIST_VARIABLES = (
    "PYTEST_XDIST_WORKER",
    "PYTEST_XDIST_WORKER_COUNT",
    "PYTEST_XDIST_TESTRUNUID",
)


def run_in(pytester: pytest.Pytester, mode: list[str], *args: str) -> pytest.RunResult:
    with pytest.MonkeyPatch.context() as mp:
        for name in XDIST_VARIABLES:
            mp.delenv(name, raising=False)
        return pytester.runpytest(*QUIET, *mode, *args)


def snapshot_files(root: Path, folder: str = "snapshots") -> dict[str, bytes]:
    """Every file under *folder*, by its path relative to *root* (POSIX)."""
    base = root / folder
    if not base.exists():
        return {}
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(base.rglob("*"))
        if p.is_file()
    }


@dataclass
class Pair:
    """Two databases named ``prod`` (A) and ``nonprod`` (B) in ``dbparity.yaml``."""

    pytester: pytest.Pytester
    mode: list[str]
    dsn_a: str
    dsn_b: str
    extra: list[str] = field(default_factory=list)

    def run(self, *args: str) -> pytest.RunResult:
        return run_in(
            self.pytester,
            self.mode,
            "--env-a",
            "prod",
            "--env-b",
            "nonprod",
            *self.extra,
            *args,
        )

    def approve(self, *args: str) -> pytest.RunResult:
        result = self.run("--snapshot-update", *args)
        assert result.ret == pytest.ExitCode.OK, output(result)
        return result

    def findings(self, *args: str) -> tuple[pytest.RunResult, list[dict[str, Any]]]:
        out = self.pytester.path / "findings.json"
        out.unlink(missing_ok=True)
        result = self.run("--dbparity-json", str(out), *args)
        return result, json.loads(out.read_text("utf-8"))["findings"]

    def files(self, folder: str = "snapshots") -> dict[str, bytes]:
        return snapshot_files(self.pytester.path, folder)

    def path(self, relative: str) -> Path:
        return self.pytester.path / relative


class MakePair(Protocol):
    """``make_pair(drift_b, drift_a, schema) -> Pair``: a fresh named pair."""

    def __call__(
        self, drift_b: str = "", drift_a: str = "", schema: str = SNAPSHOT_SCHEMA
    ) -> Pair: ...

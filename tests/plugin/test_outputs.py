"""End-to-end: the report and the reconciling script written by a pytest run."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.plugin.helpers import SCHEMA, run

DRIFT_B = """
alter table public.stories disable row level security;
drop function public.check_missed_webhooks(integer);
create function public.check_missed_webhooks() returns jsonb
    language sql stable as $$ select '{}'::jsonb $$;
drop view public.story_titles;
create table public.scratch (id int);
"""


@pytest.fixture
def drifted(make_db: Callable[[str], str]) -> tuple[str, str]:
    return make_db(SCHEMA), make_db(SCHEMA + DRIFT_B)


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_report_is_written(
    pytester: pytest.Pytester, drifted: tuple[str, str], suffix: str
) -> None:
    a, b = drifted
    report = pytester.path / f"parity{suffix}"
    result = run(pytester, "--env-a", a, "--env-b", b, "--dbparity-report", str(report))
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    text = report.read_text("utf-8")
    for fact in (
        "public.stories",
        "public.check_missed_webhooks",
        "public.story_titles",
        "Executive summary",
        "Prioritised plan",
    ):
        assert fact in text, fact
    if suffix == ".html":
        assert text.lstrip().lower().startswith("<!doctype html>")
        assert "<script" not in text.lower()
    else:
        assert text.startswith("# ")


@pytest.mark.parametrize("destructive", [False, True], ids=["safe", "destructive"])
def test_fix_sql_is_written_and_reconciles(
    pytester: pytest.Pytester,
    drifted: tuple[str, str],
    destructive: bool,
) -> None:
    """a-to-b: the script, run on B, makes B match A; a rerun is clean."""
    import psycopg

    a, b = drifted
    script = pytester.path / "fix.sql"
    args = ["--env-a", a, "--env-b", b, "--dbparity-fix-sql", str(script)]
    if destructive:
        args.append("--dbparity-allow-destructive")
    result = run(pytester, *args)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    sql_text = script.read_text("utf-8")
    assert "BEGIN;" in sql_text
    assert "COMMIT;" in sql_text
    assert "ENABLE ROW LEVEL SECURITY" in sql_text
    assert "story_titles" in sql_text
    # The changed signature: the old one is dropped and the source's created;
    # PUBLIC can execute the old one, so both are destructive (commented out
    # unless allowed).
    assert "check_missed_webhooks" in sql_text
    assert "PUBLIC can execute it" in sql_text
    drop = "DROP TABLE public.scratch" in sql_text.replace('"', "")
    assert drop
    with psycopg.connect(b, autocommit=True) as conn:
        conn.execute(sql_text)
    result = run(pytester, "--env-a", a, "--env-b", b, "-k", "not row_count")
    if destructive:
        assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    else:
        # Without destructive statements the table only B has stays, and so
        # does the function PUBLIC can execute (its drop and re-creation are
        # commented out in the script): those two, and only they, still differ.
        assert result.ret == pytest.ExitCode.TESTS_FAILED
        assert result.parseoutcomes()["failed"] == 2
        result.stdout.fnmatch_lines(["*test_function*public.check_missed_webhooks*"])
        result.stdout.fnmatch_lines(["*test_table*public.scratch*"])


def test_direction_b_to_a_runs_on_a(
    pytester: pytest.Pytester, drifted: tuple[str, str]
) -> None:
    import psycopg

    a, b = drifted
    script = pytester.path / "fix.sql"
    run(
        pytester,
        *("--env-a", a, "--env-b", b, "--dbparity-fix-sql", str(script)),
        *("--dbparity-direction", "b-to-a", "--dbparity-allow-destructive"),
    )
    with psycopg.connect(a, autocommit=True) as conn:
        conn.execute(script.read_text("utf-8"))
    result = run(pytester, "--env-a", a, "--env-b", b, "-k", "not row_count")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()


def test_report_needs_two_environments(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--env-a", "host=x", "--dbparity-report", "r.md")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--dbparity-report and --dbparity-fix-sql*--env-b*"])


def test_bad_direction(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        *("--env-a", "host=x", "--env-b", "host=y"),
        *("--dbparity-direction", "sideways"),
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--dbparity-direction: 'sideways'*a-to-b or b-to-a*"])

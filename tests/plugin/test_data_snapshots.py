"""End-to-end: table contents (kind ``data``) approved as syrupy snapshots like
any other kind, serially and under xdist.

The pair holds a ``public.plans`` table (compared through ``data.tables``) whose
``api_key`` column is sensitive: compared, never shown, never written.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from tests.plugin.helpers import CONFIG, PAIR, MakePair, execute, lit, output

PLANS = """
create table public.plans (
    id integer primary key, name text not null, price numeric(10, 2),
    api_key text
);
insert into public.plans values
    (1, 'free', 0, 'sk-free-A1B2C3'), (2, 'pro', 10, 'sk-pro-D4E5F6'),
    (3, 'team', 30, 'sk-team-G7H8I9');
"""

#: B: a price and a key changed, a plan gone, a plan added.
DRIFT = """
update public.plans set price = 12, api_key = 'sk-pro-CHANGED99' where id = 2;
delete from public.plans where id = 3;
insert into public.plans values (4, 'enterprise', 99, 'sk-ent-J1K2L3');
"""

SECRETS = ("sk-free-A1B2C3", "sk-pro-D4E5F6", "sk-pro-CHANGED99", "sk-ent-J1K2L3")

DATA_CONFIG = (
    CONFIG
    + """
data:
  tables: ["public.plans"]
  sensitive_columns: ["public.*.api_key"]
"""
)

FILE = f"{PAIR}/test_datas/test_data[public.plans].yaml"


def load(path: Any) -> Any:
    return yaml.safe_load(path.read_text("utf-8"))


def test_data_difference_approve_change_resolve(make_pair: MakePair) -> None:
    pair = make_pair(DRIFT, schema=PLANS)
    pair.pytester.makefile(".yaml", dbparity=DATA_CONFIG)

    # Not approved: the item fails, naming the file it would be approved in.
    result = pair.run("-rf")
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output(result)
    assert result.parseoutcomes()["failed"] == 1
    result.stdout.fnmatch_lines([lit(f"*Not approved: no snapshot at {FILE};*")])
    assert pair.files() == {}

    # Approved: the snapshot holds the keys involved, no sensitive value.
    pair.approve()
    assert set(pair.files()) == {FILE}
    raw = pair.files()[FILE].decode()
    for secret in SECRETS:
        assert secret not in raw, secret
    snap = load(pair.path(FILE))
    assert (snap["kind"], snap["object"], snap["change"]) == (
        "data",
        "public.plans",
        "different",
    )
    diffs = snap["differences"]
    assert set(diffs) == {
        "content",
        "rows[id=3]",
        "rows[id=4]",
        "values[id=2: price]",
        "values[id=2: api_key]",
    }
    assert (diffs["rows[id=3]"]["a"], diffs["rows[id=3]"]["b"]) == ("only in A", None)
    assert (diffs["rows[id=4]"]["a"], diffs["rows[id=4]"]["b"]) == (None, "only in B")
    assert (diffs["values[id=2: price]"]["a"], diffs["values[id=2: price]"]["b"]) == (
        "10.00",
        "12.00",
    )
    assert diffs["values[id=2: api_key]"]["a"].startswith("(hidden")
    assert diffs["content"]["a"] == "1 only in A, 1 differ"

    # ... and the next run passes, the finding marked approved in the report.
    report = pair.path("out/report.md")
    result, findings = pair.findings("--dbparity-report", str(report))
    assert result.ret == pytest.ExitCode.OK, output(result)
    assert {f["object"] for f in findings} == {"public.plans"}
    assert all(f["accepted"] for f in findings), findings
    text = report.read_text("utf-8")
    assert (
        "| `public.plans` | 3 | 3 | 1 | 1 | 1 | differ **MEDIUM** **APPROVED** |"
        in (text)
    )
    for secret in SECRETS:
        assert secret not in text, secret
        assert secret not in output(result), secret

    # Rows both sides gain alike change no approved difference.
    for dsn in (pair.dsn_a, pair.dsn_b):
        execute(dsn, "insert into public.plans values (6, 'both', 5, 'sk-both');")
    assert pair.run().ret == pytest.ExitCode.OK

    # Another key differs: the approval no longer holds.
    execute(pair.dsn_b, "insert into public.plans values (5, 'x', 1, 'sk-x');")
    result = pair.run()
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output(result)
    assert result.parseoutcomes()["failed"] == 1
    result.stdout.fnmatch_lines(
        [
            "*The approved difference changed (rerun with --snapshot-update to "
            "approve it):",
        ]
    )
    assert "rows[id=5]" in output(result)
    assert load(pair.path(FILE)) == snap, "a failing run never rewrites"

    # A sensitive value changing again is no new difference (hidden both times).
    execute(
        pair.dsn_b,
        "delete from public.plans where id = 5;"
        " update public.plans set api_key = 'sk-pro-AGAIN' where id = 2;",
    )
    assert pair.run().ret == pytest.ExitCode.OK

    # Resolved: B holds A's rows again; the approval is stale until updated.
    execute(
        pair.dsn_b,
        "delete from public.plans;"
        " insert into public.plans values (1, 'free', 0, 'sk-free-A1B2C3'),"
        " (2, 'pro', 10, 'sk-pro-D4E5F6'), (3, 'team', 30, 'sk-team-G7H8I9'),"
        " (6, 'both', 5, 'sk-both');",
    )
    result = pair.run()
    assert result.ret == pytest.ExitCode.TESTS_FAILED, output(result)
    assert "failed" not in result.parseoutcomes()
    result.stdout.fnmatch_lines([lit(f"Unused test_data[public.plans] ({FILE})")])
    assert FILE in pair.files(), "a plain run never deletes"
    result = pair.approve()
    result.stdout.fnmatch_lines([lit(f"Deleted test_data[public.plans] ({FILE})")])
    assert pair.files() == {}
    assert pair.run().ret == pytest.ExitCode.OK

"""The bundled icraft example (examples/): build the pair, compare, check headlines.

The example pair is modelled on a real prod/non-prod drift; these tests pin what
the plugin must find in it (and that it finds nothing where the two agree).
Environment A is prod, B is non-prod.
"""

from __future__ import annotations

import importlib.util
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from pytest_dbparity.catalog.introspect import ReadOptions, read_catalog
from pytest_dbparity.config import DEFAULT_EXCLUDED_SCHEMAS, load_config
from pytest_dbparity.environments import Environment
from pytest_dbparity.findings import Finding, compare
from pytest_dbparity.kinds.names import KINDS
from pytest_dbparity.severity import Severity
from tests.fix_db import PgServer

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CONFIG = EXAMPLES / "dbparity.yaml"

Key = tuple[str, str, str, "str | None"]


def _load_build() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "icraft_example_build", EXAMPLES / "build.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_module = _load_build()


@pytest.fixture(scope="module")
def pair(pg_server: PgServer) -> Iterator[dict[str, str]]:
    """The example pair, built once under a name no developer run uses."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    prefix = f"dbparity_extest_{worker}_{uuid.uuid4().hex[:8]}"
    try:
        yield build_module.build(pg_server.admin_dsn, prefix=prefix)
    finally:
        for side in build_module.SIDES:
            pg_server.drop_database(f"{prefix}_{side}")


@pytest.fixture(scope="module")
def findings(pair: dict[str, str]) -> dict[Key, Finding]:
    """Every finding of prod (A) against non-prod (B), by its identity."""
    options = ReadOptions(
        kinds=KINDS,
        exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS,
        migrations_table="supabase_migrations.schema_migrations",
    )
    a = read_catalog(
        Environment(name="prod", label="icraft prod", dsn=pair["prod"]), options
    )
    b = read_catalog(
        Environment(name="nonprod", label="icraft non-prod", dsn=pair["nonprod"]),
        options,
    )
    rules = load_config(CONFIG, required=True).rules
    out: dict[Key, Finding] = {}
    for f in compare(a, b, kinds=KINDS, rules=rules).findings():
        key = (f.kind, f.object, f.change, f.attribute)
        assert key not in out, f"duplicate finding {key}"
        out[key] = f
    return out


def _of(findings: dict[Key, Finding], kind: str, obj: str) -> list[Finding]:
    return [f for (k, o, _, _), f in findings.items() if k == kind and o == obj]


def test_build_script_names_and_exports() -> None:
    dsns = {"prod": "postgresql://u@h:5432/x_prod", "nonprod": "host=h dbname=y"}
    assert build_module.export_lines(dsns) == [
        "export EXAMPLE_PROD_URL=postgresql://u@h:5432/x_prod",
        "export EXAMPLE_NONPROD_URL='host=h dbname=y'",
    ]
    assert build_module.database_dsn("postgresql://u@h:5/postgres", "d") == (
        "postgresql://u@h:5/d"
    )
    assert "dbname=d" in build_module.database_dsn("host=h dbname=postgres", "d")


@pytest.mark.parametrize("table", ["public.stories", "public.user_profiles"])
def test_rls_enabled_differs(findings: dict[Key, Finding], table: str) -> None:
    f = findings["rls", table, "different", "enabled"]
    assert (f.a, f.b) == (True, False)
    assert f.severity is Severity.CRITICAL
    assert not f.accepted


def test_force_rls_only_in_prod(findings: dict[Key, Finding]) -> None:
    f = findings["rls", "public.credit_transactions", "different", "forced"]
    assert (f.a, f.b) == (True, False)
    assert f.severity is Severity.CRITICAL


@pytest.mark.parametrize(
    "constraint",
    [
        "public.stories.stories_original_user_id_fkey",
        "public.stories.stories_last_modified_by_fkey",
        "public.gen_ai_details.gen_ai_details_story_id_fkey",
    ],
)
def test_foreign_keys_missing_in_nonprod(
    findings: dict[Key, Finding], constraint: str
) -> None:
    f = findings["constraint", constraint, "missing_in_b", None]
    assert f.a["constraint_type"] == "foreign key"
    assert f.b is None
    assert f.severity is Severity.HIGH


def test_changed_arguments_are_one_finding(findings: dict[Key, Finding]) -> None:
    name = "public.check_missed_webhooks"
    f = findings["function", name, "different", "arguments"]
    assert (f.a, f.b) == ("", "hours_back integer DEFAULT 24")
    assert f.severity is Severity.HIGH
    # Paired by name: no "missing" finding for either signature.
    related = [
        key
        for key in findings
        if key[0] in ("function", "privilege") and key[1].startswith(name)
    ]
    assert all(change == "different" for _, _, change, _ in related), related
    assert [a for k, o, _, a in related if k == "function" and a == "arguments"] == [
        "arguments"
    ]
    g = findings[
        "function", "public.process_credit_purchase_webhook", "different", "arguments"
    ]
    assert g.a.startswith("p_webhook_event_id uuid")
    assert g.b.startswith("event_data jsonb")


@pytest.mark.parametrize(
    ("function", "prod", "nonprod"),
    [
        ("public.remove_story_from_team", "boolean", "jsonb"),
        ("public.get_current_user_id", "text", "uuid"),
    ],
)
def test_result_type_differs(
    findings: dict[Key, Finding], function: str, prod: str, nonprod: str
) -> None:
    f = findings["function", function, "different", "result"]
    assert (f.a, f.b) == (prod, nonprod)
    assert f.severity is Severity.HIGH


def test_search_path_only_in_prod(findings: dict[Key, Finding]) -> None:
    key = (
        "function",
        "public.allocate_monthly_credits",
        "different",
        "config[search_path]",
    )
    f = findings[key]
    assert f.a == '""'
    assert f.b is None
    assert f.severity is Severity.CRITICAL


def test_formatting_only_body_is_info(findings: dict[Key, Finding]) -> None:
    name = "public.calculate_user_credits"
    f = findings["function", name, "different", "body_formatting"]
    assert f.severity is Severity.INFO
    assert [x.attribute for x in _of(findings, "function", name)] == ["body_formatting"]


def test_functions_on_one_side(findings: dict[Key, Finding]) -> None:
    fn = "function"
    assert findings[fn, "public.generate_english_title", "missing_in_b", None]
    assert findings[fn, "public.generate_title_from_filename", "missing_in_a", None]


def test_extension_versions_and_schema(findings: dict[Key, Finding]) -> None:
    for name, prod, nonprod in (("hstore", "1.8", "1.7"), ("citext", "1.6", "1.5")):
        f = findings["extension", name, "different", "version"]
        assert (f.a, f.b) == (prod, nonprod)
        assert f.severity is Severity.LOW  # lowered by the example's rule
        assert f.reason == "extension versions follow the platform's upgrade schedule"
    f = findings["extension", "cube", "different", "schema"]
    assert (f.a, f.b) == ("extensions", "public")
    assert f.severity is Severity.HIGH
    col = findings["column", "public.custom_images.embedding", "different", "type"]
    assert (col.a, col.b) == ("extensions.cube", "public.cube")


@pytest.mark.parametrize(
    ("table", "reason"),
    [
        (
            "public.stories_original",
            "deprecated duplicate of stories in non-prod; never migrate to prod",
        ),
        (
            "public.community_stories_old",
            "deprecated in non-prod, replaced by community_stories; never migrate",
        ),
    ],
)
def test_deprecated_tables_are_accepted(
    findings: dict[Key, Finding], table: str, reason: str
) -> None:
    f = findings["table", table, "missing_in_a", None]
    assert f.accepted
    assert f.reason == reason
    mine = [
        x
        for (_, obj, _, _), x in findings.items()
        if obj == table or obj.startswith(table + ".")
    ]
    assert {x.kind for x in mine} >= {
        "table",
        "column",
        "rls",
        "row_count",
        "privilege",
    }
    assert all(x.accepted and x.reason == reason for x in mine)
    if table == "public.stories_original":
        assert f.b["comment"] == "This is a duplicate of stories"


def test_migration_history_diverged(findings: dict[Key, Finding]) -> None:
    only_prod = {
        o for k, o, c, a in findings if k == "migration" and c == "missing_in_b"
    }
    only_nonprod = {
        o for k, o, c, a in findings if k == "migration" and c == "missing_in_a"
    }
    assert len(only_prod) == 11
    assert len(only_nonprod) == 20
    assert "20250605083723" in only_prod
    assert "20250728084219" in only_nonprod
    f = findings["migration", "20250731054832", "different", "name"]
    assert (f.a, f.b) == (
        "webhook_infrastructure_consolidated",
        "webhook_infrastructure",
    )
    # The ten shared versions of May 2025 agree.
    assert not any(
        k == "migration" and o.startswith("202505") for k, o, _, _ in findings
    )


def test_row_counts_are_info(findings: dict[Key, Finding]) -> None:
    counts = {o: f for (k, o, _, _), f in findings.items() if k == "row_count"}
    assert counts
    assert all(f.severity is Severity.INFO for f in counts.values())
    images = counts["public.custom_images"]
    assert images.a > 0
    assert images.b == 0
    activities = counts["public.activities"]
    assert activities.b > 10 * activities.a


def test_policies_and_grants(findings: dict[Key, Finding]) -> None:
    using = findings[
        "policy",
        'public.community_stories."Published community stories are public"',
        "different",
        "using",
    ]
    assert using.b == "is_published"
    roles = findings[
        "policy",
        'public.categories."Categories are readable by everyone"',
        "different",
        "roles",
    ]
    assert (roles.a, roles.b) == (["anon", "authenticated"], ["public"])
    assert findings[
        "policy",
        'public.custom_images."Active custom images are readable"',
        "missing_in_b",
        None,
    ]
    grant = findings["privilege", "public.user_profiles", "different", "grants[anon]"]
    assert grant.a is None
    assert grant.b == "SELECT, UPDATE"
    assert grant.severity is Severity.CRITICAL


def test_column_drift(findings: dict[Key, Finding]) -> None:
    col = "column"
    for name in ("invited_user_id", "token", "updated_at"):
        assert findings[col, f"public.team_invitations.{name}", "missing_in_b", None]
    sub = findings[
        col, "public.subscription_events.subscription_id", "different", "type"
    ]
    assert (sub.a, sub.b) == ("text", "uuid")
    assert findings[col, "public.categories.updated_at", "missing_in_a", None]
    check = "public.user_profiles.user_profiles_language_check"
    assert findings["constraint", check, "missing_in_a", None]
    lang = findings[col, "public.user_profiles.language", "different", "default"]
    assert (lang.a, lang.b) == ("'en'::character varying", None)


#: Every object with a finding that no rule accepts: the drift built into the pair.
#: Anything else reported would be a false difference.
EXPECTED_DRIFT = {
    ("extension", "citext"),
    ("extension", "cube"),
    ("extension", "hstore"),
    ("column", "public.categories.updated_at"),
    *(
        ("column", f"public.consistency_violations.{c}")
        for c in (
            "actual_state",
            "discrepancy_details",
            "expected_state",
            "local_state",
            "resolution_method",
            "resolution_notes",
            "resolved",
            "resolved_by",
            "stripe_state",
        )
    ),
    ("column", "public.custom_images.embedding"),
    *(
        ("column", f"public.gen_ai_details.{c}")
        for c in (
            "generation_type",
            "model_used",
            "prompt",
            "settings",
            "story_params",
            "story_response",
        )
    ),
    *(
        ("column", f"public.reconciliation_jobs.{c}")
        for c in (
            "discrepancies_fixed",
            "discrepancies_found",
            "error_details",
            "error_message",
            "errors_found",
        )
    ),
    ("column", "public.subscription_events.subscription_id"),
    ("column", "public.subscription_events.user_id"),
    ("column", "public.team_invitations.invited_user_id"),
    ("column", "public.team_invitations.token"),
    ("column", "public.team_invitations.updated_at"),
    ("column", "public.user_profiles.credits_balance"),
    ("column", "public.user_profiles.language"),
    ("column", "public.webhook_events.updated_at"),
    *(
        ("column", f"public.webhook_idempotency.{c}")
        for c in (
            "expires_at",
            "operation_result",
            "operation_type",
            "response_body",
            "response_status",
        )
    ),
    ("constraint", "public.gen_ai_details.gen_ai_details_story_id_fkey"),
    ("constraint", "public.stories.stories_last_modified_by_fkey"),
    ("constraint", "public.stories.stories_original_user_id_fkey"),
    ("constraint", "public.team_invitations.team_invitations_token_key"),
    ("constraint", "public.user_profiles.user_profiles_language_check"),
    ("index", "public.activities.activities_created_at_idx"),
    ("rls", "public.credit_transactions"),
    ("rls", "public.stories"),
    ("rls", "public.user_profiles"),
    ("policy", 'public.categories."Categories are readable by everyone"'),
    ("policy", 'public.community_stories."Published community stories are public"'),
    ("policy", 'public.custom_images."Active custom images are readable"'),
    ("function", "public.allocate_monthly_credits"),
    ("function", "public.calculate_user_credits"),
    ("function", "public.check_missed_webhooks"),
    ("function", "public.generate_english_title"),
    ("function", "public.generate_title_from_filename"),
    ("function", "public.get_current_user_id"),
    ("function", "public.process_credit_purchase_webhook"),
    ("function", "public.remove_story_from_team"),
    ("trigger", "public.webhook_events.webhook_events_updated_at"),
    ("privilege", "public.generate_english_title"),
    ("privilege", "public.generate_title_from_filename"),
    ("privilege", "public.user_profiles"),
}


def test_no_false_differences(findings: dict[Key, Finding]) -> None:
    reported = {
        (k, o)
        for (k, o, _, _), f in findings.items()
        if not f.accepted and k not in ("migration", "row_count")
    }
    assert sorted(reported - EXPECTED_DRIFT) == []
    assert sorted(EXPECTED_DRIFT - reported) == []

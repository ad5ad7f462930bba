"""Unit tests of the report: hand-built catalogs, section by section."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pytest_dbparity.approvals import Approval
from pytest_dbparity.catalog import Catalog, Dependency
from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.kinds.constraint import Constraint
from pytest_dbparity.kinds.extension import Extension
from pytest_dbparity.kinds.migration import Migration
from pytest_dbparity.kinds.migration.history import (
    SideHistory,
    analyse,
    compare_histories,
    group_by_date,
    migration_date,
    sort_migrations,
)
from pytest_dbparity.kinds.names import KINDS
from pytest_dbparity.kinds.registry import REGISTRY
from pytest_dbparity.kinds.rls import Rls
from pytest_dbparity.kinds.row_count import RowCount
from pytest_dbparity.kinds.row_count.report import volume_rows
from pytest_dbparity.kinds.type import Type
from pytest_dbparity.report import (
    Report,
    build_report,
    render_html,
    render_markdown,
    write_report,
)
from pytest_dbparity.report.build import kind_sections
from pytest_dbparity.report.impact import (
    dependents,
    reverse_index,
    strip_arguments,
)
from pytest_dbparity.report.model import (
    BulletList,
    NumberedList,
    Section,
    plain_text,
)
from pytest_dbparity.severity import Rule
from tests.factories import (
    catalog,
    column,
    fk,
    function,
    mig,
    policy,
    publication,
    table,
)
from tests.report_helpers import (
    NOW,
    blocks,
    html_text,
    make_input,
    rows,
    section,
    text,
)
from tests.seeds import outputs_under_hash_seeds

# --------------------------------------------------------------- the pair


def drift_pair() -> tuple[Catalog, Catalog]:
    """A small drifted pair touching every section."""
    a = catalog(
        "prod",
        [
            table("stories"),
            table("users"),
            table("legacy"),
            column("stories", "id"),
            column("stories", "owner_id"),
            column("stories", "token", "text"),
            column("users", "id"),
            column("users", "amount", "numeric"),
            column("legacy", "id"),
            fk(
                "stories_owner_id_fkey",
                table="stories",
                columns=("owner_id",),
                ref_table="public.users",
                on_update=None,
                on_delete=None,
            ),
            Constraint(
                schema="public",
                table="stories",
                name="stories_a_key",
                constraint_type="unique",
                columns=("token",),
                definition="UNIQUE (token)",
            ),
            Rls(schema="public", table="stories", enabled=True, forced=False),
            Rls(schema="public", table="users", enabled=True, forced=False),
            policy("Owners read", table="stories"),
            Extension(name="cube", version="1.5", schema="extensions"),
            Extension(name="hstore", version="1.8", schema="extensions"),
            function("hooks", arguments="", identity_arguments="", result="jsonb"),
            function("who", result="text"),
            function("guard", security_definer=True, config=(("search_path", '""'),)),
            function("only_a", "integer"),
            function("pretty", body="select 1"),
            function("logic", body="select 1"),
            mig("20250501000000", "init"),
            mig("20250502000000", "second"),
            mig("20250605000000", "prod_only"),
            RowCount(schema="public", table="stories", rows=5),
            RowCount(schema="public", table="users", rows=300),
            RowCount(schema="public", table="legacy", rows=None),
        ],
    )
    b = catalog(
        "nonprod",
        [
            table("stories"),
            table("users"),
            table("old_stuff"),
            column("stories", "id"),
            column("stories", "owner_id"),
            column("users", "id"),
            column("users", "amount", "integer"),
            column("old_stuff", "id"),
            Rls(schema="public", table="stories", enabled=False, forced=False),
            Rls(schema="public", table="users", enabled=True, forced=False),
            policy("Owners read", table="stories"),
            Extension(name="cube", version="1.5", schema="public"),
            Extension(name="hstore", version="1.7", schema="extensions"),
            function(
                "hooks",
                arguments="hours integer DEFAULT 24",
                identity_arguments="hours integer",
                result="jsonb",
            ),
            function("who", result="uuid"),
            function("guard", security_definer=True),
            function("only_b", "integer"),
            function("pretty", body="SELECT   1 -- same"),
            function("logic", body="select 2"),
            mig("20250501000000", "init"),
            mig("20250502000000", "second"),
            mig("20250728000000", "nonprod_only"),
            mig("manual_fix"),
            RowCount(schema="public", table="stories", rows=125),
            RowCount(schema="public", table="users", rows=0, exact=True),
            RowCount(schema="public", table="old_stuff", rows=0),
        ],
    )
    return a, b


RULES = (
    Rule(object="public.old_stuff*", ignore=True, reason="deprecated, never migrate"),
)


@pytest.fixture
def report() -> Report:
    a, b = drift_pair()
    return build_report(make_input(a, b, rules=RULES))


# ------------------------------------------------------------------ sections


def test_sections_in_order(report: Report) -> None:
    titles = [s.title for s in report.sections]
    assert titles == [
        "Executive summary",
        "1. Environment overview",
        "2. Table and column differences",
        "3. RLS and policy differences",
        "4. Constraint differences",
        "5. Extension differences",
        "6. Function differences",
        "7. Other differences",
        "8. Migration history analysis",
        "9. Data volume differences",
        "10. Table contents (reference data)",
        "11. Accepted and ignored differences",
        "12. Impact",
        "13. Prioritised plan",
    ]
    assert "prod (A) vs nonprod (B)" in report.title
    intro = render_markdown(report).split("## Executive summary")[0]
    assert NOW in intro


def test_executive_summary_counts_and_risk(report: Report) -> None:
    s = section(report, "Executive summary")
    status = {r[0]: r[1] for r in rows(section(report, "Failing, accepted"))}
    a, b = drift_pair()
    findings = make_input(a, b, rules=RULES).comparison.findings()
    assert int(status["ignored"]) == sum(f.accepted for f in findings) > 0
    assert int(status["approved"]) == 0
    assert sum(int(v) for v in status.values()) == len(findings)
    by_kind = {r[0]: r for r in rows(section(report, "by kind and severity"))}
    assert by_kind["rls"][1:4] == ["1", "1", "1"]  # objects, findings, CRITICAL
    # Ignored differences are counted apart, in the headline too.
    ignored = sum(f.accepted for f in findings)
    assert by_kind["total"][2] == str(len(findings) - ignored)
    assert by_kind["total"][-1] == str(ignored)
    body = text(s)
    assert f"with {len(findings) - ignored} finding(s); counted apart, " in body
    assert f"{ignored} finding(s) on 3 object(s) are ignored by rules" in body
    assert "Overall risk: CRITICAL" in body
    risks = [
        plain_text(i)
        for b in blocks(section(report, "Risk assessment"))
        if isinstance(b, BulletList)
        for i in b.items
    ]
    assert 3 <= len(risks) <= 6
    assert risks[0].startswith("CRITICAL")
    assert any("public.stories" in r for r in risks)


def test_environment_overview_shows_no_user(report: Report) -> None:
    cells = {r[0]: r[1:] for r in rows(section(report, "Environment overview"))}
    assert cells["name"] == ["prod", "nonprod"]
    assert cells["host"] == ["prod.db.internal", "nonprod.db.internal"]
    assert cells["database"] == ["prod_db", "nonprod_db"]
    assert cells["tables"] == ["3", "3"]
    assert cells["functions"] == ["6", "6"]
    assert cells["migrations"] == ["3", "4"]
    assert cells["last migration"] == ["20250605000000", "manual_fix"]
    md, page = render_markdown(report), render_html(report)
    for out in (md, page):
        assert "report_reader_role" not in out
        assert "user" not in [r[0] for r in rows(section(report, "Environment"))]


def test_tables_and_columns(report: Report) -> None:
    s = section(report, "2. Table and column differences")
    only_a = text(section(report, "Tables only in A"))
    assert "public.legacy" in only_a
    assert "rows unknown (never analysed)" in only_a
    only_b = text(section(report, "Tables only in B"))
    assert "public.old_stuff" in only_b
    assert "IGNORED" in only_b
    assert "deprecated, never migrate" in only_b
    cols = rows(section(report, "public.users"))
    assert cols == [["amount", "numeric", "integer", "type differs HIGH"]]
    stories = rows(section(report, "public.stories"))
    assert stories[0][:3] == ["token", "present: text, nullable", "missing"]
    # A column of a table missing on one side is the table's finding, not a row.
    assert "public.legacy.id" not in text(s)


def test_rls_difference_listed_with_both_values(report: Report) -> None:
    table_rows = rows(section(report, "Row level security"))
    assert table_rows == [
        [
            "public.stories",
            "true",
            "false",
            "false",
            "false",
            "1 / 1",
            "enabled differs CRITICAL",
        ]
    ]


def test_missing_foreign_key_listed_first() -> None:
    a = catalog(
        "a",
        [
            table("a"),
            table("z"),
            column("z", "ref"),
            Constraint(
                schema="public",
                table="a",
                name="a_check",
                constraint_type="check",
                columns=(),
                expression="(true)",
            ),
            fk(
                "z_ref_fkey",
                table="z",
                columns=("ref",),
                ref_table="public.a",
                on_update=None,
                on_delete=None,
            ),
        ],
    )
    b = catalog(
        "b",
        [
            table("a"),
            table("z"),
            column("z", "ref"),
            Constraint(
                schema="public",
                table="a",
                name="a_check",
                constraint_type="check",
                columns=(),
                expression="(false)",
            ),
            Constraint(
                schema="public",
                table="a",
                name="a_aaa_key",
                constraint_type="unique",
                columns=("id",),
            ),
        ],
    )
    r = build_report(make_input(a, b))
    s = section(r, "4. Constraint differences")
    keys = [row[0] for row in rows(s)]
    assert keys == ["public.z.z_ref_fkey", "public.a.a_aaa_key", "public.a.a_check"]
    assert rows(s)[0][1:4] == [
        "foreign key",
        "present: FOREIGN KEY (ref) REFERENCES public.a(id)",
        "missing",
    ]
    assert "1 foreign key(s) missing" in text(s)


def test_extension_table(report: Report) -> None:
    ext = rows(section(report, "5. Extension differences"))
    assert ext == [
        ["cube", "1.5", "1.5", "extensions", "public", "schema differs HIGH"],
        ["hstore", "1.8", "1.7", "extensions", "extensions", "version differs MEDIUM"],
    ]


def test_function_sections(report: Report) -> None:
    assert "public.only_b(integer) -> integer" in text(
        section(report, "Functions missing in A")
    )
    assert "public.only_a" in text(section(report, "Functions missing in B"))
    assert rows(section(report, "Signature changes")) == [
        [
            "public.hooks",
            "() -> jsonb",
            "(hours integer DEFAULT 24) -> jsonb",
            "arguments differs HIGH",
        ]
    ]
    assert rows(section(report, "Return-type changes")) == [
        ["public.who", "text", "uuid", "result differs HIGH"]
    ]
    attrs = rows(section(report, "Attribute changes"))
    assert attrs == [
        [
            "public.guard",
            "config[search_path]",
            '""',
            "(none)",
            "config[search_path] differs CRITICAL",
        ]
    ]
    body = section(report, "Body changes")
    assert rows(body)[0][:2] == ["public.logic", "nothing (body only)"]
    assert any(
        getattr(b, "language", "") == "diff" and "+select 2" in getattr(b, "text", "")
        for b in blocks(body)
    )
    assert "public.pretty" in text(section(report, "Formatting-only"))


def test_other_differences_and_empty_sections() -> None:
    a = catalog("a", [table("t")])
    r = build_report(make_input(a, catalog("b", [table("t")])))
    for title in ("2. Table", "3. RLS", "4. Constraint", "5. Extension", "7. Other"):
        assert text(section(r, title)) == "No differences."
    assert "Overall risk: NONE" in text(section(r, "Executive summary"))
    assert text(section(r, "Migration history")).endswith(
        "No migrations on either side."
    )


# ---------------------------------------------------------------- migrations


def history(*migs: Migration) -> SideHistory:
    return SideHistory(readable=True, migrations=sort_migrations(migs))


def test_identical_histories() -> None:
    h = compare_histories(history(mig("1"), mig("2")), history(mig("1"), mig("2")))
    assert h.identical
    assert h.last_common == "2"
    assert (h.only_a, h.only_b, h.changed) == ((), (), ())
    assert h.after_divergence == (0, 0)


def test_divergence_point_and_order() -> None:
    a = history(mig("10"), mig("9"), mig("11", "x"), mig("12"), mig("14"))
    b = history(mig("9"), mig("10"), mig("11", "y"), mig("13"), mig("12"))
    h = compare_histories(a, b)
    # Natural order: 9 before 10; 11 differs in name, so 10 is the last common.
    assert [m.version for m in h.a.migrations] == ["9", "10", "11", "12", "14"]
    assert h.last_common == "10"
    assert h.common_prefix == 2
    assert h.after_divergence == (3, 3)
    assert [m.version for m in h.only_a] == ["14"]
    assert [m.version for m in h.only_b] == ["13"]
    (changed,) = h.changed
    assert changed.version == "11"
    assert changed.differs_in == ("name",)


def test_same_name_different_statements_is_flagged() -> None:
    h = compare_histories(history(mig("1", "a", "h1")), history(mig("1", "a", "h2")))
    assert h.last_common is None
    assert h.changed[0].differs_in == ("statements",)
    assert not h.identical


def test_disjoint_histories() -> None:
    h = compare_histories(history(mig("1"), mig("3")), history(mig("2"), mig("4")))
    assert h.last_common is None
    assert [m.version for m in h.only_a] == ["1", "3"]
    assert [m.version for m in h.only_b] == ["2", "4"]
    assert h.changed == ()


def test_one_side_empty() -> None:
    h = compare_histories(history(mig("1"), mig("2")), history())
    assert h.last_common is None
    assert [m.version for m in h.only_a] == ["1", "2"]
    assert h.only_b == ()
    assert h.after_divergence == (2, 0)


def test_date_grouping() -> None:
    groups = group_by_date(
        [
            mig("20250730015513"),
            mig("17_import_batch_16"),
            mig("20250728084234"),
            mig("20250728084219"),
            mig("20251399000000"),  # month 13: not a date
        ]
    )
    assert [(g.date, [m.version for m in g.migrations]) for g in groups] == [
        ("2025-07-28", ["20250728084219", "20250728084234"]),
        ("2025-07-30", ["20250730015513"]),
        ("undated", ["17_import_batch_16", "20251399000000"]),
    ]
    assert migration_date("20250522083723") == "2025-05-22"
    assert migration_date("0001_init") is None


def test_migration_section(report: Report) -> None:
    s = section(report, "8. Migration history analysis")
    body = text(s)
    assert "A: 3 migration(s), last 20250605000000" in body
    assert "B: 4 migration(s), last manual_fix" in body
    assert (
        "Last common version (the divergence point): 20250502000000 (2025-05-02)"
        in (body)
    )
    assert "after it A has 1 and B has 2" in body
    only_b = text(section(report, "Migrations only in B"))
    assert only_b.splitlines() == [
        "2025-07-28 (1): 20250728000000_nonprod_only",
        "undated (1): manual_fix_mmanual_fix",
    ]


def test_migration_history_missing_or_unreadable() -> None:
    a = catalog("a", [mig("20250101000000")])
    b = catalog("b", [], notes=("no migration-history table public.schema_migrations",))
    r = build_report(make_input(a, b))
    body = text(section(r, "Migration history"))
    assert "B: note: no migration-history table public.schema_migrations" in body
    assert "B: 0 migration(s)" in body
    b = catalog(
        "b",
        [],
        kinds=tuple(k for k in KINDS if k != "migration"),
        unreadable={"migration": "permission denied"},
    )
    h = analyse(a, b)
    assert not h.comparable
    assert h.b.note == "not readable: permission denied"
    r = build_report(make_input(a, b))
    body = text(section(r, "Migration history"))
    assert "cannot be compared" in body
    assert "B: not readable: permission denied" in body
    assert "A: 1 migration(s)" in body


# --------------------------------------------------------------- data volume


def test_data_volume_sorted_with_ahead(report: Report) -> None:
    table_rows = rows(section(report, "9. Data volume"))
    assert table_rows == [
        ["public.users", "300", "0", "+300", "A ahead", "A estimated, B exact"],
        ["public.stories", "5", "125", "-120", "B ahead", "estimated"],
        [
            "public.legacy",
            "unknown (never analysed)",
            "no table",
            "-",
            "only in A",
            "estimated",
        ],
        ["public.old_stuff", "no table", "0", "-", "only in B", "estimated"],
    ]


def test_volume_unknown_after_known() -> None:
    a = catalog(
        "a",
        [
            RowCount(schema="public", table="t1", rows=None),
            RowCount(schema="public", table="t2", rows=1),
            RowCount(schema="public", table="t3", rows=10),
        ],
    )
    b = catalog(
        "b",
        [
            RowCount(schema="public", table="t1", rows=4),
            RowCount(schema="public", table="t2", rows=1),
            RowCount(schema="public", table="t3", rows=12),
        ],
    )
    got = [(r.table, r.difference, r.ahead) for r in volume_rows(a, b)]
    assert got == [
        ("public.t3", -2, "B ahead"),
        ("public.t2", 0, "same"),
        ("public.t1", None, "unknown"),
    ]


# -------------------------------------------------------------------- impact


EDGES = (
    Dependency(("type", "extensions.cube"), ("extension", "cube")),
    Dependency(("column", "public.t.emb"), ("type", "extensions.cube")),
    Dependency(("view", "public.v"), ("column", "public.t.emb")),
    Dependency(("function", "public.on_view"), ("view", "public.v")),
    Dependency(("policy", 'public.t."members"'), ("function", "public.is_member")),
    Dependency(("constraint", "public.t.t_pkey"), ("column", "public.t.id")),
    Dependency(("policy", 'public.t."members"'), ("column", "public.t.id")),
    Dependency(("policy", 'public.t."members"'), ("table", "public.t")),
    Dependency(("constraint", "public.u.u_t_fkey"), ("column", "public.t.id")),
)


def test_impact_walks_extension_type_column() -> None:
    index = reverse_index(EDGES)
    found = {d.node: d.via for d in dependents("extension", "cube", index)}
    assert found == {
        ("type", "extensions.cube"): (),
        ("column", "public.t.emb"): (("type", "extensions.cube"),),
        # Three hops at most: the function on the view is a fourth.
        ("view", "public.v"): (("type", "extensions.cube"), ("column", "public.t.emb")),
    }


def test_impact_function_to_policy_by_name() -> None:
    index = reverse_index(EDGES)
    assert strip_arguments('public."f(x)"(integer, text)') == 'public."f(x)"'
    found = [d.node for d in dependents("function", "public.is_member(uuid)", index)]
    assert found == [("policy", 'public.t."members"')]


def test_impact_of_table_skips_its_own_parts() -> None:
    index = reverse_index(EDGES)
    found = [d.node for d in dependents("table", "public.t", index)]
    # Another table's foreign key onto a column of t, and the view on t; not
    # t's own primary key or policy.
    assert found == [
        ("view", "public.v"),
        ("constraint", "public.u.u_t_fkey"),
        ("function", "public.on_view"),
    ]
    col = [d.node for d in dependents("column", "public.t.id", index)]
    assert ("policy", 'public.t."members"') in col


def test_impact_section() -> None:
    objects_a: list[CatalogObject] = [
        table("t"),
        column("t", "emb", "extensions.cube"),
        Extension(name="cube", version="1.5", schema="extensions"),
        function("is_member", body="select true"),
        policy("members"),
    ]
    objects_b: list[CatalogObject] = [
        table("t"),
        column("t", "emb", "public.cube"),
        Extension(name="cube", version="1.5", schema="public"),
        function("is_member", body="select false"),
        policy("members"),
        Type(schema="public", name="unused", type_type="enum", labels=("x",)),
    ]
    edges_b = (
        Dependency(("type", "public.cube"), ("extension", "cube")),
        Dependency(("column", "public.t.emb"), ("type", "public.cube")),
        Dependency(("policy", 'public.t."members"'), ("function", "public.is_member")),
    )
    a = catalog("a", objects_a, dependencies=EDGES)
    b = catalog("b", objects_b, dependencies=edges_b)
    r = build_report(make_input(a, b))
    body = text(section(r, "12. Impact"))
    assert (
        "extension cube → used by (A): type extensions.cube, column public.t.emb "
        "(via type extensions.cube), view public.v (via type extensions.cube and "
        "column public.t.emb); (B): type public.cube, column public.t.emb (via type "
        "public.cube)"
    ) in body
    assert (
        'function public.is_member → used by (A): policy public.t."members"; '
        '(B): policy public.t."members"'
    ) in body
    assert "have no recorded users" in body
    no_deps = build_report(make_input(catalog("a", objects_a), catalog("b", objects_b)))
    assert "Dependencies were not read" in text(section(no_deps, "Impact"))


# -------------------------------------------------- accepted, ignored, plan


def plan_items(r: Report) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for sub in section(r, "Prioritised plan").blocks:
        if isinstance(sub, Section):
            for b in sub.blocks:
                if isinstance(b, NumberedList):
                    out.extend((sub.title, plain_text(i)) for i in b.items)
    return out


def test_accepted_and_ignored() -> None:
    a, b = drift_pair()
    approved = frozenset({("function", "public.who")})
    r = build_report(make_input(a, b, rules=RULES, approved=approved))
    approved_rows = rows(section(r, "Approved in snapshots"))
    assert approved_rows == [
        [
            "function",
            "public.who",
            "result differs",
            "text",
            "uuid",
            "HIGH",
            "(date not recorded), no reason given",
        ]
    ]
    ignored = rows(section(r, "Ignored by rules"))
    assert ignored == [
        [
            "public.old_stuff",
            "table",
            "missing in A (with its 1 column, 1 row count)",
            "HIGH",
            "deprecated, never migrate",
        ]
    ]
    status = {x[0]: x[1] for x in rows(section(r, "Failing, accepted"))}
    assert status["approved"] == "1"
    plan = " ".join(t for _, t in plan_items(r))
    # Approved: still in the plan, marked; ignored: counted apart, not in it.
    assert "public.who" in plan
    assert "public.old_stuff" not in plan


def test_approvals_never_hide_risk() -> None:
    """Everything approved: the risk, the plan and the top risks still show it,
    marked with the date and reason; excluded only when asked."""
    a, b = drift_pair()
    everything = make_input(a, b, rules=RULES).comparison
    approved = frozenset(
        (r.kind, r.key)
        for kind in everything.kinds
        for r in everything.of(kind)
        if r.findings
    )
    approvals = {k: Approval("2026-05-04", "known, fixed in Q3") for k in approved}
    approvals["rls", "public.stories"] = Approval(None, None)
    r = build_report(
        make_input(a, b, rules=RULES, approved=approved, approvals=approvals)
    )
    body = text(section(r, "Executive summary"))
    assert "Overall risk: CRITICAL" in body
    assert "Without the approved differences: NONE" in body
    items = plan_items(r)
    stories = [t for _, t in items if "row level security on public.stories" in t]
    assert stories
    assert stories[0].endswith("APPROVED (date not recorded), no reason given")
    assert all("APPROVED" in t for _, t in items)
    assert any(
        t.endswith("APPROVED on 2026-05-04, known, fixed in Q3") for _, t in items
    )
    assert {p for p, _ in items} >= {"PRIORITY 1: CRITICAL", "PRIORITY 2: HIGH"}
    risks = [
        plain_text(i)
        for b in blocks(section(r, "Risk assessment"))
        if isinstance(b, BulletList)
        for i in b.items
    ]
    assert risks
    assert all("APPROVED" in x for x in risks)
    plan_intro = text(section(r, "Prioritised plan")).split("PRIORITY")[0]
    assert "Approved differences are in, marked APPROVED" in plan_intro

    hidden = build_report(
        make_input(
            a,
            b,
            rules=RULES,
            approved=approved,
            approvals=approvals,
            exclude_approved=True,
        )
    )
    body = text(section(hidden, "Executive summary"))
    assert "Overall risk: NONE" in body
    assert "--dbparity-exclude-approved leaves" in body
    assert plan_items(hidden) == []
    assert "--dbparity-exclude-approved" in render_markdown(hidden).split("##")[0]
    assert "Approved differences are left out too" in text(
        section(hidden, "Prioritised plan")
    )


def test_plan_words_publication_members() -> None:
    a = catalog(
        "a",
        [
            publication("supabase_realtime", {"public.msgs": "all columns"}),
            publication("p", {"public.t": "columns (a)"}, schemas=["s"]),
        ],
    )
    b = catalog(
        "b",
        [
            publication("supabase_realtime"),
            publication("p", {"public.t": "all columns"}),
        ],
    )
    items = {t: p for p, t in plan_items(build_report(make_input(a, b)))}
    assert items == {
        "Publish table public.msgs through supabase_realtime in B as A does "
        "(A: all columns; B: not set), or stop publishing it in A": (
            "PRIORITY 1: CRITICAL"
        ),
        "Align what is published of table public.t through p "
        "(A: columns (a); B: all columns)": "PRIORITY 2: HIGH",
        "Publish schema s through p in B as A does (A: all tables; B: not set), "
        "or stop publishing it in A": "PRIORITY 2: HIGH",
    }


def test_plan_ordered_by_severity_and_excludes_accepted(report: Report) -> None:
    items = plan_items(report)
    priorities = [p for p, _ in items]
    order = ["PRIORITY 1: CRITICAL", "PRIORITY 2: HIGH", "PRIORITY 3: MEDIUM",
             "PRIORITY 4: LOW"]  # fmt: skip
    assert priorities == sorted(priorities, key=order.index)
    texts = [t for _, t in items]
    assert texts[0] == (
        "Enable row level security on public.stories in B to match A, or disable "
        "it in A"
    )
    assert (
        "PRIORITY 2: HIGH",
        "Install extension cube in the same schema on both sides (A: extensions; "
        "B: public); qualified names and search_path depend on it",
    ) in items
    assert (
        "PRIORITY 2: HIGH",
        "Foreign key stories_owner_id_fkey of public.stories exists only in A: "
        "create it in B to match A, or drop it from A",
    ) in items
    assert (
        "PRIORITY 3: MEDIUM",
        "Update extension hstore to the same version (A: 1.8; B: 1.7)",
    ) in items
    assert any(p == "PRIORITY 4: LOW" and "migration history" in t for p, t in items)
    joined = " ".join(texts)
    assert "old_stuff" not in joined  # ignored by a rule
    assert "public.pretty" not in joined  # formatting only: informational
    # Numbers run on across priorities.
    starts = [
        b.start
        for sub in section(report, "Prioritised plan").blocks
        if isinstance(sub, Section)
        for b in sub.blocks
        if isinstance(b, NumberedList)
    ]
    assert starts[0] == 1
    assert starts == sorted(starts)


# ----------------------------------------------------------------- renderers


def test_markdown_and_html_state_the_same_facts(report: Report) -> None:
    a, b = drift_pair()
    inp = make_input(a, b, rules=RULES)
    md, page = render_markdown(report), html_text(render_html(report))
    implied = {"public.old_stuff.id", "public.legacy.id"}
    for f in inp.comparison.findings():
        if f.object in implied:
            continue
        # A column is named under its table's heading.
        facts = f.object.rsplit(".", 1) if f.kind == "column" else [f.object]
        for fact in facts:
            assert fact in md, fact
            assert fact in page, fact
    for s in report.sections:
        assert s.title in page
        assert f"## {s.title}" in md


def test_html_escapes_and_is_self_contained() -> None:
    evil = "<script>alert('x')</script>"
    a = catalog("a", [table(evil), column(evil, "id")])
    b = catalog("b", [])
    r = build_report(make_input(a, b))
    page = render_html(r)
    assert "<script" not in page
    assert "&lt;script&gt;" in page
    assert re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page) is None
    assert "<link" not in page
    assert "@import" not in page
    assert page.startswith("<!DOCTYPE html>")
    assert "<style>" in page
    md = render_markdown(r)
    # In Markdown the name only appears inside code spans or escaped.
    outside_code = re.sub(r"`[^`]*`", "", md)
    assert "<script" not in outside_code


def test_markdown_tables_survive_pipes() -> None:
    a = catalog("a", [table("t"), column("t", "c", "text")])
    b = catalog("b", [table("t"), column("t", "c", "a|b")])
    md = render_markdown(build_report(make_input(a, b)))
    line = next(x for x in md.splitlines() if x.startswith("| `c`"))
    assert "`a\\|b`" in line
    assert line.count(" | ") == 3


def test_output_is_deterministic() -> None:
    a, b = drift_pair()
    approved = frozenset({("function", "public.who"), ("extension", "hstore")})
    first = build_report(make_input(a, b, rules=RULES, approved=approved))
    again = build_report(make_input(a, b, rules=RULES, approved=frozenset(approved)))
    assert render_markdown(first) == render_markdown(again)
    assert render_html(first) == render_html(again)


def drifted_report() -> str:
    """The Markdown and HTML of the drifted pair (for the hash-seed test)."""
    a, b = drift_pair()
    approved = frozenset({("function", "public.who"), ("extension", "hstore")})
    report = build_report(make_input(a, b, rules=RULES, approved=approved))
    return render_markdown(report) + render_html(report)


def test_output_is_the_same_under_any_hash_seed() -> None:
    outputs = outputs_under_hash_seeds("tests.unit.test_report:drifted_report")
    assert outputs[0] == drifted_report()
    assert len(set(outputs)) == 1


def test_write_report_by_suffix(tmp_path: Path) -> None:
    a, b = drift_pair()
    inp = make_input(a, b, rules=RULES)
    md, page, upper = tmp_path / "r.md", tmp_path / "out" / "r.html", tmp_path / "R.HTM"
    write_report(md, inp)
    write_report(page, inp)
    write_report(upper, inp)
    assert md.read_text("utf-8").startswith("# Database parity report")
    assert page.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert upper.read_text("utf-8").startswith("<!DOCTYPE html>")
    write_report(md, inp)  # replaces in place
    leftovers = [p.name for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
    for out in (md, page):
        content = out.read_text("utf-8")
        assert "report_reader_role" not in content
        assert "prod_db" in content


def test_kinds_not_compared_are_named() -> None:
    a = catalog("a", [table("t"), policy("p")])
    b = catalog(
        "b",
        [table("t")],
        kinds=tuple(k for k in KINDS if k != "policy"),
        unreadable={"policy": "permission denied for pg_policy"},
    )
    r = build_report(make_input(a, b))
    body = text(section(r, "3. RLS and policy differences"))
    assert body == (
        "Not compared: policy (not readable in B: permission denied for pg_policy).\n"
        "No differences."
    )
    notes = text(section(r, "1. Environment overview"))
    assert "B: policy not readable (permission denied for pg_policy)" in notes


def test_each_report_section_has_one_leading_kind() -> None:
    named = {s.report_section for s in REGISTRY} - {"other"}
    leads = [spec.report_section for spec, _ in kind_sections()]
    assert sorted(leads) == sorted(named)
    orders = [s.order for _, s in kind_sections()]
    assert len(set(orders)) == len(orders)

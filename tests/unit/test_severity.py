"""Unit tests of severity rules: defaults, user rules, globbing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_dbparity.diff import Change
from pytest_dbparity.kinds.names import KINDS
from pytest_dbparity.severity import (
    Rule,
    Severity,
    Verdict,
    classify,
    default_rules,
    glob_match,
    highest,
)

# N is info: ruff rejects the ambiguous name I.
C, H, M, L, N = (
    Severity.CRITICAL,
    Severity.HIGH,
    Severity.MEDIUM,
    Severity.LOW,
    Severity.INFO,
)


def verdict(
    kind: str,
    attribute: str | None,
    change: Change = "different",
    *,
    obj: str = "public.t",
    rules: tuple[Rule, ...] = (),
) -> Verdict:
    return classify(kind=kind, key=obj, attribute=attribute, change=change, rules=rules)


# ------------------------------------------------------------------ Severity


def test_severity_order_and_labels() -> None:
    assert N < L < M < H < C
    assert [s.label for s in Severity] == ["info", "low", "medium", "high", "critical"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("info", N), ("HIGH", H), (" Critical ", C), ("medium", M), ("low\n", L)],
)
def test_severity_parse(text: str, expected: Severity) -> None:
    assert Severity.parse(text) is expected


@pytest.mark.parametrize("text", ["urgent", "", "hi", "severe", "INFO!"])
def test_severity_parse_error_lists_choices(text: str) -> None:
    with pytest.raises(ValueError, match="unknown severity") as info:
        Severity.parse(text)
    message = str(info.value)
    assert repr(text) in message
    assert "info, low, medium, high, critical" in message


def test_highest() -> None:
    assert highest([L, C, M]) is C
    assert highest([]) is None


# ------------------------------------------------------------------ defaults


@pytest.mark.parametrize(
    ("kind", "attribute", "change", "expected"),
    [
        ("rls", "enabled", "different", C),
        ("rls", "forced", "different", C),
        ("policy", "using", "different", C),
        ("policy", "roles", "different", C),
        ("policy", None, "missing_in_a", C),
        ("policy", None, "missing_in_b", C),
        ("function", "security_definer", "different", C),
        ("function", "config[search_path]", "different", C),
        ("function", "config[work_mem]", "different", M),
        ("function", "arguments", "different", H),
        ("function", "result", "different", H),
        ("function", "function_type", "different", H),
        ("function", None, "missing_in_b", H),
        ("function", "body", "different", M),
        ("function", "body_formatting", "different", N),
        ("function", "owner", "different", L),
        ("privilege", "grants[anon]", "different", C),
        ("privilege", None, "missing_in_a", C),
        ("table", None, "missing_in_a", H),
        ("table", "owner", "different", L),
        ("table", "persistence", "different", M),
        ("column", None, "missing_in_b", H),
        ("column", "type", "different", H),
        ("column", "not_null", "different", M),
        ("column", "comment", "different", L),
        ("constraint", None, "missing_in_a", H),
        ("constraint", None, "missing_in_b", H),
        ("constraint", "columns", "different", H),
        ("extension", "version", "different", M),
        ("extension", "schema", "different", H),
        ("extension", None, "missing_in_b", H),
        ("schema", None, "missing_in_a", H),
        ("schema", "owner", "different", L),
        ("index", "definition", "different", M),
        ("trigger", None, "missing_in_b", M),
        ("view", "definition", "different", M),
        ("type", "labels", "different", M),
        ("sequence", "increment", "different", L),
        ("migration", None, "missing_in_a", L),
        ("row_count", "rows", "different", N),
    ],
)
def test_default_severities(
    kind: str, attribute: str | None, change: Change, expected: Severity
) -> None:
    v = verdict(kind, attribute, change)
    assert v.severity is expected
    assert v.ignored is False
    assert v.reason  # every default says why


@pytest.mark.parametrize(
    ("obj", "attribute", "change", "expected"),
    [
        ("supabase_realtime", "tables[public.messages]", "different", C),
        ("supabase_realtime", 'schemas["My Schema"]', "different", C),
        ("supabase_realtime", "all_tables", "different", C),
        ("supabase_realtime", "operations", "different", H),
        ("supabase_realtime", None, "missing_in_b", H),
        ("supabase_realtime", "owner", "different", L),
        ("other_pub", "tables[public.messages]", "different", H),
        ("other_pub", "publish_via_partition_root", "different", H),
        ("other_pub", None, "missing_in_a", H),
        ("other_pub", "comment", "different", L),
    ],
)
def test_publication_severities(
    obj: str, attribute: str | None, change: Change, expected: Severity
) -> None:
    # What joins or leaves the realtime publication streams to clients.
    v = verdict("publication", attribute, change, obj=obj)
    assert v.severity is expected
    assert v.reason


def test_unknown_kind_falls_back_to_medium() -> None:
    v = verdict("subscription", "anything")
    assert v.severity is M
    assert v.ignored is False


def test_defaults_end_with_a_catch_all() -> None:
    last = default_rules()[-1]
    assert (last.kind, last.object, last.attribute, last.change) == (None,) * 4
    assert all(r.severity is not None and not r.ignore for r in default_rules())


def test_every_default_kind_is_a_real_kind() -> None:
    assert {r.kind for r in default_rules() if r.kind is not None} <= set(KINDS)


@settings(max_examples=150)
@given(
    kind=st.sampled_from(KINDS) | st.text(max_size=8),
    attribute=st.none() | st.text(max_size=12),
    change=st.sampled_from(["missing_in_a", "missing_in_b", "different"]),
    obj=st.text(max_size=12),
)
def test_classify_always_gives_a_verdict(
    kind: str, attribute: str | None, change: Change, obj: str
) -> None:
    v = classify(kind=kind, key=obj, attribute=attribute, change=change)
    assert isinstance(v.severity, Severity)
    assert v.ignored is False


# ------------------------------------------------------------------ user rules


def test_user_rule_beats_default() -> None:
    rules = (Rule(kind="rls", severity=L, reason="dev only"),)
    v = verdict("rls", "enabled", rules=rules)
    assert v == Verdict(L, ignored=False, reason="dev only")


def test_first_matching_user_rule_wins() -> None:
    rules = (
        Rule(kind="column", object="public.t.*", severity=L),
        Rule(kind="column", severity=C),
    )
    assert verdict("column", "type", obj="public.t.a", rules=rules).severity is L
    assert verdict("column", "type", obj="public.u.a", rules=rules).severity is C


def test_non_matching_user_rules_fall_through_to_defaults() -> None:
    rules = (Rule(kind="table", severity=N), Rule(object="app.*", severity=N))
    assert verdict("column", "type", obj="public.t.a", rules=rules).severity is H


def test_ignore_keeps_default_severity_and_sets_reason() -> None:
    rules = (Rule(kind="column", attribute="type", ignore=True, reason="planned"),)
    v = verdict("column", "type", rules=rules)
    assert v == Verdict(H, ignored=True, reason="planned")
    # Other attributes are not affected.
    assert verdict("column", "not_null", rules=rules) == Verdict(
        M, ignored=False, reason="column attribute differs"
    )


def test_ignore_uses_default_not_later_user_rules() -> None:
    rules = (
        Rule(kind="row_count", ignore=True, reason="data differs"),
        Rule(kind="row_count", severity=C),
    )
    assert verdict("row_count", "rows", rules=rules) == Verdict(
        N, ignored=True, reason="data differs"
    )


def test_dash_attribute_matches_only_missing_objects() -> None:
    rules = (Rule(kind="column", attribute="-", severity=L, reason="new columns"),)
    assert verdict("column", None, "missing_in_a", rules=rules).severity is L
    assert verdict("column", None, "missing_in_b", rules=rules).severity is L
    assert verdict("column", "type", rules=rules).severity is H


def test_attribute_pattern_never_matches_missing_object() -> None:
    rules = (Rule(kind="column", attribute="*", severity=N),)
    assert verdict("column", "type", rules=rules).severity is N
    assert verdict("column", None, "missing_in_a", rules=rules).severity is H


def test_change_selects_one_direction() -> None:
    rules = (Rule(change="missing_in_a", severity=N),)
    assert verdict("table", None, "missing_in_a", rules=rules).severity is N
    assert verdict("table", None, "missing_in_b", rules=rules).severity is H


def test_rule_without_severity_or_ignore_is_skipped() -> None:
    rules = (Rule(kind="column"),)
    assert verdict("column", "type", rules=rules).severity is H


def test_kind_and_object_globs() -> None:
    rule = Rule(kind="c*", object="public.*", severity=L)
    assert rule.matches(
        kind="column", key="public.t.a", attribute="type", change="different"
    )
    assert rule.matches(
        kind="constraint", key="public.t.c", attribute=None, change="missing_in_a"
    )
    assert not rule.matches(
        kind="table", key="public.t", attribute="owner", change="different"
    )
    assert not rule.matches(
        kind="column", key="app.t.a", attribute="type", change="different"
    )


def test_mapping_attribute_rule() -> None:
    rules = (
        Rule(kind="privilege", attribute="grants[anon]", severity=L, reason="anon ok"),
    )
    assert verdict("privilege", "grants[anon]", rules=rules).severity is L
    assert verdict("privilege", "grants[a]", rules=rules).severity is C
    assert verdict("privilege", "grants[n]", rules=rules).severity is C


# ------------------------------------------------------------------ glob_match


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("grants[anon]", "grants[anon]", True),
        ("grants[anon]", "grants[a]", False),
        ("grants[anon]", "grantsa", False),
        ("[ab]", "a", False),
        ("[ab]", "[ab]", True),
        ("grants[*]", "grants[anon]", True),
        ("grants[*]", "grants", False),
        ("config[search_path]", "config[search_path]", True),
        ("public.*", "public.users", True),
        ("public.*", "publicXusers", False),
        ("public.*", "app.public.users", False),
        ("a.b", "axb", False),
        ("*", "", True),
        ("*", "anything.at[all]\nwith newline", True),
        ("?", "x", True),
        ("?", "", False),
        ("?", "xy", False),
        ("f(?)", "f(x)", True),
        ("f(*)", "f(integer, text)", True),
        ("a+b", "a+b", True),
        ("a+b", "aab", False),
        ("^a$", "^a$", True),
        ("a|b", "a", False),
        ("a\\b", "a\\b", True),
        ("a{2}", "aa", False),
        ("public.t", "public.t.a", False),
    ],
)
def test_glob_match(pattern: str, text: str, expected: bool) -> None:
    assert glob_match(pattern, text) is expected


no_wild = st.text(max_size=12).filter(lambda s: "*" not in s and "?" not in s)


@settings(max_examples=200)
@given(no_wild, no_wild)
def test_glob_without_wildcards_is_equality(pattern: str, text: str) -> None:
    assert glob_match(pattern, pattern)
    assert glob_match(pattern, text) == (pattern == text)


@settings(max_examples=200)
@given(no_wild, no_wild, no_wild)
def test_star_matches_any_middle(prefix: str, middle: str, suffix: str) -> None:
    assert glob_match(f"{prefix}*{suffix}", f"{prefix}{middle}{suffix}")


@settings(max_examples=200)
@given(st.text(max_size=10))
def test_question_mark_matches_exactly_one_character(text: str) -> None:
    assert glob_match("?" * len(text), text)
    assert not glob_match("?" * (len(text) + 1), text)
    if text:
        assert not glob_match("?" * (len(text) - 1), text)


# ------------------------------------------------------------------ implied_by


def test_implied_difference_is_info_with_reason() -> None:
    v = classify(
        kind="column",
        key="public.t.a",
        attribute=None,
        change="missing_in_b",
        implied_by="table public.t missing in B",
    )
    assert v.severity is N
    assert v.ignored is False
    assert v.reason is not None
    assert "table public.t missing in B" in v.reason


def test_user_rule_beats_implied_info() -> None:
    rules = (Rule(kind="column", severity=C, reason="columns matter"),)
    v = classify(
        kind="column",
        key="public.t.a",
        attribute=None,
        change="missing_in_b",
        rules=rules,
        implied_by="table public.t missing in B",
    )
    assert v == Verdict(C, ignored=False, reason="columns matter")


def test_ignore_of_implied_difference_keeps_info() -> None:
    rules = (Rule(kind="column", ignore=True, reason="legacy"),)
    v = classify(
        kind="column",
        key="public.t.a",
        attribute=None,
        change="missing_in_b",
        rules=rules,
        implied_by="table public.t missing in B",
    )
    assert v == Verdict(N, ignored=True, reason="legacy")

"""Unit tests of the snapshot serializer (YAML text) and the syrupy extension."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_dbparity.findings import Finding
from pytest_dbparity.severity import Severity
from pytest_dbparity.snapshot import serializer
from pytest_dbparity.snapshot.extension import DbParitySnapshotExtension
from pytest_dbparity.snapshot.serializer import (
    FORMAT,
    OBJECT,
    SnapshotFormatError,
    drift_snapshot,
    dump,
    load,
    parity_snapshot,
)
from tests.factories import finding
from tests.seeds import outputs_under_hash_seeds

# ------------------------------------------------------------------ builders


def sample() -> dict[str, Any]:
    return parity_snapshot(
        "function",
        'public."Do"(integer)',
        [
            finding("volatility", "stable", "volatile"),
            finding("config[search_path]", "", "public", Severity.CRITICAL),
            finding("body", "begin\n  return 1;\nend\n", "select 1", Severity.LOW),
        ],
    )


# ------------------------------------------------------------------ dump


def sample_dump() -> str:
    return dump(sample())


def test_dump_is_the_same_under_any_hash_seed() -> None:
    outputs = outputs_under_hash_seeds(
        "tests.unit.test_snapshot_serializer:sample_dump"
    )
    assert outputs[0] == sample_dump()
    assert len(set(outputs)) == 1


def test_keys_are_sorted_whatever_the_insertion_order() -> None:
    forward = {"format": FORMAT, "b": {"y": 1, "x": 2}, "a": [{"d": 1, "c": 2}]}
    backward = {"a": [{"c": 2, "d": 1}], "b": {"x": 2, "y": 1}, "format": FORMAT}
    text = dump(forward)
    assert text == dump(backward)
    assert (
        text == "a:\n- c: 2\n  d: 1\nb:\n  x: 2\n  y: 1\nformat: dbparity-snapshot/1\n"
    )


def test_dump_does_not_change_its_input() -> None:
    data = {"z": 1, "format": FORMAT, "a": {"q": [3, 2, 1]}}
    dump(data)
    assert list(data) == ["z", "format", "a"]
    assert data["a"] == {"q": [3, 2, 1]}


@pytest.mark.parametrize(
    "data",
    [
        {"format": FORMAT},
        {"format": FORMAT, "v": "a\nb"},
        {"format": FORMAT, "v": "a\nb\n\n"},
        {"format": FORMAT, "v": ""},
    ],
)
def test_dump_ends_with_a_newline(data: dict[str, Any]) -> None:
    text = dump(data)
    assert text.endswith("\n")
    assert load(text) == data


def test_multi_line_text_is_a_literal_block() -> None:
    body = "begin\n  return 1;\nend\n"
    text = dump({"format": FORMAT, "body": body})
    assert "body: |\n  begin\n    return 1;\n  end\n" in text
    nested = dump({"format": FORMAT, "x": {"body": "a\nb"}})
    assert "  body: |-\n    a\n    b\n" in nested


def test_a_long_line_is_never_folded() -> None:
    value = " ".join(["word"] * 100)  # 499 characters with spaces to fold at
    assert len(value) >= 499
    text = dump({"format": FORMAT, "v": value})
    assert f"v: {value}\n" in text
    assert len(text.splitlines()) == 2


@pytest.mark.parametrize(
    "value",
    [
        ": ".join(["key"] * 120),  # must be quoted
        "\t".join(["tab"] * 150),  # double-quoted, with escapes
        "# " + "x " * 300,
        "x" * 600,
    ],
)
def test_long_quoted_values_stay_on_one_line(value: str) -> None:
    text = dump({"format": FORMAT, "v": value})
    assert len(text.splitlines()) == 2
    assert load(text)["v"] == value


def test_long_lines_inside_a_block_are_never_folded() -> None:
    line = " ".join(["word"] * 120)
    value = f"{line}\n{line}\n"
    text = dump({"format": FORMAT, "v": value})
    assert text == f"format: {FORMAT}\nv: |\n  {line}\n  {line}\n"


def test_non_ascii_is_written_as_is() -> None:
    value = "Grüße ✓ 日本語 🙂 naïve"
    text = dump({"format": FORMAT, "v": value, "ключ": "значение"})
    assert value in text
    assert "ключ: значение" in text
    assert "\\u" not in text
    assert "\\x" not in text


@pytest.mark.parametrize(
    "value",
    ["1", "0x1F", "1e3", ".inf", "~", "null", "true", "yes", "off", "2024-01-01"],
)
def test_strings_that_look_like_other_types_stay_strings(value: str) -> None:
    text = dump({"format": FORMAT, "v": value, value: value})
    assert "!!" not in text
    assert load(text) == {"format": FORMAT, "v": value, value: value}


# ------------------------------------------------------------------ round trip

EDGE = [
    "\n",
    "\r",
    "\t",
    " ",
    "  ",
    "'",
    '"',
    "#",
    " #",
    ": ",
    ":",
    "-",
    "- ",
    "? ",
    "|",
    ">",
    "!",
    "&",
    "*",
    "%",
    "@",
    "`",
    "{",
    "}",
    "[",
    "]",
    ",",
    "\\",
    "<<",
    "=",
    "---",
    "...",
    "null",
    "yes",
    "~",
    "0",
    "1.5",
    "é",
    "日本",
    "🙂",
    "\u00a0",
    "\u2028",
    "\ufeff",
    "\x00",
    "\x1b",
]
# U+0085 (NEL) is left out here: see test_nel_survives_a_round_trip below.
chars = st.characters(exclude_categories=["Cs"], exclude_characters="\x85")
strings = st.lists(st.sampled_from(EDGE) | st.text(chars, max_size=6), max_size=8).map(
    "".join
)
scalars = st.none() | st.booleans() | st.integers() | strings
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(strings, inner, max_size=4)
    ),
    max_leaves=10,
)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(strings, values, max_size=5))
def test_any_data_round_trips(data: dict[str, Any]) -> None:
    data = {**data, "format": FORMAT}
    text = dump(data)
    assert load(text) == data
    assert dump(load(text)) == text
    assert "!!python" not in text


findings_st = st.builds(
    finding,
    attribute=st.none() | strings,
    a=values,
    b=values,
    severity=st.sampled_from(list(Severity)),
    change=st.sampled_from(["missing_in_a", "missing_in_b", "different"]),
)


@settings(max_examples=30, deadline=None)
@given(strings, strings, st.lists(findings_st, max_size=4))
def test_parity_snapshots_round_trip(
    kind: str, key: str, findings: list[Finding]
) -> None:
    data = parity_snapshot(kind, key, findings)
    text = dump(data)
    assert load(text) == data
    assert "!!python" not in text


@settings(max_examples=30, deadline=None)
@given(strings, strings, st.dictionaries(strings, values, max_size=6))
def test_drift_snapshots_round_trip(kind: str, key: str, attrs: dict[str, Any]) -> None:
    data = drift_snapshot(kind, key, attrs)
    text = dump(data)
    assert load(text) == data
    assert "!!python" not in text


def test_the_sample_has_no_python_tags() -> None:
    text = dump(sample())
    assert "!!" not in text
    assert "python" not in text


@pytest.mark.parametrize("value", ["a\x85b", "line 1\nline\x852\n", "a\x85"])
def test_nel_survives_a_round_trip(value: str) -> None:
    data = {"format": FORMAT, "v": value}
    assert load(dump(data)) == data


# ------------------------------------------------------------------ load


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("format: dbparity-snapshot/1\nkind: [a, b\nobject: x\n", 3),
        ("format: dbparity-snapshot/1\n  kind: x\n: y\n", 2),
        ("format: dbparity-snapshot/1\nkind: 'unterminated\n", 3),
        ("format: dbparity-snapshot/1\nkind: a\nkind: b: c\n", 3),
    ],
)
def test_invalid_yaml_names_the_line(text: str, line: int) -> None:
    with pytest.raises(SnapshotFormatError, match=rf"not valid YAML at line {line}\b"):
        load(text)


def test_a_non_printable_character_names_the_line() -> None:
    with pytest.raises(SnapshotFormatError, match=r"line 2"):
        load("format: dbparity-snapshot/1\nkind: a\x00b\n")


def test_a_non_printable_character_is_a_format_error() -> None:
    with pytest.raises(SnapshotFormatError, match="not valid YAML"):
        load("format: dbparity-snapshot/1\nkind: a\x00b\n")


@pytest.mark.parametrize(
    "text", ["", "# only a comment\n", "- a\n- b\n", "just text\n", "42\n", "null\n"]
)
def test_a_document_that_is_not_a_mapping_is_refused(text: str) -> None:
    with pytest.raises(SnapshotFormatError, match="not a mapping"):
        load(text)


@pytest.mark.parametrize(
    "text",
    [
        "kind: table\nobject: public.t\n",
        "format: dbparity-snapshot/2\n",
        "format: dbparity-findings/1\n",
        "format: \n",
        "format: 1\n",
    ],
)
def test_a_missing_or_wrong_format_is_refused(text: str) -> None:
    with pytest.raises(SnapshotFormatError, match="expected 'dbparity-snapshot/1'"):
        load(text)


def test_python_tags_are_refused() -> None:
    text = "format: dbparity-snapshot/1\nx: !!python/object/apply:os.getcwd []\n"
    with pytest.raises(SnapshotFormatError, match="not valid YAML at line 2"):
        load(text)


def test_the_error_is_a_value_error() -> None:
    assert issubclass(SnapshotFormatError, ValueError)


# ------------------------------------------------------------------ snapshots


def test_parity_snapshot_shape() -> None:
    data = parity_snapshot(
        "table",
        "public.t",
        [
            finding("owner", "postgres", "app", Severity.LOW),
            finding("comment", None, "hello\nworld", Severity.INFO),
            finding("partition_key", ["a", 1], {"x": True}, Severity.HIGH),
        ],
    )
    assert data == {
        "format": FORMAT,
        "kind": "table",
        "object": "public.t",
        "change": "different",
        "differences": {
            "owner": {"a": "postgres", "b": "app", "severity": "low"},
            "comment": {"a": None, "b": "hello\nworld", "severity": "info"},
            "partition_key": {"a": ["a", 1], "b": {"x": True}, "severity": "high"},
        },
    }
    assert load(dump(data)) == data


def test_a_missing_object_uses_the_object_pseudo_attribute() -> None:
    attrs = {"table_type": "ordinary", "owner": None}
    data = parity_snapshot(
        "table",
        "public.gone",
        [finding(None, attrs, None, Severity.HIGH, change="missing_in_b")],
    )
    assert OBJECT == "(object)"
    assert data["change"] == "missing_in_b"
    assert data["differences"] == {
        "(object)": {"a": attrs, "b": None, "severity": "high"}
    }
    text = dump(data)
    assert "differences:\n  (object):\n    a:\n      owner: null\n" in text
    assert load(text) == data


def test_a_parity_snapshot_without_findings() -> None:
    data = parity_snapshot("rls", "public.t", [])
    assert data == {
        "format": FORMAT,
        "kind": "rls",
        "object": "public.t",
        "change": "different",
        "differences": {},
    }
    assert load(dump(data)) == data


def test_every_severity_label_is_written() -> None:
    for severity in Severity:
        data = parity_snapshot("x", "k", [finding("a", 1, 2, severity)])
        assert data["differences"]["a"]["severity"] == severity.name.lower()
        assert f"severity: {severity.name.lower()}\n" in dump(data)


def test_drift_snapshot_shape() -> None:
    attrs = {"enabled": True, "forced": False, "grants[anon]": "SELECT"}
    data = drift_snapshot("rls", "public.t", attrs)
    assert data == {
        "format": FORMAT,
        "kind": "rls",
        "object": "public.t",
        "attributes": attrs,
    }
    assert data["attributes"] is not attrs
    assert dump(data) == (
        "attributes:\n"
        "  enabled: true\n"
        "  forced: false\n"
        "  grants[anon]: SELECT\n"
        f"format: {FORMAT}\n"
        "kind: rls\n"
        "object: public.t\n"
    )


# ------------------------------------------------------------------ extension

REFORMATTED = """\
# approved by hand; keys in another order, other quoting and indentation
object: 'public."Do"(integer)'
kind: "function"
format: dbparity-snapshot/1
change: different
differences:
    volatility: {severity: medium, a: stable, b: "volatile"}
    "config[search_path]":
        severity: critical
        b: public
        a: ''
    body:
        a: "begin\\n  return 1;\\nend\\n"
        b: select 1
        severity: low
"""


def test_serialize_of_a_mapping_is_dump() -> None:
    ext = DbParitySnapshotExtension()
    assert ext.serialize(sample()) == dump(sample())
    text = dump(sample())
    assert ext.serialize(text) == text


def test_matches_the_same_text() -> None:
    ext = DbParitySnapshotExtension()
    text = dump(sample())
    assert ext.matches(serialized_data=text, snapshot_data=text)


def test_matches_a_hand_reformatted_file() -> None:
    ext = DbParitySnapshotExtension()
    assert REFORMATTED != dump(sample())
    assert ext.matches(serialized_data=dump(sample()), snapshot_data=REFORMATTED)
    assert ext.matches(serialized_data=REFORMATTED, snapshot_data=dump(sample()))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("b: select 1", "b: select 2"),
        ("severity: low", "severity: info"),
        ("a: ''", "a: null"),
        ("b: public", "b: 'public '"),
        ('kind: "function"', "kind: table"),
    ],
)
def test_does_not_match_different_data(old: str, new: str) -> None:
    ext = DbParitySnapshotExtension()
    assert old in REFORMATTED
    changed = REFORMATTED.replace(old, new)
    assert not ext.matches(serialized_data=dump(sample()), snapshot_data=changed)


@pytest.mark.parametrize(
    "corrupt",
    [
        "format: dbparity-snapshot/1\nkind: [unclosed\n",
        "- a list\n",
        "",
        "format: dbparity-snapshot/0\nkind: function\n",
        dump(sample()).replace(FORMAT, "dbparity-snapshot/2"),
        "\x00",
    ],
)
def test_does_not_match_corrupt_text(corrupt: str) -> None:
    ext = DbParitySnapshotExtension()
    assert not ext.matches(serialized_data=dump(sample()), snapshot_data=corrupt)


def test_does_not_match_when_no_snapshot_exists() -> None:
    ext = DbParitySnapshotExtension()
    assert not ext.matches(serialized_data=dump(sample()), snapshot_data=None)


def test_a_deeply_nested_file_does_not_crash_matches() -> None:
    ext = DbParitySnapshotExtension()
    corrupt = "- " * 2000 + "x\n"  # a list nested 2000 deep
    try:
        matched = ext.matches(serialized_data=dump(sample()), snapshot_data=corrupt)
    except RecursionError:
        pytest.fail("matches() raised RecursionError")  # short report, no deep trace
    assert not matched


@settings(max_examples=30, deadline=None)
@given(st.dictionaries(strings, values, max_size=5))
def test_matches_its_own_output_in_flow_style(data: dict[str, Any]) -> None:
    data = {**data, "format": FORMAT}
    ext = DbParitySnapshotExtension()
    other = yaml.safe_dump(data, default_flow_style=True, sort_keys=False)
    assert ext.matches(serialized_data=ext.serialize(data), snapshot_data=other)


# ------------------------------------------------------------- upgrades


def _drift(**attrs: object) -> dict[str, object]:
    return serializer.drift_snapshot("table", "public.t", attrs)


def test_drift_approval_holds_for_what_it_recorded() -> None:
    approved = _drift(owner="app", comment=None)
    check = serializer.check_approval(approved, _drift(owner="app", comment=None, x=1))
    assert check == serializer.ApprovalCheck(True, new=("x",))
    changed = serializer.check_approval(approved, _drift(owner="bob", comment=None))
    assert (changed.holds, changed.changed) == (False, ("owner",))
    gone = serializer.check_approval(approved, _drift(owner="app"))
    assert (gone.holds, gone.changed) == (False, ("comment",))


def test_a_new_mapping_entry_is_never_taken_for_a_new_attribute() -> None:
    # No grant to anon when approved (no key) and one now: drift, not an upgrade.
    approved = serializer.drift_snapshot("privilege", "public.t", {})
    now = serializer.drift_snapshot("privilege", "public.t", {"grants[anon]": "ALL"})
    check = serializer.check_approval(approved, now)
    assert (check.holds, check.unapproved, check.new) == (False, ("grants[anon]",), ())


def test_missing_object_approval_ignores_attributes_it_never_recorded() -> None:
    def missing(**attrs: object) -> dict[str, object]:
        f = finding(None, dict(attrs), None, Severity.HIGH, change="missing_in_b")
        return serializer.parity_snapshot("table", "public.t", [f])

    approved = missing(owner="app")
    assert serializer.check_approval(approved, missing(owner="app", x=1)).holds
    assert not serializer.check_approval(approved, missing(owner="bob", x=1)).holds


def test_pair_approval_names_differences_it_does_not_cover() -> None:
    def diff(*attributes: str) -> dict[str, object]:
        findings = [
            finding(a, True, False, Severity.CRITICAL, kind="rls") for a in attributes
        ]
        return serializer.parity_snapshot("rls", "public.t", findings)

    check = serializer.check_approval(diff("enabled"), diff("enabled", "forced"))
    assert check == serializer.ApprovalCheck(False, unapproved=("forced",))
    resolved = serializer.check_approval(diff("enabled", "forced"), diff("enabled"))
    assert (resolved.holds, resolved.changed) == (False, ("forced",))


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.text(min_size=1, max_size=8),
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        max_size=6,
    )
)
def test_an_approval_always_holds_against_itself(attrs: dict[str, object]) -> None:
    doc = _drift(**attrs)
    assert serializer.check_approval(doc, doc) == serializer.ApprovalCheck(True)


# ------------------------------------------------------- approval date, reason


def test_stamp_dates_the_approval_and_keeps_the_reviewers_reason() -> None:
    data = serializer.drift_snapshot("rls", "public.t", {"enabled": True})
    first = serializer.stamp(serializer.dump(data), None, "2026-05-04")
    assert "approved: '2026-05-04'" in first
    assert "reason" not in first
    reviewed = first + "reason: prod-only table, see ticket 12\n"
    data["attributes"]["enabled"] = False
    again = serializer.stamp(serializer.dump(data), reviewed, "2026-06-01")
    loaded = serializer.load(again)
    assert serializer.approval_of(loaded) == (
        "2026-06-01",
        "prod-only table, see ticket 12",
    )
    assert serializer.content(loaded) == data


def test_approval_metadata_is_read_but_never_compared() -> None:
    text = (
        "approved: 2026-05-04\nformat: dbparity-snapshot/1\nkind: rls\n"
        "object: public.t\nattributes: {}\nreason: '  '\n"
    )
    loaded = serializer.load(text)
    assert serializer.approval_of(loaded) == ("2026-05-04", None)
    assert "approved" not in serializer.content(loaded)
    with pytest.raises(serializer.SnapshotFormatError, match="'reason' is not text"):
        serializer.load(text.replace("reason: '  '", "reason: [1, 2]"))


def test_approval_date_follows_source_date_epoch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1777852800")
    assert serializer.approval_date() == "2026-05-04"

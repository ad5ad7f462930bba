"""Unit tests of findings: compare hand-built catalogs, the JSON document."""

from __future__ import annotations

import dataclasses
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.findings import (
    FORMAT,
    Comparison,
    Finding,
    compare,
    findings_document,
    write_findings,
)
from pytest_dbparity.kinds.column import Column
from pytest_dbparity.kinds.migration import Migration
from pytest_dbparity.kinds.names import KINDS, Kind
from pytest_dbparity.kinds.privilege import Privilege
from pytest_dbparity.kinds.rls import Rls
from pytest_dbparity.kinds.table import Table
from pytest_dbparity.severity import Rule, Severity
from tests import factories
from tests.factories import (
    catalog,
    column,
    make_pair,
    policy,
    privilege,
    schema,
    table,
)

FINDING_KEYS = {
    "kind",
    "object",
    "change",
    "attribute",
    "a",
    "b",
    "severity",
    "accepted",
    "reason",
}


def by_attribute(comparison: Comparison) -> dict[tuple[str, str, str | None], Finding]:
    return {(f.kind, f.object, f.attribute): f for f in comparison.findings()}


# ------------------------------------------------------------------ compare


def test_compare_gives_findings_with_severities() -> None:
    a, b = make_pair()
    comparison = compare(a, b, kinds=KINDS)
    found = {k: (f.change, f.severity) for k, f in by_attribute(comparison).items()}
    assert found == {
        ("table", "public.only_a", None): ("missing_in_b", Severity.HIGH),
        ("column", "public.t.amount", "type"): ("different", Severity.HIGH),
        ("rls", "public.t", "enabled"): ("different", Severity.CRITICAL),
        ("function", "public.f", "body_formatting"): ("different", Severity.INFO),
        ("function", "public.g", "security_definer"): ("different", Severity.CRITICAL),
        ("extension", "pgcrypto", "version"): ("different", Severity.MEDIUM),
        ("row_count", "public.t", "rows"): ("different", Severity.INFO),
        ("privilege", "public.t", "grants[anon]"): ("different", Severity.CRITICAL),
    }
    assert not any(f.accepted for f in comparison.findings())
    grant = by_attribute(comparison)[("privilege", "public.t", "grants[anon]")]
    assert (grant.a, grant.b) == ("SELECT", None)


def test_compare_keeps_parity_objects_as_results() -> None:
    a, b = make_pair()
    comparison = compare(a, b, kinds=("column",))
    results = comparison.of("column")
    assert [r.key for r in results] == ["public.t.amount", "public.t.id"]
    assert results[1].findings == ()
    assert comparison.of("table") == ()
    assert comparison.kinds == ("column",)


def test_findings_follow_kind_order_given() -> None:
    a, b = make_pair()
    comparison = compare(a, b, kinds=("rls", "column"))
    assert [f.kind for f in comparison.findings()] == ["rls", "column"]


def test_ignore_rule_accepts_finding_and_keeps_severity() -> None:
    a, b = make_pair()
    rules = (
        Rule(
            kind="column", attribute="type", ignore=True, reason="migrating to numeric"
        ),
    )
    comparison = compare(a, b, kinds=("column", "rls"), rules=rules)
    found = by_attribute(comparison)
    col = found[("column", "public.t.amount", "type")]
    assert col.accepted is True
    assert col.severity is Severity.HIGH
    assert col.reason == "migrating to numeric"
    assert found[("rls", "public.t", "enabled")].accepted is False
    (result,) = [r for r in comparison.of("column") if r.key == "public.t.amount"]
    assert result.failing(Severity.INFO) == ()


def test_failing_respects_threshold() -> None:
    a, b = make_pair()
    comparison = compare(a, b, kinds=("function",))
    by_key = {r.key: r for r in comparison.of("function")}
    assert by_key["public.f"].failing(Severity.LOW) == ()
    assert len(by_key["public.f"].failing(Severity.INFO)) == 1
    assert len(by_key["public.g"].failing(Severity.CRITICAL)) == 1


def test_user_severity_rule_applies() -> None:
    a, b = make_pair()
    rules = (Rule(kind="extension", severity=Severity.LOW, reason="patch level"),)
    comparison = compare(a, b, kinds=("extension",), rules=rules)
    (finding,) = comparison.findings()
    assert finding.severity is Severity.LOW
    assert finding.reason == "patch level"


def test_equal_catalogs_have_no_findings() -> None:
    a, _ = make_pair()
    same = catalog("prod", [o for kind in a.objects.values() for o in kind.values()])
    comparison = compare(a, same, kinds=KINDS)
    assert comparison.findings() == []
    assert sum(len(comparison.of(k)) for k in KINDS) == sum(
        len(v) for v in a.objects.values()
    )
    assert findings_document(comparison)["findings"] == []


def test_child_of_missing_table_is_info() -> None:
    a = catalog("a", [table("t"), column("t", "id")])
    b = catalog("b", [])
    found = by_attribute(compare(a, b, kinds=("table", "column")))
    assert found[("table", "public.t", None)].severity is Severity.HIGH
    col = found[("column", "public.t.id", None)]
    assert col.severity is Severity.INFO
    assert col.reason is not None
    assert "public.t" in col.reason


def test_missing_column_of_present_table_is_high() -> None:
    a = catalog("a", [table("t"), column("t", "id")])
    b = catalog("b", [table("t")])
    (finding,) = compare(a, b, kinds=("table", "column")).findings()
    assert (finding.kind, finding.change, finding.severity) == (
        "column",
        "missing_in_b",
        Severity.HIGH,
    )


def test_kind_unreadable_on_either_side_is_not_compared_and_listed() -> None:
    a = catalog(
        "a",
        [table("t"), Migration(version="1"), Migration(version="2")],
        kinds=("table", "migration"),
    )
    hidden = catalog(
        "b",
        [table("t")],
        kinds=("table",),
        unreadable={"migration": "the role may not read it"},
    )
    for x, y, side in ((a, hidden, "B"), (hidden, a, "A")):
        comparison = compare(x, y, kinds=("table", "migration"))
        assert comparison.findings() == []
        assert comparison.kinds == ("table",)
        assert comparison.of("migration") == ()
        assert comparison.not_read == {"migration": {side: "the role may not read it"}}
        assert findings_document(comparison)["not_read"] == {
            "migration": {side: "the role may not read it"}
        }
        assert [r.key for r in comparison.of("table")] == ["public.t"]
    # Read on both sides, the same history differs as usual.
    b = catalog("b", [table("t"), Migration(version="1")], kinds=("table", "migration"))
    (finding,) = compare(a, b, kinds=("table", "migration")).findings()
    assert (finding.kind, finding.object, finding.change) == (
        "migration",
        "2",
        "missing_in_b",
    )


def test_kind_not_read_on_one_side_is_not_compared_and_listed() -> None:
    a = catalog("a", [table("t"), column("t", "id")], kinds=("table", "column"))
    b = catalog("b", [table("t")], kinds=("table",))
    comparison = compare(a, b, kinds=("table", "column"))
    assert comparison.kinds == ("table",)
    assert comparison.findings() == []
    (why,) = comparison.not_read["column"].values()
    assert list(comparison.not_read) == ["column"]
    assert list(comparison.not_read["column"]) == ["B"]
    assert "saved catalog" in why


def test_policy_on_a_table_outside_the_read_scope_is_its_own_finding() -> None:
    # storage.objects is not read (a platform schema), so it is in neither
    # catalog: a policy on it present in A only is not "explained" by it.
    open_bucket = policy(
        "open bucket", schema="storage", table="objects", roles=("anon",)
    )
    a = catalog("a", [table("t"), open_bucket])
    b = catalog("b", [table("t")])
    (finding,) = compare(a, b, kinds=KINDS).findings()
    assert finding.kind == "policy"
    assert finding.severity is Severity.CRITICAL
    assert finding.reason is not None
    assert "follows from" not in finding.reason


def test_child_explained_only_by_a_parent_present_on_the_other_side() -> None:
    # The column's table is missing in B and present in A: it explains the
    # column. A column whose table is in neither catalog is its own finding.
    a = catalog("a", [table("t"), column("t", "id"), column("gone", "id")])
    b = catalog("b", [])
    found = by_attribute(compare(a, b, kinds=("table", "column")))
    assert found[("column", "public.t.id", None)].severity is Severity.INFO
    orphan = found[("column", "public.gone.id", None)]
    assert orphan.severity is Severity.HIGH
    assert "follows from" not in (orphan.reason or "")


def test_grants_on_a_part_of_a_dropped_table_follow_from_it() -> None:
    # An identity column's sequence is part of its column, not a sequence object,
    # yet its grants are read: when the table is dropped in B, they go with it.
    # The sequence's schema was read in A (a schema object there), so the grants
    # follow from it; grants on a storage.* object (schema not read) do not.
    grants = {"anon": "SELECT"}
    on_seq = privilege("sequence", "public", "t_id_seq", grants)
    on_storage = privilege("table", "storage", "objects", grants)
    a = catalog("a", [schema("public"), table("t"), on_seq, on_storage])
    b = catalog("b", [schema("public")])
    found = by_attribute(compare(a, b, kinds=KINDS))
    seq_grants = found[("privilege", "public.t_id_seq", None)]
    assert seq_grants.severity is Severity.INFO
    assert seq_grants.reason == "follows from sequence public.t_id_seq missing in B"
    assert found[("privilege", "storage.objects", None)].severity is Severity.CRITICAL


# ------------------------------------------------------------------ document


def test_findings_document_shape() -> None:
    a, b = make_pair()
    doc = findings_document(compare(a, b, kinds=KINDS))
    assert doc["format"] == FORMAT == "dbparity-findings/1"
    assert doc["env_a"]["name"] == "staging"
    assert doc["env_a"]["server_version"] == "16.4"
    assert doc["env_b"]["name"] == "prod"
    assert doc["env_b"]["server_version"] == "17.0"
    assert len(doc["findings"]) == 8
    for f in doc["findings"]:
        assert set(f) == FINDING_KEYS
        assert f["severity"] in {"info", "low", "medium", "high", "critical"}
        assert f["change"] in {"missing_in_a", "missing_in_b", "different"}
        assert isinstance(f["accepted"], bool)
    missing = [f for f in doc["findings"] if f["attribute"] is None]
    assert missing == [
        {
            "kind": "table",
            "object": "public.only_a",
            "change": "missing_in_b",
            "attribute": None,
            "a": {
                "table_type": "ordinary",
                "persistence": "permanent",
                "partition_of": None,
                "partition_bound": None,
                "partition_key": None,
                "owner": "postgres",
                "comment": None,
                "replica_identity": "default",
                "server": None,
            },
            "b": None,
            "severity": "high",
            "accepted": False,
            "reason": "table missing on one side",
        }
    ]


def test_write_findings_round_trips(tmp_path: Path) -> None:
    a, b = make_pair()
    comparison = compare(a, b, kinds=KINDS)
    path = tmp_path / "reports" / "nested" / "findings.json"
    write_findings(path, findings_document(comparison))
    assert json.loads(path.read_text("utf-8")) == findings_document(comparison)
    assert [p.name for p in path.parent.iterdir()] == ["findings.json"]
    # Overwriting works and leaves no temporary file behind.
    write_findings(path, findings_document(compare(a, a, kinds=KINDS)))
    assert json.loads(path.read_text("utf-8"))["findings"] == []
    assert [p.name for p in path.parent.iterdir()] == ["findings.json"]


def test_write_findings_keeps_non_ascii(tmp_path: Path) -> None:
    a = catalog(
        "a",
        [
            table("café", comment="ünïcødé"),
        ],
    )
    b = catalog("b", [])
    path = tmp_path / "findings.json"
    write_findings(path, findings_document(compare(a, b, kinds=("table",))))
    text = path.read_text("utf-8")
    assert "café" in text  # written as UTF-8, not as \u escapes
    assert "\\u00e9" not in text
    assert "ünïcødé" in text
    assert json.loads(text)["findings"][0]["object"] == 'public."café"'


# ------------------------------------------------------------------ property

idents = st.sampled_from(["t", "u", "Ünï", "a.b", 'q"'])
rls_objects = st.builds(
    Rls,
    schema=st.just("public"),
    table=idents,
    enabled=st.booleans(),
    forced=st.booleans(),
)
column_objects = st.builds(
    Column,
    schema=st.just("public"),
    table=idents,
    name=st.sampled_from(["id", "Name"]),
    type=st.sampled_from(["integer", "text"]),
    not_null=st.booleans(),
    comment=st.none() | st.text(max_size=6),
)
privilege_objects = st.builds(
    Privilege,
    object_type=st.sampled_from(["table", "view"]),
    schema=st.just("public"),
    name=st.sampled_from(["t", "u", "a.b"]),
    grants=st.lists(
        st.tuples(
            st.sampled_from(["anon", "PUBLIC"]), st.sampled_from(["SELECT", "ALL"])
        ),
        unique_by=lambda g: g[0],
        max_size=2,
    ).map(tuple),
)
objects = st.lists(
    st.one_of(rls_objects, column_objects, privilege_objects), max_size=10
)


@settings(max_examples=60, deadline=None)
@given(objects, objects, st.booleans())
def test_document_round_trips_through_file(
    xs: list[CatalogObject], ys: list[CatalogObject], ignore_rls: bool
) -> None:
    kinds: tuple[Kind, ...] = ("rls", "column", "privilege")
    rules = (Rule(kind="rls", ignore=True, reason="test"),) if ignore_rls else ()
    comparison = compare(
        catalog("a", xs, kinds=kinds),
        catalog("b", ys, kinds=kinds),
        kinds=kinds,
        rules=rules,
    )
    doc = findings_document(comparison)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "findings.json"
        write_findings(path, findings_document(comparison))
        assert json.loads(path.read_text("utf-8")) == doc
    for f in doc["findings"]:
        assert set(f) == FINDING_KEYS
        assert f["accepted"] == (ignore_rls and f["kind"] == "rls")
    # Same catalog on both sides: nothing to report.
    same = compare(
        catalog("a", xs, kinds=kinds), catalog("b", xs, kinds=kinds), kinds=kinds
    )
    assert same.findings() == []


# ------------------------------------------- a partition's copies of its parent's


def _part(name: str, parent: str | None) -> Table:
    bound = "FOR VALUES IN (1)" if parent else None
    return factories.table(name, partition_of=parent, partition_bound=bound)


def _copy_col(table: str, name: str = "x", type_: str = "integer") -> Column:
    return dataclasses.replace(factories.column(table, name, type_), from_parent=True)


@pytest.mark.parametrize(
    ("b_table", "b_columns", "expected"),
    [
        # A partition on both sides: the parents' own columns are compared.
        (_part("p1", "public.p"), [_copy_col("p1", type_="text")], []),
        (_part("p1", "public.q"), [], []),
        # The table is missing in B: its finding carries it.
        (None, [], []),
        # A plain table in B: compared with its own columns.
        (_part("p1", None), [factories.column("p1", "x")], []),
        (
            _part("p1", None),
            [factories.column("p1", "x", "text")],
            [("public.p1.x", "different", "type")],
        ),
        (_part("p1", None), [], [("public.p1.x", "missing_in_b", None)]),
    ],
)
def test_partition_copies_compare_only_against_a_plain_table(
    b_table: Table | None,
    b_columns: list[Column],
    expected: list[tuple[str, str, str | None]],
) -> None:
    a = factories.catalog(
        "a", [_part("p", None), _part("p1", "public.p"), _copy_col("p1")]
    )
    b_objects: list[CatalogObject] = [_part("p", None), *b_columns]
    if b_table is not None:
        b_objects.append(b_table)
    b = factories.catalog("b", b_objects)
    got = [
        (f.object, f.change, f.attribute)
        for f in compare(a, b, kinds=("table", "column")).findings()
        if f.kind == "column"
    ]
    assert got == expected
    # Swapped sides give the mirror image.
    back = [
        (f.object, f.change, f.attribute)
        for f in compare(b, a, kinds=("table", "column")).findings()
        if f.kind == "column"
    ]
    mirror = {"missing_in_b": "missing_in_a"}
    assert back == [(o, mirror.get(c, c), at) for o, c, at in expected]

"""What a comparison of servers of two PostgreSQL majors treats as equal."""

from __future__ import annotations

import pytest

from pytest_dbparity.catalog import Catalog, EnvInfo
from pytest_dbparity.core.majors import full_grants_alike
from pytest_dbparity.findings import MAJORS_NOTE, compare, findings_document
from pytest_dbparity.kinds.names import KINDS
from pytest_dbparity.kinds.privilege import Privilege
from pytest_dbparity.kinds.view import View
from pytest_dbparity.messages import header_lines
from pytest_dbparity.normalize import same_expression
from pytest_dbparity.severity import Severity

ALL_15 = "DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE"
ALL_17 = "DELETE, INSERT, MAINTAIN, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE"
V15 = (
    ' SELECT "user".id,\n    "user".name\n   FROM public."user"\n  WHERE "user".id > 0;'
)
V18 = ' SELECT id,\n    name\n   FROM public."user"\n  WHERE id > 0;'


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (V15, V18, True),
        (V15, V18.replace("> 0", ">= 0"), False),
        # Another relation's qualifier is kept: it names another column.
        (" SELECT t.id FROM a t", " SELECT id FROM a t", True),
        (" SELECT u.id FROM a t, b u", " SELECT id FROM a t, b u", False),
        ("CHECK ((x > 0))", "CHECK ((x > 0))", True),
        ("CHECK ((x > 0))", "CHECK ((x > 1))", False),
        ("USING btree (a)", "USING btree (b)", False),
        ("(owner = CURRENT_USER)", "(owner = CURRENT_USER)", True),
        ("not sql at all (", "not sql at all  (", True),  # same tokens
        ("not sql at all (", "not sql at all ((", False),
    ],
)
def test_same_expression(a: str, b: str, same: bool) -> None:
    assert same_expression(a, b) is same
    assert same_expression(b, a) is same


@pytest.mark.parametrize(
    ("a", "b", "majors", "alike"),
    [
        (ALL_15, ALL_17, (15, 18), True),
        (ALL_17, ALL_15, (18, 15), True),
        (
            ALL_15.replace(", ", "*, ") + "*",
            ALL_17.replace(", ", "*, ") + "*",
            (15, 17),
            True,
        ),
        (ALL_15.replace("DELETE", "DELETE*"), ALL_17, (15, 18), False),
        (ALL_15, ALL_15, (15, 18), False),  # B lacks MAINTAIN its server has
        ("SELECT", "SELECT", (15, 18), False),  # equal anyway: never asked
        (ALL_15, ALL_17, (17, 18), False),  # same privileges on both servers
    ],
)
def test_grant_all_across_majors(
    a: str, b: str, majors: tuple[int, int], alike: bool
) -> None:
    assert full_grants_alike("table", a, b, *majors) is alike
    assert full_grants_alike("function", "EXECUTE", "EXECUTE", *majors) is False


def catalog(name: str, num: int, definition: str, grants: str) -> Catalog:
    view = View(schema="public", name="v", materialized=False, definition=definition)
    grant = Privilege(
        object_type="view", schema="public", name="v", grants=(("app", grants),)
    )
    env = EnvInfo(
        name=name,
        label=name,
        server_version=f"{num // 10000}.1",
        server_version_num=num,
    )
    return Catalog(
        env=env,
        objects={"view": {view.key: view}, "privilege": {grant.key: grant}},
        kinds=("view", "privilege"),
    )


def test_two_majors_compare_by_meaning_and_say_so() -> None:
    a = catalog("prod", 150008, V15, ALL_15)
    b = catalog("next", 180001, V18, ALL_17)
    comparison = compare(a, b, kinds=("view", "privilege"))
    assert comparison.findings() == []
    doc = findings_document(comparison)
    assert (doc["env_a"]["server_major"], doc["env_b"]["server_major"]) == (15, 18)
    assert doc["majors_differ"] == MAJORS_NOTE
    header = header_lines(a, b, kinds=KINDS, fail_on=Severity.LOW, rules=0)
    assert "dbparity: note: A runs PostgreSQL 15, B 18; " + MAJORS_NOTE in header


def test_one_major_compares_the_text() -> None:
    a = catalog("prod", 180001, V15, ALL_15)
    b = catalog("next", 180002, V18, ALL_17)
    comparison = compare(a, b, kinds=("view", "privilege"))
    assert {f.attribute for f in comparison.findings()} == {
        "definition",
        "grants[app]",
    }
    doc = findings_document(comparison)
    assert "majors_differ" not in doc
    header = header_lines(a, b, kinds=KINDS, fail_on=Severity.LOW, rules=0)
    assert not any("runs PostgreSQL" in line for line in header)

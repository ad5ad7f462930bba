"""The role and setting kinds without a server: which roles are compared, keys,
and the setting fix's list values."""

from __future__ import annotations

import dataclasses
from typing import Any

from pytest_dbparity.findings import compare
from pytest_dbparity.kinds.names import KINDS
from pytest_dbparity.kinds.role import Role
from pytest_dbparity.kinds.setting import Setting
from pytest_dbparity.kinds.setting.fix import split_list
from tests.factories import catalog

BASE = Role(
    name="r",
    superuser=False,
    inherit=True,
    create_role=False,
    create_db=False,
    login=False,
    replication=False,
    bypass_rls=False,
    connection_limit=-1,
)


def role(name: str, *, referenced: bool, **changes: Any) -> Role:
    return dataclasses.replace(BASE, name=name, referenced=referenced, **changes)


def test_a_role_is_compared_where_one_side_refers_to_it() -> None:
    a = [
        role("used_in_a", referenced=True, bypass_rls=True),
        role("only_in_a", referenced=True),
        role("nobody", referenced=False, login=True),
        role("unused_only_in_a", referenced=False),
    ]
    b = [
        role("used_in_a", referenced=False),
        role("nobody", referenced=False),
    ]
    comparison = compare(catalog("a", a), catalog("b", b), kinds=KINDS)
    results = {r.key: r for r in comparison.of("role")}
    assert set(results) == {"used_in_a", "only_in_a"}
    assert [f.attribute for f in results["used_in_a"].findings] == ["bypass_rls"]
    assert results["used_in_a"].findings[0].severity.label == "critical"
    assert results["only_in_a"].diff.change == "missing_in_b"


def test_setting_keys_never_name_the_database() -> None:
    assert Setting(role=None, in_database=True).key == "database"
    assert Setting(role="Anon x", in_database=True).key == 'role "Anon x" in database'
    assert Setting(role="anon", in_database=False).key == "role anon"


def test_list_values_split_like_the_server_stores_them() -> None:
    assert split_list('"$user", public, "We ird", "q""x"') == [
        "$user",
        "public",
        "We ird",
        'q"x',
    ]
    assert split_list("public") == ["public"]
    assert split_list("") == []

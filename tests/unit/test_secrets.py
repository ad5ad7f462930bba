"""core/secrets.py: which names are secret, hashing, and how hidden values show."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pytest_dbparity.core import secrets
from pytest_dbparity.core.secrets import (
    DIFFERENT_KEYS,
    DIFFERS,
    HIDDEN,
    KEY_VARIABLE,
    fingerprint_of,
    hide,
    is_hidden,
    looks_secret,
    shown,
    shown_pair,
)
from pytest_dbparity.diff import diff_kind
from pytest_dbparity.findings import compare
from pytest_dbparity.kinds.names import KINDS
from pytest_dbparity.kinds.setting import Setting
from pytest_dbparity.messages import explain, finding_line
from pytest_dbparity.severity import Severity
from pytest_dbparity.snapshot.serializer import dump, parity_snapshot
from tests.factories import catalog, env

ASCII = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_.0123456789", max_size=30)


@pytest.mark.parametrize(
    "name",
    [
        "app.jwt_secret",
        "pgrst.jwt_secret",
        "app.settings.jwt_exp",
        "JWT_AUD",
        "my.Password",
        "api.KEY",
        "x.monkey",
        "auth.refresh_token",
        "SECRET",
    ],
)
def test_secret_looking_names(name: str) -> None:
    assert looks_secret(name)


@pytest.mark.parametrize(
    "name", ["search_path", "statement_timeout", "pgrst.db_schemas", "app.njwt"]
)
def test_other_names(name: str) -> None:
    assert not looks_secret(name)


def test_every_option_of_a_user_mapping_is_secret() -> None:
    assert looks_secret("user", user_mapping=True)


@given(ASCII)
def test_looks_secret_ignores_case(name: str) -> None:
    assert looks_secret(name) == looks_secret(name.upper())


@given(ASCII, ASCII)
def test_secret_inside_any_name_is_found(prefix: str, suffix: str) -> None:
    for word in ("secret", "password", "key", "token"):
        assert looks_secret(prefix + word.upper() + suffix)


@given(st.text(), st.text())
def test_hashes_compare_like_the_values(v: str, w: str) -> None:
    assert (hide(v) == hide(w)) == (v == w)
    assert is_hidden(hide(v))
    assert shown(hide(v)) == HIDDEN


@given(
    st.text(min_size=8).filter(lambda t: any(c not in "0123456789abcdef" for c in t))
)
def test_the_value_is_not_in_its_hash(value: str) -> None:
    assert value not in hide(value)


def test_key_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_VARIABLE, "one")
    first, fp = hide("v"), secrets.key_fingerprint()
    assert hide("v") == first
    assert fingerprint_of(first) == fp
    monkeypatch.setenv(KEY_VARIABLE, "two")
    assert hide("v") != first
    assert fingerprint_of(hide("v")) != fp


def test_a_tag_is_keyed_and_no_plain_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows named by a sensitive column show a tag: stable under one key, other
    under another, never an unkeyed hash a guess could be checked against."""
    value = "alice@example.com"
    monkeypatch.setenv(KEY_VARIABLE, "one")
    first = secrets.tag(value)
    assert secrets.tag(value) == first
    assert len(first) == 12
    assert secrets.tag("bob@example.com") != first
    for plain in (hashlib.md5, hashlib.sha1, hashlib.sha256):
        assert first not in plain(value.encode()).hexdigest()
    monkeypatch.setenv(KEY_VARIABLE, "two")
    assert secrets.tag(value) != first


def test_random_key_is_made_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    assert hide("v") == hide("v")


def test_pairs_as_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_VARIABLE, "one")
    a, b = hide("x"), hide("y")
    monkeypatch.setenv(KEY_VARIABLE, "two")
    other = hide("x")
    assert shown_pair(a, b) == (DIFFERS, DIFFERS)
    assert shown_pair(a, other) == (DIFFERENT_KEYS, DIFFERENT_KEYS)
    assert shown_pair(a, None) == (HIDDEN, None)
    assert shown_pair("1s", "2s") == ("1s", "2s")
    assert shown({"x": [a, ("y", b)], "n": 1}) == {"x": [HIDDEN, ("y", HIDDEN)], "n": 1}


def _setting(value: str | None) -> Setting:
    pairs = () if value is None else (("app.jwt_secret", value),)
    return Setting(role=None, in_database=True, settings=(("search_path", "x"), *pairs))


@pytest.mark.parametrize("b_value", ["other", None])
def test_findings_and_messages_never_hold_a_hash(b_value: str | None) -> None:
    a_obj = _setting(hide("value-a"))
    b_obj = _setting(None if b_value is None else hide(b_value))
    (diff,) = diff_kind("setting", [a_obj], [b_obj])
    assert diff.differences  # the hashes differ
    comparison = compare(catalog("a", [a_obj]), catalog("b", [b_obj]), kinds=KINDS)
    (result,) = [r for r in comparison.of("setting") if r.findings]
    (f,) = result.findings
    expected = (DIFFERS, DIFFERS) if b_value else (HIDDEN, None)
    assert (f.a, f.b) == expected
    text = explain(result, env("a"), env("b"), Severity.LOW)
    text += finding_line(f) + dump(parity_snapshot("setting", "database", [f]))
    assert secrets.PREFIX not in text
    if b_value:
        assert f"settings[app.jwt_secret]: {DIFFERS}" in finding_line(f)


def test_missing_object_shows_hidden_values() -> None:
    comparison = compare(
        catalog("a", [_setting(hide("v"))]), catalog("b", []), kinds=KINDS
    )
    (result,) = comparison.of("setting")
    (f,) = result.findings
    assert f.a == {"settings[search_path]": "x", "settings[app.jwt_secret]": HIDDEN}

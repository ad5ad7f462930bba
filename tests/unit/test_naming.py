"""Unit tests of snapshot file names: ``encode_name``."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_dbparity.naming import _encoded, encode_name

FORBIDDEN = set('\\/?*:|"<>')
ASCII_CONTROLS = {chr(c) for c in range(32)} | {"\x7f"}
ESCAPE = re.compile(r"%[0-9A-F]{2}")
MAX_BYTES = 200


def assert_safe(out: str) -> None:
    assert not FORBIDDEN & set(out), out
    assert not ASCII_CONTROLS & set(out), out
    assert len(out.encode("utf-8")) <= MAX_BYTES
    # Upper-case ASCII appears only as the hex digits of a %XX escape; "%" itself
    # is always escaped, so lower-casing an escape cannot make it clash.
    assert not re.search(r"[A-Z]", ESCAPE.sub("", out)), out


# ------------------------------------------------------------------ examples


@pytest.mark.parametrize(
    "name",
    [
        "test_rls[public.stories]",
        "test_column[public.t.a]",
        "test_function[public.f(integer, text)]",
        "test_privilege[public.t] 1",
        "test_x[nave_日本]",  # uncased non-ASCII letters are kept
        "",
    ],
)
def test_a_simple_name_is_unchanged(name: str) -> None:
    assert encode_name(name) == name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Foo", "^foo"),
        ("FOO", "^f^o^o"),
        ("a/b", "a%2Fb"),
        ("a\\b", "a%5Cb"),
        ('q"x', "q%22x"),
        ("a:b", "a%3Ab"),
        ("%", "%25"),
        ("^", "%5E"),
        ("~", "%7E"),
        ("\n", "%0A"),
        ("\x7f", "%7F"),
        ("É", "%C3%89"),  # cased non-ASCII letters are escaped
        ("é", "%C3%A9"),
        ("ß", "%C3%9F"),
    ],
)
def test_escapes(name: str, expected: str) -> None:
    assert encode_name(name) == expected


@pytest.mark.parametrize("char", sorted(FORBIDDEN | ASCII_CONTROLS | set("%^~")))
def test_every_unsafe_character_is_escaped(char: str) -> None:
    out = encode_name(f"a{char}b")
    assert out == f"a%{ord(char):02X}b"
    assert_safe(out)


def test_names_differing_only_in_case_stay_apart_on_case_insensitive_systems() -> None:
    names = ["Foo", "FOO", "foo", "fOo", "test_t[public.Users]", "test_t[public.users]"]
    outs = [encode_name(n) for n in names]
    assert len({o.lower() for o in outs}) == len(names)
    assert len({o.casefold() for o in outs}) == len(names)
    assert encode_name("Foo").lower() != encode_name("FOO").lower()


def test_names_differing_only_in_an_unsafe_character_stay_apart() -> None:
    names = [f"t[a{c}b]" for c in sorted(FORBIDDEN | ASCII_CONTROLS | set("%^~_"))]
    assert len({encode_name(n) for n in names}) == len(names)


def test_escapes_cannot_be_forged() -> None:
    # An escaped character and the text of its escape must not meet.
    pairs = [("a/b", "a%2Fb"), ("Ab", "^ab"), ("x~0123", "x%7E0123")]
    for x, y in pairs:
        assert encode_name(x) != encode_name(y)


def test_a_long_name_is_cut_and_hashed() -> None:
    name = "test_column[" + "public.a_very_long_table_name." * 20 + "]"
    out = encode_name(name)
    assert len(out.encode("utf-8")) <= MAX_BYTES
    assert out.startswith("test_column[public.a_very_long_table_name.")
    assert re.fullmatch(r".+~[0-9a-f]{16}", out)
    assert encode_name(name) == out


def test_the_limit_is_inclusive() -> None:
    exact = "x" * MAX_BYTES
    assert encode_name(exact) == exact
    assert encode_name(exact + "x") != exact + "x"
    assert len(encode_name(exact + "x").encode("utf-8")) <= MAX_BYTES


@pytest.mark.parametrize("char", ["é", "日", "🙂", "/", "A"])
def test_a_cut_never_splits_a_character(char: str) -> None:
    for n in range(60, 130):
        out = encode_name("t" + char * n)
        out.encode("utf-8")  # a split surrogate or byte would raise
        assert len(out.encode("utf-8")) <= MAX_BYTES
        assert "\ufffd" not in out


def test_long_names_sharing_a_prefix_differ() -> None:
    prefix = "test_policy[public." + "P" * 300
    names = [prefix + s for s in ("", "a", "A", "/", "%2F", "]", "]]")]
    outs = [encode_name(n) for n in names]
    assert len({o.lower() for o in outs}) == len(names)
    for out in outs:
        assert_safe(out)


# ------------------------------------------------------------------ properties

ALPHABET = (
    list("abcxyzABCXYZ019_-.,[]() ")
    + sorted(FORBIDDEN | ASCII_CONTROLS | set("%^~"))
    + list("éÉßæÆøØ日本🙂ωΩ")
)
letters = st.sampled_from(ALPHABET)
short_names = st.text(letters, max_size=30)


@st.composite
def long_names(draw: st.DrawFn) -> list[str]:
    """Names past the limit that share a long prefix, so only their tails differ."""
    prefix = draw(st.text(letters, min_size=150, max_size=260))
    tails = draw(st.lists(st.text(letters, max_size=8), min_size=2, unique=True))
    return [prefix + t for t in tails]


@settings(max_examples=300, deadline=None)
@given(st.lists(short_names, min_size=2, max_size=20, unique=True))
def test_distinct_names_get_distinct_file_names(names: list[str]) -> None:
    outs = [encode_name(n) for n in names]
    assert len(set(outs)) == len(names)
    assert len({o.lower() for o in outs}) == len(names)


@settings(max_examples=100, deadline=None)
@given(long_names())
def test_distinct_long_names_get_distinct_file_names(names: list[str]) -> None:
    outs = [encode_name(n) for n in names]
    assert len({o.lower() for o in outs}) == len(names)


@settings(max_examples=100, deadline=None)
@given(st.lists(short_names | long_names().map("".join), min_size=2, unique=True))
def test_short_and_long_names_never_clash(names: list[str]) -> None:
    outs = [encode_name(n) for n in names]
    assert len({o.lower() for o in outs}) == len(names)


@settings(max_examples=300, deadline=None)
@given(short_names | long_names().map("".join) | st.text(max_size=300))
def test_the_output_is_always_safe(name: str) -> None:
    out = encode_name(name)
    assert_safe(out)
    assert encode_name(name) == out


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_a_name_without_upper_case_or_unsafe_characters_is_kept(name: str) -> None:
    unsafe = FORBIDDEN | ASCII_CONTROLS | set("%^~") | {"\x7f"}
    cased = any(
        not c.isascii() and (c.lower() != c or c.upper() != c or c.casefold() != c)
        for c in name
    )
    special = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Lt"}
    cased = cased or any(unicodedata.category(c) in special for c in name)
    # An upper-case letter without a lower-case form (U+1D71C, say) cannot clash
    # on a case-insensitive file system and is kept; ASCII upper case is escaped.
    if cased or any(c in unsafe or (c.isascii() and c.isupper()) for c in name):
        assert encode_name(name) != name
    else:
        assert encode_name(name) == name


# ------------------------------------------------------------------ known bugs


def test_kelvin_sign_and_k_stay_apart() -> None:
    assert encode_name("\u212a") != encode_name("K")


def test_dotted_capital_i_stays_apart() -> None:
    assert encode_name("\u0130") != encode_name("I\u0307")


def test_title_case_letters_stay_apart_on_case_insensitive_systems() -> None:
    assert encode_name("\u01c5").lower() != encode_name("\u01c6").lower()


@pytest.mark.parametrize("char", ["\x80", "\x85", "\x9f"])
def test_c1_control_characters_are_escaped(char: str) -> None:
    assert unicodedata.category(char) == "Cc"
    assert char not in encode_name(f"a{char}b")


@given(st.text(max_size=300) | st.text(alphabet=st.characters(max_codepoint=127)))
def test_the_quick_path_gives_what_the_character_walk_gives(name: str) -> None:
    """Plain ASCII names skip the walk over their characters: same result."""
    assert encode_name(name) == _encoded(name)

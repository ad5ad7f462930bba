"""Unit tests of SQL body comparison (pglast's scanner)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_dbparity.normalize import same_sql, sql_tokens

BODY = """\
begin
  update public.accounts set balance = balance - amount where id = src;
  return query select 'done'::text, $1;
end;
"""


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("select 1", "select 1"),
        ("select 1", "select   1"),
        ("select 1", "\n\tselect\n1\n"),
        ("select a,b from t", "select a , b\nfrom   t"),
        ("select 1", "select 1 -- trailing comment"),
        ("select 1", "-- leading comment\nselect 1"),
        ("select 1", "select /* inline */ 1"),
        ("select 1", "select /* multi\nline\ncomment */ 1"),
        ("select 1", "select /* nested /* comment */ still */ 1"),
        ("select a from t", "SELECT A FROM T"),
        ("select count(*) from t", "Select COUNT( * ) From t"),
        ("select 'x'::text", "SELECT 'x' :: TEXT"),
        (BODY, BODY.upper().replace("'DONE'", "'done'")),
        (BODY, " ".join(BODY.split())),
        ("select 'café' -- ça va\n", "select 'café'"),
        ("/* é */ select 'é', x", "select 'é' , x"),
        ("select $1 + $2", "select $1+$2"),
    ],
)
def test_formatting_only(a: str, b: str) -> None:
    assert same_sql(a, b)
    assert same_sql(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("select 'abc'", "select 'ABC'"),
        ("select 'a  b'", "select 'a b'"),
        ("select 'a -- not a comment'", "select 'a'"),
        ("select $$Hello$$", "select $$hello$$"),
        ("select $fn$a b$fn$", "select $fn$a  b$fn$"),
        ("select E'x\\n'", "select E'x\\t'"),
        ('select "Foo" from t', 'select "foo" from t'),
        ('select "Foo" from t', "select Foo from t"),
        ("select 1", "select 2"),
        ("select 1.5", "select 1.50"),
        ("select 10", "select 1 0"),
        ("select a from t", "select b from t"),
        ("select a from t", "select a from t where true"),
        ("select a - 1", "select a + 1"),
        ("select 'café'", "select 'cafe'"),
        ("select 'ü'", "select 'Ü'"),
        ("select x'ff'", "select x'fe'"),
        ("select b'01'", "select b'10'"),
        ("select $1", "select $2"),
    ],
)
def test_real_changes(a: str, b: str) -> None:
    assert not same_sql(a, b)
    assert not same_sql(b, a)


def test_tokens_drop_comments_and_fold_case() -> None:
    assert sql_tokens("SELECT 'Keep' /* c */ , \"Quoted\" -- c\n, Folded") == (
        "select",
        "'Keep'",
        ",",
        '"Quoted"',
        ",",
        "folded",
    )


def test_tokens_of_non_ascii_text_are_whole() -> None:
    # Token offsets are characters, not bytes: a multi-byte character before a
    # token must not shift it.
    assert sql_tokens("/* ça */ select 'éé', x") == ("select", "'éé'", ",", "x")
    assert sql_tokens("select 'ß', \"Ñ\"") == ("select", "'ß'", ",", '"Ñ"')


def test_string_continuation_is_one_literal() -> None:
    # 'a' newline 'b' is the literal 'ab'; with a space it is two tokens.
    assert not same_sql("select 'a'\n'b'", "select 'a' 'b'")


def test_reindented_string_continuation_is_formatting() -> None:
    assert same_sql("select 'a'\n'b'", "select 'a'\n        'b'")


def test_unscannable_text_falls_back_to_words() -> None:
    text = "select /* never closed"
    assert sql_tokens(text) == tuple(text.split())
    assert same_sql(text, "select   /*\nnever closed")
    assert not same_sql(text, "select /* never closed!")


def test_non_ascii_identifier_case_is_a_change() -> None:
    assert not same_sql("select CAFÉ from t", "select café from t")


def test_unicode_escape_identifier_case_is_a_change() -> None:
    assert not same_sql('select U&"Foo" from t', 'select U&"foo" from t')


# ------------------------------------------------------------------ properties

KEYWORDS = ["select", "from", "where", "and", "or", "not", "null", "return", "begin"]
TOKENS = st.sampled_from(
    [
        *KEYWORDS,
        "t",
        "col_1",
        '"MixedCase"',
        '"with space"',
        "'literal'",
        "'Ünïcode ✓'",
        "'it''s'",
        "$$dollar body$$",
        "$x$Tagged$x$",
        "42",
        "3.14",
        "$1",
        "(",
        ")",
        ",",
        ";",
        "=",
        "<>",
        "+",
        "::",
        "[",
        "]",
    ]
)
WHITESPACE = st.text(alphabet=" \t\n\r\f", min_size=1, max_size=4)


def _no_adjacent_quoted_strings(tokens: list[str]) -> bool:
    # Two quoted strings separated by a newline are one literal to PostgreSQL
    # ('a'\n'b' is 'ab'), so keep them apart: they would not be separate tokens.
    return not any(
        x.startswith("'") and y.startswith("'") for x, y in itertools.pairwise(tokens)
    )


BODIES = st.lists(TOKENS, min_size=1, max_size=25).filter(_no_adjacent_quoted_strings)
COMMENTS = st.sampled_from(["", " -- note\n", " /* note */ ", "/* é */"])


@settings(max_examples=200)
@given(BODIES, st.data())
def test_random_whitespace_between_tokens_is_formatting(
    tokens: list[str], data: st.DataObject
) -> None:
    body = " ".join(tokens)
    spaced = ""
    for tok in tokens:
        spaced += data.draw(WHITESPACE) + data.draw(COMMENTS) + tok
    spaced += data.draw(WHITESPACE)
    assert same_sql(body, spaced)
    assert sql_tokens(body) == sql_tokens(spaced)


@settings(max_examples=200)
@given(BODIES, st.data())
def test_keyword_case_is_formatting(tokens: list[str], data: st.DataObject) -> None:
    body = " ".join(tokens)
    recased = " ".join(
        data.draw(st.sampled_from([t.upper(), t.title(), t])) if t in KEYWORDS else t
        for t in tokens
    )
    assert same_sql(body, recased)


LITERAL_TEXT = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="'\x00"),
    max_size=10,
)


@settings(max_examples=200)
@given(
    st.lists(TOKENS, max_size=10),
    st.lists(TOKENS, max_size=10),
    LITERAL_TEXT,
    LITERAL_TEXT,
)
def test_string_literal_content_matters(
    before: list[str], after: list[str], x: str, y: str
) -> None:
    a = " ".join([*before, f"'{x}'", *after])
    b = " ".join([*before, f"'{y}'", *after])
    assert same_sql(a, b) == (x == y)


@settings(max_examples=100)
@given(st.text(max_size=60))
def test_same_sql_is_reflexive_and_symmetric_on_any_text(text: str) -> None:
    assert same_sql(text, text)
    folded = " ".join(text.split())
    assert same_sql(text, folded) == same_sql(folded, text)

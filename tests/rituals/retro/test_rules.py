"""The retro's rules without a database: formats, ``/retro start``, text, the keyed hash."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rituals.errors import UsageError
from tests.rituals.retro import names as retro

TODAY = date(2026, 11, 23)


# formats --------------------------------------------------------------------------------


def test_the_formats_and_their_columns() -> None:
    assert list(retro.FORMATS) == [
        "start-stop-continue",
        "4ls",
        "mad-sad-glad",
        "creative-quality",
        "sailboat",
        "starfish",
    ]
    columns = {key: [c.key for c in fmt.columns] for key, fmt in retro.FORMATS.items()}
    assert columns == {
        "start-stop-continue": ["start", "stop", "continue"],
        "4ls": ["liked", "learned", "lacked", "longed"],
        "mad-sad-glad": ["mad", "sad", "glad"],
        "creative-quality": ["raised", "hurt", "try"],
        "sailboat": ["wind", "anchors", "rocks", "island"],
        "starfish": ["keep", "more", "less", "stop", "start"],
    }
    quality = retro.FORMATS["creative-quality"]
    assert [c.title for c in quality.columns] == ["Raised quality", "Hurt quality", "Try next"]
    assert "on set" in quality.columns[0].prompt


def test_every_column_has_a_prompt_and_a_distinct_key() -> None:
    for fmt in retro.FORMATS.values():
        assert len({c.key for c in fmt.columns}) == len(fmt.columns)
        assert all(c.prompt.endswith("?") and c.emoji and c.title for c in fmt.columns)
        assert all(len(c.key) <= 40 for c in fmt.columns)  # the card column's size


@pytest.mark.parametrize(
    ("typed", "key"),
    [("4LS", "4ls"), ("4l", "4ls"), ("ssc", "start-stop-continue"), ("cq", "creative-quality")],
)
def test_formats_by_alias_and_any_case(typed: str, key: str) -> None:
    assert retro.get_format(typed).key == key


def test_an_unknown_format_names_the_formats_and_suggests_the_nearest() -> None:
    with pytest.raises(UsageError) as error:
        retro.get_format("mad-sad-gald")
    assert "`mad-sad-gald`" in error.value.message
    assert "Did you mean `mad-sad-glad`?" in error.value.message
    assert "`creative-quality`" in error.value.message


def test_a_column_that_is_not_in_the_format() -> None:
    with pytest.raises(UsageError, match="Mad · Sad · Glad retro has no column `liked`"):
        retro.FORMATS["mad-sad-glad"].column("liked")


# /retro start arguments ---------------------------------------------------------------------


def test_start_defaults() -> None:
    request = retro.parse_start([], today=TODAY)
    assert request.format.key == "start-stop-continue"
    assert request.votes_per_person == 3
    assert request.title == "Retro 23 Nov 2026"


def test_start_with_format_votes_and_title() -> None:
    request = retro.parse_start(["4ls", "votes", "5", "Opening", "week"], today=TODAY)
    assert (request.format.key, request.votes_per_person, request.title) == (
        "4ls",
        5,
        "Opening week",
    )


def test_start_with_a_title_only() -> None:
    request = retro.parse_start(["Load-in", "week", "2"], today=TODAY)
    assert request.format.key == "start-stop-continue"
    assert request.title == "Load-in week 2"


def test_a_quoted_title_is_never_a_format() -> None:
    request = retro.parse_start(["mad sad glad, the sequel"], today=TODAY)
    assert request.format.key == "start-stop-continue"
    assert request.title == "mad sad glad, the sequel"


def test_explicit_format_keyword() -> None:
    assert retro.parse_start(["format", "creative-quality"], today=TODAY).format.key == (
        "creative-quality"
    )
    with pytest.raises(UsageError, match="no retro format `kanban`"):
        retro.parse_start(["format", "kanban", "Week", "3"], today=TODAY)


@pytest.mark.parametrize("word", ["mad-sad-gald", "start-keep-drop", "4lss"])
def test_a_format_shaped_first_word_that_is_no_format_is_refused(word: str) -> None:
    with pytest.raises(UsageError, match="There is no retro format"):
        retro.parse_start([word, "Opening", "week"], today=TODAY)


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["votes"], "`votes` needs a number from 1 to 10"),
        (["votes", "five"], "`votes` needs a number from 1 to 10"),
        (["4ls", "votes", "0"], "1 to 10 votes, not 0"),
        (["votes", "11", "Wrap"], "1 to 10 votes, not 11"),
    ],
)
def test_bad_vote_counts(words: list[str], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        retro.parse_start(words, today=TODAY)


def test_title_length() -> None:
    assert retro.parse_start(["x" * 150], today=TODAY).title == "x" * 150
    with pytest.raises(UsageError, match="up to 150 characters; yours has 151"):
        retro.parse_start(["x" * 151], today=TODAY)


@given(st.integers(min_value=-100, max_value=100))
def test_votes_per_person_bounds(votes: int) -> None:
    if 1 <= votes <= 10:
        assert retro.check_votes_per_person(votes) == votes
    else:
        with pytest.raises(UsageError):
            retro.check_votes_per_person(votes)


@given(st.lists(st.text(min_size=1, max_size=30), max_size=8))
def test_parse_start_either_succeeds_within_limits_or_says_why(words: list[str]) -> None:
    try:
        request = retro.parse_start(words, today=TODAY)
    except UsageError as error:
        assert error.message
    else:
        assert request.format.key in retro.FORMATS
        assert 1 <= request.votes_per_person <= 10
        assert 0 < len(request.title) <= retro.TITLE_MAX


# card text -------------------------------------------------------------------------------


def test_card_text_is_trimmed() -> None:
    assert retro.clean_text("  Call sheets went out late  \n") == "Call sheets went out late"


@pytest.mark.parametrize("text", ["", "   ", "\n\t", None])
def test_empty_card_text(text: str | None) -> None:
    with pytest.raises(UsageError, match="needs some text"):
        retro.clean_text(text)


def test_over_long_card_text_says_how_long() -> None:
    assert len(retro.clean_text("x" * 1000)) == 1000
    with pytest.raises(UsageError, match="up to 1,000 characters; this one has 1,001"):
        retro.clean_text("x" * 1001)


@given(st.text(max_size=1200))
def test_clean_text_accepts_exactly_what_fits(text: str) -> None:
    stripped = text.replace("\x00", "").strip()
    if 0 < len(stripped) <= 1000:
        assert retro.clean_text(text) == stripped
    else:
        with pytest.raises(UsageError):
            retro.clean_text(text)


# the keyed hash --------------------------------------------------------------------------


def test_author_hash_is_hmac_sha256_hex() -> None:
    import hashlib
    import hmac

    expected = hmac.new(b"s3cret", b"U123", hashlib.sha256).hexdigest()
    assert retro.author_hash("s3cret", "U123") == expected
    assert len(expected) == 64


def test_secrets_are_fresh_and_long() -> None:
    first, second = retro.new_secret(), retro.new_secret()
    assert first != second
    assert len(first) == 64


@given(st.text(min_size=1, max_size=20), st.text(min_size=1, max_size=20))
def test_the_hash_never_contains_the_user_id(secret: str, user_id: str) -> None:
    digest = retro.author_hash(secret, user_id)
    assert all(c in "0123456789abcdef" for c in digest)
    if not set(user_id) <= set("0123456789abcdef"):
        assert user_id not in digest


def test_is_author_by_hash_only_while_the_secret_lives() -> None:
    secret = retro.new_secret()
    stored = retro.author_hash(secret, "UANA")
    assert retro.is_author(user_id="UANA", author_id=None, stored_hash=stored, secret=secret)
    assert not retro.is_author(user_id="UBEN", author_id=None, stored_hash=stored, secret=secret)
    assert not retro.is_author(user_id="UANA", author_id=None, stored_hash=stored, secret=None)
    assert not retro.is_author(
        user_id="UANA", author_id=None, stored_hash=stored, secret=retro.new_secret()
    )


def test_is_author_of_a_named_card() -> None:
    assert retro.is_author(user_id="UANA", author_id="UANA", stored_hash=None, secret=None)
    assert not retro.is_author(user_id="UBEN", author_id="UANA", stored_hash=None, secret="s")

"""The retro domain: formats, parsing ``/retro start``, validation, the keyed hash, ordering."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rituals import retro
from rituals.errors import Conflict, NotAllowed, UsageError

TODAY = date(2026, 11, 23)
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


# formats --------------------------------------------------------------------------------


def test_the_four_formats_and_their_columns() -> None:
    assert list(retro.FORMATS) == ["start-stop-continue", "4ls", "mad-sad-glad", "creative-quality"]
    columns = {key: [c.key for c in fmt.columns] for key, fmt in retro.FORMATS.items()}
    assert columns == {
        "start-stop-continue": ["start", "stop", "continue"],
        "4ls": ["liked", "learned", "lacked", "longed"],
        "mad-sad-glad": ["mad", "sad", "glad"],
        "creative-quality": ["raised", "hurt", "try"],
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


# facilitation, status and votes ----------------------------------------------------------


def test_only_the_facilitator_or_a_manager() -> None:
    retro.check_facilitator(
        user_id="UF", facilitator_id="UF", is_manager=False, doing="close", title="Week 1"
    )
    retro.check_facilitator(
        user_id="UM", facilitator_id="UF", is_manager=True, doing="close", title="Week 1"
    )
    with pytest.raises(NotAllowed) as error:
        retro.check_facilitator(
            user_id="UX", facilitator_id="UF", is_manager=False, doing="close", title="Week 1"
        )
    assert error.value.message == (
        "Only the facilitator (<@UF>) or a manager can close the retro “Week 1”."
    )


@pytest.mark.parametrize(
    ("status", "action", "message"),
    [
        (retro.Status.VOTING, "add", "Voting has started on “W”"),
        (retro.Status.COLLECTING, "vote", "Voting on “W” hasn't started yet"),
        (retro.Status.VOTING, "start_voting", "Voting is already open on “W”."),
        (retro.Status.CLOSED, "close", "The retro “W” is closed, so you can't close it."),
        (retro.Status.CLOSED, "vote", "so you can't vote on it"),
    ],
)
def test_status_refusals(status: retro.Status, action: str, message: str) -> None:
    allowed = {
        "add": [retro.Status.COLLECTING],
        "vote": [retro.Status.VOTING],
        "start_voting": [retro.Status.COLLECTING],
        "close": [retro.Status.COLLECTING, retro.Status.VOTING],
    }[action]
    with pytest.raises(Conflict) as error:
        retro.check_status(status=status, allowed=allowed, action=action, title="W")
    assert message in error.value.message


@given(st.integers(min_value=0, max_value=12), st.integers(min_value=1, max_value=10))
def test_vote_allowance(used: int, allowance: int) -> None:
    if used < allowance:
        retro.check_can_vote(used=used, allowance=allowance)
    else:
        with pytest.raises(Conflict, match=f"all {allowance} of your votes"):
            retro.check_can_vote(used=used, allowance=allowance)


# ordering and the board ---------------------------------------------------------------------


def card(card_id: int, column: str, votes: int, minutes: int = 0) -> retro.Card:
    return retro.Card(
        id=card_id,
        column=column,
        text=f"card {card_id}",
        anonymous=False,
        author_id="U1",
        created_at=T0 + timedelta(minutes=minutes),
        votes=votes,
    )


def test_ranked_by_votes_then_time_then_id() -> None:
    cards = [
        card(1, "start", 1, 5),
        card(2, "start", 3, 9),
        card(3, "start", 1, 2),
        card(4, "start", 1, 2),
    ]
    assert [c.id for c in retro.ranked(cards)] == [2, 3, 4, 1]


def test_summary_groups_by_column_in_format_order() -> None:
    fmt = retro.FORMATS["start-stop-continue"]
    cards = [
        card(1, "continue", 2),
        card(2, "start", 0),
        card(3, "continue", 5),
        card(4, "start", 1),
    ]
    grouped = retro.by_column(fmt, cards)
    assert [(column.key, [c.id for c in cs]) for column, cs in grouped] == [
        ("start", [4, 2]),
        ("stop", []),
        ("continue", [3, 1]),
    ]


def test_voting_board_keeps_writing_order() -> None:
    fmt = retro.FORMATS["mad-sad-glad"]
    cards = [card(1, "glad", 9, 3), card(2, "glad", 0, 1)]
    assert [c.id for c in retro.in_board_order(fmt, cards)[2][1]] == [2, 1]


cards_strategy = st.lists(
    st.builds(
        card,
        st.integers(min_value=1, max_value=10_000),
        st.sampled_from(["raised", "hurt", "try"]),
        st.integers(min_value=0, max_value=60),
        st.integers(min_value=0, max_value=600),
    ),
    max_size=40,
    unique_by=lambda c: c.id,
)


@given(cards_strategy)
def test_summary_order_property(cards: list[retro.Card]) -> None:
    grouped = retro.by_column(retro.FORMATS["creative-quality"], cards)
    assert sorted(c.id for _, cs in grouped for c in cs) == sorted(c.id for c in cards)
    for column, column_cards in grouped:
        assert all(c.column == column.key for c in column_cards)
        keys = [(-c.votes, c.created_at, c.id) for c in column_cards]
        assert keys == sorted(keys)


def test_board_counts_and_dots() -> None:
    info = retro.RetroInfo(
        id=1,
        channel_id="C1",
        title="W",
        format=retro.FORMATS["start-stop-continue"],
        status=retro.Status.VOTING,
        facilitator_id="UF",
        votes_per_person=3,
        created_at=T0,
    )
    board = retro.Board(info, cards=(card(1, "start", 2), card(2, "start", 1), card(3, "stop", 0)))
    assert board.counts() == {"start": 2, "stop": 1, "continue": 0}
    assert board.dots == 3

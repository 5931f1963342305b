"""The retro's board without a database: status refusals, votes, ordering."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rituals.errors import Conflict
from tests.rituals.retro import names as retro

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


# status and votes ----------------------------------------------------------


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
    assert not board.votes_shown  # totals only once the retro is closed

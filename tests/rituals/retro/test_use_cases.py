"""The retro's use cases called directly: a real database, a fake clock, Slack in memory."""

from __future__ import annotations

import pytest

from rituals.actors import Actor
from rituals.errors import Conflict, NotAllowed, NotFound, UsageError
from rituals.retro import BoardMessage, SummaryMessage, actions, cards, session, votes
from rituals.retro.actions import ItemDM
from rituals.retro.votes import PAGE_SIZE
from rituals.services import Services
from tests.fakes import FakeSlack

TEAM = "T1"
CREW, SECRET = "C1", "G2"


@pytest.fixture
def people(svc: Services, slack: FakeSlack) -> dict[str, Actor]:
    """A facilitator, two members and an admin in #crew; #secret is private to fay and ana;
    eve is in neither."""
    for user in ("UFAY", "UANA", "UBEN", "UEVE"):
        slack.add_person(user)
    slack.add_person("UMAX", is_admin=True)
    slack.add_channel(CREW, "crew", ["UFAY", "UANA", "UBEN", "UMAX"])
    slack.add_channel(SECRET, "secret", ["UFAY", "UANA"], is_private=True)
    return {name: Actor(TEAM, f"U{name.upper()}") for name in ("fay", "ana", "ben", "max", "eve")}


def draft(text: str, column: str = "start", anonymous: bool = False) -> cards.Draft:
    return cards.Draft(column=column, text=text, anonymous=anonymous)


def test_start_posts_the_board_and_refuses_a_second_and_a_dm(
    svc: Services, slack: FakeSlack, people: dict[str, Actor]
) -> None:
    retro = session.start(svc, people["fay"], channel_id=CREW, words=["sailboat", "Week", "1"])
    assert retro.format.key == "sailboat" and retro.title == "Week 1"
    [posted] = slack.posts_to(CREW)
    assert isinstance(posted, BoardMessage) and posted.board.retro.id == retro.id
    with pytest.raises(Conflict, match="still open"):
        session.start(svc, people["ana"], channel_id=CREW, words=[])
    with pytest.raises(UsageError, match="this is a direct message"):
        session.start(svc, people["fay"], channel_id="D123", words=[])
    with pytest.raises(UsageError, match="There is no retro format `kalm`"):
        session.start(svc, people["fay"], channel_id=SECRET, words=["kalm"])
    with pytest.raises(NotAllowed):
        session.start(svc, people["eve"], channel_id=SECRET, words=[])


def test_only_the_channels_members_touch_a_retro(svc: Services, people: dict[str, Actor]) -> None:
    retro = session.start(svc, people["fay"], channel_id=SECRET, words=["Private"])
    card = cards.add_card(svc, people["ana"], retro_id=retro.id, draft=draft("Our secret"))
    assert card == retro.id
    eve = people["eve"]
    for attempt in (
        lambda: cards.card_form(svc, eve, retro_id=retro.id),
        lambda: cards.add_card(svc, eve, retro_id=retro.id, draft=draft("Forged")),
        lambda: cards.my_cards(svc, eve, retro_id=retro.id),
        lambda: session.start_voting(svc, eve, retro_id=retro.id),
        lambda: session.close(svc, eve, retro_id=retro.id),
    ):
        with pytest.raises(NotAllowed, match="a channel you're not in"):
            attempt()
    with pytest.raises(NotFound):  # another workspace's retro, or none at all
        cards.card_form(svc, Actor("T2", "UANA"), retro_id=retro.id)
    with pytest.raises(NotFound):
        cards.card_form(svc, people["ana"], retro_id=2**40)
    session.start_voting(svc, people["fay"], retro_id=retro.id)
    with pytest.raises(NotAllowed):
        votes.ballot(svc, eve, retro_id=retro.id)


def test_the_card_cap_per_person_and_column(svc: Services, people: dict[str, Actor]) -> None:
    retro = session.start(svc, people["fay"], channel_id=CREW, words=[])
    cap = svc.config.cards_per_person
    for n in range(cap):
        cards.add_card(
            svc, people["ana"], retro_id=retro.id, draft=draft(f"Card {n}", anonymous=n % 2 == 0)
        )
    with pytest.raises(Conflict, match=f"already have {cap} cards in Start"):
        cards.add_card(svc, people["ana"], retro_id=retro.id, draft=draft("One too many"))
    cards.add_card(svc, people["ana"], retro_id=retro.id, draft=draft("Elsewhere", "stop"))
    cards.add_card(svc, people["ben"], retro_id=retro.id, draft=draft("Ben's own"))
    mine = cards.my_cards(svc, people["ana"], retro_id=retro.id)
    with pytest.raises(Conflict, match="already have"):  # moving a card into a full column
        cards.edit_card(svc, people["ana"], card_id=mine.cards[-1].id, draft=draft("Moved"))


def test_text_is_stored_without_nul_or_lone_surrogates(
    svc: Services, people: dict[str, Actor]
) -> None:
    retro = session.start(svc, people["fay"], channel_id=CREW, words=[])
    cards.add_card(svc, people["ana"], retro_id=retro.id, draft=draft("A\x00B\ud800C"))
    [card] = cards.my_cards(svc, people["ana"], retro_id=retro.id).cards
    assert card.text == "ABC"


def test_every_card_is_votable_and_totals_stay_hidden_until_close(
    svc: Services, slack: FakeSlack, people: dict[str, Actor]
) -> None:
    crew = [f"UC{n:02d}" for n in range(6)]
    slack.members[CREW] += crew
    retro = session.start(svc, people["fay"], channel_id=CREW, words=[])
    for n in range(PAGE_SIZE + 5):
        author = Actor(TEAM, crew[n % len(crew)])
        cards.add_card(svc, author, retro_id=retro.id, draft=draft(f"Card {n}", "stop"))
    session.start_voting(svc, people["fay"], retro_id=retro.id)
    first = votes.ballot(svc, people["ben"], retro_id=retro.id)
    assert (first.pages, first.total_cards, len(first.cards)) == (2, PAGE_SIZE + 5, PAGE_SIZE)
    last_page = votes.ballot(svc, people["ben"], retro_id=retro.id, page=99)
    assert last_page.page == 1 and [c.text for c in last_page.cards][-1] == "Card 44"
    last = last_page.cards[-1].id
    for voter in ("ben", "ana"):
        votes.vote(svc, people[voter], card_id=last, add=True)
    ballot = votes.ballot(svc, people["ben"], retro_id=retro.id, page=1)
    assert ballot.mine == {last: 1} and all(c.votes == 0 for c in ballot.cards)
    session.redraw(svc, team_id=TEAM, retro_id=retro.id)
    board = slack.sent[-1].message
    assert isinstance(board, BoardMessage)
    assert board.board.dots == 2 and all(c.votes == 0 for c in board.board.cards)
    with pytest.raises(NotAllowed):
        votes.vote(svc, people["eve"], card_id=last, add=True)
    session.close(svc, people["max"], retro_id=retro.id)
    summary = slack.posts_to(CREW)[-1]
    assert isinstance(summary, SummaryMessage)
    assert {c.id: c.votes for c in summary.board.cards}[last] == 2


def test_action_items_once_per_request_and_closed_by_the_right_people(
    svc: Services, slack: FakeSlack, people: dict[str, Actor]
) -> None:
    session.start(svc, people["fay"], channel_id=CREW, words=[])
    add = {"channel_id": CREW, "text": "Book the hall", "owner_id": "UANA", "trigger_id": "t1"}
    first = actions.add(svc, people["fay"], **add)
    again = actions.add(svc, people["fay"], **add)
    assert not first.repeated and again.repeated and again.item.id == first.item.id
    actions.tell_owner(svc, team_id=TEAM, item=first.item)
    [dm] = slack.posts_to("UANA")
    assert isinstance(dm, ItemDM) and dm.done_by is None
    with pytest.raises(UsageError, match="type `/retro action"):
        actions.add(svc, people["fay"], **{**add, "channel_id": "D1", "trigger_id": "t2"})
    with pytest.raises(NotAllowed):
        actions.add(svc, people["eve"], **{**add, "trigger_id": "t3"})

    item = first.item.id
    with pytest.raises(NotFound, match=f"no action item {item}"):  # outside: as if none
        actions.done(svc, people["eve"], item_id=item)
    with pytest.raises(NotAllowed, match="its owner"):
        actions.done(svc, people["ben"], item_id=item)
    closed = actions.done(svc, people["fay"], item_id=item)  # the facilitator
    assert closed.retro_ids and closed.item.id == item
    assert actions.show_done(svc, team_id=TEAM, item=closed.item, done_by="UFAY")
    update = slack.sent[-1]
    assert update.kind == "update" and update.message.done_by == "UFAY"  # type: ignore[attr-defined]
    with pytest.raises(Conflict, match="already done"):
        actions.done(svc, people["ana"], item_id=item)


def test_actions_list_for_members_and_ones_own_in_a_dm(
    svc: Services, people: dict[str, Actor]
) -> None:
    actions.add(svc, people["fay"], channel_id=SECRET, text="Fix the van", owner_id="UANA")
    assert [i.text for i in actions.open_items(svc, people["ana"], channel_id=SECRET).items] == [
        "Fix the van"
    ]
    with pytest.raises(NotAllowed):
        actions.open_items(svc, people["eve"], channel_id=SECRET)
    mine = actions.open_items(svc, people["ana"], channel_id="D9")
    assert mine.channel_id is None and [i.channel_id for i in mine.items] == [SECRET]

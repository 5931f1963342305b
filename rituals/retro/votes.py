"""Dot votes: each member of the retro's channel spends the retro's allowance on its cards.

Rules:
- Votes are placed only while the retro is voting; nobody spends more dots than the
  retro allows, and a dot is taken back one at a time.
- The card voted on is looked up in the voter's workspace; its retro is the one checked.
- Every card can be voted on however many there are: the ballot comes in pages.
- No one sees any card's total before the retro closes, the voter only their own dots.
"""

from __future__ import annotations

from dataclasses import dataclass

from rituals.actors import Actor
from rituals.errors import Conflict, NotFound
from rituals.retro.access import retro_for, retro_of_card
from rituals.retro.board import RetroInfo, hidden_votes, in_board_order
from rituals.retro.rules import Status, check_can_vote, check_status
from rituals.services import Services
from storage.retro import cards as card_store
from storage.retro import retros
from storage.retro import votes as store
from storage.retro.records import Card

PAGE_SIZE = 40  # cards a page: two blocks each, within a modal's 100 blocks
GONE = "That card is no longer on this retro."


@dataclass(frozen=True)
class Ballot:
    """One page of a voter's ballot: cards in board order, the voter's own dots."""

    retro: RetroInfo
    cards: tuple[Card, ...]
    mine: dict[int, int]
    page: int
    pages: int
    total_cards: int

    @property
    def left(self) -> int:
        """Dots the voter may still place."""
        return max(self.retro.votes_per_person - sum(self.mine.values()), 0)


def ballot(
    svc: Services, actor: Actor, *, retro_id: int, page: int = 0, opening: bool = True
) -> Ballot:
    """The voter's ballot, one page of it (pages counted from 0, clamped); ``opening`` it
    needs the retro to be voting, a redraw of an open ballot does not."""
    retro = retro_for(svc, actor, retro_id)
    info = RetroInfo.of(retro)
    if opening:
        check_status(status=info.status, allowed=[Status.VOTING], action="vote", title=info.title)
    with svc.db.unit() as unit:
        cards = card_store.with_votes(unit, retro_id=retro.id)
        mine = store.of_voter(unit, retro_id=retro.id, user_id=actor.user_id)
    ordered = [card for _, column in in_board_order(info.format, cards) for card in column]
    pages = max(1, -(-len(ordered) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = ordered[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    return Ballot(info, hidden_votes(shown), mine, page, pages, len(ordered))


def vote(svc: Services, actor: Actor, *, card_id: int, add: bool) -> int:
    """Place (``add``) or take back one dot on a card; the retro's id."""
    retro = retro_of_card(svc, actor, card_id, missing=GONE)
    with svc.db.unit() as unit:
        locked = retros.lock(unit, team_id=actor.team_id, retro_id=retro.id)
        if locked is None or not card_store.is_on(unit, retro_id=retro.id, card_id=card_id):
            raise NotFound(GONE)
        check_status(
            status=Status(locked.status), allowed=[Status.VOTING], action="vote", title=locked.title
        )
        if add:
            used = sum(store.of_voter(unit, retro_id=retro.id, user_id=actor.user_id).values())
            check_can_vote(used=used, allowance=locked.votes_per_person)
            store.add(
                unit,
                team_id=actor.team_id,
                retro_id=retro.id,
                card_id=card_id,
                user_id=actor.user_id,
                now=svc.clock.now(),
            )
        elif not store.take_back(unit, retro_id=retro.id, card_id=card_id, user_id=actor.user_id):
            raise Conflict("You have no dot on that card to take back.")
    return retro.id

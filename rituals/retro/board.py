"""What a retro shows: its settings, its cards in order, and the messages the bot renders.

Vote counts stay hidden from everyone until the retro closes: a board read while the
retro is open carries no card's total, only how many dots were placed and by how many.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from rituals.ports import Message
from rituals.retro.formats import Column, RetroFormat, get_format
from rituals.retro.rules import Status
from storage.retro import cards as card_store
from storage.retro import items as item_store
from storage.retro import votes as vote_store
from storage.retro.records import ActionItem, Card, RetroRecord
from storage.unit import Unit


@dataclass(frozen=True)
class RetroInfo:
    """A retro's settings and state."""

    id: int
    channel_id: str
    title: str
    format: RetroFormat
    status: Status
    facilitator_id: str
    votes_per_person: int
    created_at: datetime

    @classmethod
    def of(cls, retro: RetroRecord) -> RetroInfo:
        """The retro as the rituals see it."""
        return cls(
            id=retro.id,
            channel_id=retro.channel_id,
            title=retro.title,
            format=get_format(retro.format),
            status=Status(retro.status),
            facilitator_id=retro.facilitator_id,
            votes_per_person=retro.votes_per_person,
            created_at=retro.created_at,
        )


@dataclass(frozen=True)
class Board:
    """Everything the retro message and its summary show."""

    retro: RetroInfo
    cards: tuple[Card, ...] = ()
    voters: int = 0
    earlier_items: tuple[ActionItem, ...] = ()
    items: tuple[ActionItem, ...] = ()
    dots: int = 0

    def counts(self) -> dict[str, int]:
        """Cards per column key, every column present."""
        counts = {column.key: 0 for column in self.retro.format.columns}
        for card in self.cards:
            counts[card.column] = counts.get(card.column, 0) + 1
        return counts

    @property
    def votes_shown(self) -> bool:
        """Whether cards' vote totals may be shown: only once the retro is closed."""
        return self.retro.status is Status.CLOSED


@dataclass(frozen=True)
class BoardMessage(Message):
    """The retro message in its channel."""

    board: Board


@dataclass(frozen=True)
class SummaryMessage(Message):
    """The closing summary in the retro's channel."""

    board: Board


def hidden_votes(cards: Iterable[Card]) -> tuple[Card, ...]:
    """The cards without their vote totals."""
    return tuple(replace(card, votes=0) for card in cards)


def read_board(unit: Unit, retro: RetroRecord) -> Board:
    """The board of a retro, read in one unit (vote totals only once it is closed)."""
    info = RetroInfo.of(retro)
    cards = card_store.with_votes(unit, retro_id=retro.id)
    dots = sum(card.votes for card in cards)
    own = item_store.of_retro(unit, team_id=retro.team_id, retro_id=retro.id)
    ids = {item.id for item in own}
    earlier = [
        item
        for item in item_store.open_in(unit, team_id=retro.team_id, channel_id=retro.channel_id)
        if item.id not in ids
    ]
    return Board(
        retro=info,
        cards=tuple(cards) if info.status is Status.CLOSED else hidden_votes(cards),
        voters=vote_store.voters(unit, retro_id=retro.id),
        earlier_items=tuple(earlier),
        items=tuple(own),
        dots=dots,
    )


def ranked(cards: Iterable[Card]) -> list[Card]:
    """Most votes first, then oldest, then lowest id."""
    return sorted(cards, key=lambda c: (-c.votes, c.created_at, c.id))


def by_column(fmt: RetroFormat, cards: Iterable[Card]) -> list[tuple[Column, list[Card]]]:
    """Cards grouped per column in the format's order, each group ranked."""
    groups = _grouped(fmt, cards)
    return [(column, ranked(groups[column.key])) for column in fmt.columns]


def in_board_order(fmt: RetroFormat, cards: Iterable[Card]) -> list[tuple[Column, list[Card]]]:
    """Cards grouped per column in the order they were written (for voting, no bandwagon)."""
    groups = _grouped(fmt, cards)
    return [
        (column, sorted(groups[column.key], key=lambda c: (c.created_at, c.id)))
        for column in fmt.columns
    ]


def _grouped(fmt: RetroFormat, cards: Iterable[Card]) -> dict[str, list[Card]]:
    groups: dict[str, list[Card]] = {column.key: [] for column in fmt.columns}
    for card in cards:
        groups.setdefault(card.column, []).append(card)
    return groups

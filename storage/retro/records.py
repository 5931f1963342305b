"""What the retro repositories return: frozen records, never ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

COLLECTING = "collecting"
VOTING = "voting"
CLOSED = "closed"
OPEN = (COLLECTING, VOTING)
ITEM_OPEN = "open"
ITEM_DONE = "done"


@dataclass(frozen=True)
class RetroRecord:
    """A retro as stored (``secret`` is None once voting started)."""

    id: int
    team_id: str
    channel_id: str
    title: str
    format: str
    status: str
    facilitator_id: str
    votes_per_person: int
    secret: str | None
    message_ts: str | None
    summary_ts: str | None
    created_at: datetime


@dataclass(frozen=True)
class Card:
    """A card as it may be shown: ``author_id`` is None for anonymous cards."""

    id: int
    column: str
    text: str
    anonymous: bool
    author_id: str | None
    created_at: datetime
    votes: int = 0


@dataclass(frozen=True)
class ActionItem:
    """An action item with its owner, and where its owner's DM about it is."""

    id: int
    text: str
    owner_id: str | None
    created_by: str
    status: str
    created_at: datetime
    retro_title: str | None = None
    channel_id: str = ""
    retro_id: int | None = None
    dm_channel: str | None = None
    dm_ts: str | None = None

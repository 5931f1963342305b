"""What the check-in says in Slack, as domain content the bot renders."""

from __future__ import annotations

from dataclasses import dataclass

from rituals.ports import Message
from storage.checkin import POST_KIND

KIND = "checkin"
POST = POST_KIND


@dataclass(frozen=True)
class CheckinPost(Message):
    """The check-in question posted to a channel."""

    question: str


@dataclass(frozen=True)
class Posting:
    """A check-in asked for now: where it goes."""

    channel_id: str
    occurrence_id: int

"""What the digest says in Slack, as domain content the bot renders."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rituals.ports import Message
from rituals.words import plural

KIND = "digest"
POST = "digest_post"


@dataclass(frozen=True)
class Crew:
    """Whose figures a digest reports: one channel's members, or the whole workspace
    (``channel_id`` None)."""

    channel_id: str | None
    name: str = ""  # the channel's name, for the header ("#vfx crew, 3 people")
    people: int = 0  # the channel's members now (people, not bots)
    scheduled: frozenset[str] = frozenset()  # ritual kinds already scheduled for this crew

    @property
    def whole_team(self) -> bool:
        """Whether the digest covers the whole workspace."""
        return self.channel_id is None

    def label(self) -> str:
        """``#vfx crew, 3 people`` or ``whole workspace``."""
        if self.channel_id is None:
            return "whole workspace"
        return f"#{self.name or self.channel_id} crew, {plural(self.people, 'person', 'people')}"


@dataclass(frozen=True)
class DigestPost(Message):
    """The weekly digest of a crew: the week, the week before, and whom it covers."""

    metrics: dict[str, Any]
    previous: dict[str, Any] | None
    crew: Crew


@dataclass(frozen=True)
class Posting:
    """A digest asked for now: where it goes, which week, whose figures."""

    channel_id: str
    week_label: str
    crew: Crew
    occurrence_id: int

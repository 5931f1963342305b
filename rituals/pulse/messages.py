"""What the pulse says in Slack, as content the bot renders."""

from __future__ import annotations

from dataclasses import dataclass

from rituals.ports import Message


@dataclass(frozen=True)
class Prompt(Message):
    """A pulse DM in its current state: asked, reminded, or answered (with or without a note)."""

    occurrence_id: int
    question: str
    reminder: bool = False
    score: int | None = None
    noted: bool = False
    min_group: int = 3

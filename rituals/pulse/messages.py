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
    channels: tuple[str, ...] = ()  # the channels it asks for (one DM a day per question)


@dataclass(frozen=True)
class ChannelPrompt(Message):
    """A pulse asked in a channel with one post: the buttons, and how many have answered."""

    occurrence_id: int
    question: str
    answered: int = 0
    min_group: int = 3


@dataclass(frozen=True)
class ChannelNudge(Message):
    """The reminder of a channel pulse: one reply in the post's thread."""

    question: str
    answered: int = 0


@dataclass(frozen=True)
class AnswerNoted(Message):
    """What only the person who clicked a channel pulse sees: their answer, kept private."""

    score: int


@dataclass(frozen=True)
class SendReport(Message):
    """What the manager who sent a pulse is told once its fan-out has finished."""

    channel_id: str
    reached: int
    failed: int
    stepped_out: int  # opted out, went away or left between the send and their prompt
    errors: tuple[tuple[str, int], ...] = ()
    in_channel: bool = False

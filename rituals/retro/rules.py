"""The rules of a retro that need no database: starting options, text, status and votes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from rituals.errors import Conflict, UsageError
from rituals.retro.formats import (
    DEFAULT_FORMAT,
    FORMATS,
    RetroFormat,
    format_names,
    get_format,
    looks_like_format,
)

TITLE_MAX = 150
TEXT_MAX = 1000
VOTES_MIN = 1
VOTES_MAX = 10
DEFAULT_VOTES = 3
START_USAGE = "start [format] [votes N] [title]"


class Status(StrEnum):
    """Where a retro is in its life."""

    COLLECTING = "collecting"
    VOTING = "voting"
    CLOSED = "closed"


@dataclass(frozen=True)
class StartRequest:
    """What ``/retro start`` asked for."""

    format: RetroFormat
    title: str
    votes_per_person: int


_VOTES_HINT = (
    f"`votes` needs a number from {VOTES_MIN} to {VOTES_MAX}, e.g. "
    "`/retro start 4ls votes 5 Opening week`."
)


def parse_votes(word: str) -> int:
    """Dot votes per person from ``word``; UsageError unless it is a whole number 1–10."""
    if not word.isdigit():
        raise UsageError(_VOTES_HINT)
    return check_votes_per_person(int(word))


def check_votes_per_person(votes: int) -> int:
    """``votes`` when it is within 1–10; UsageError otherwise."""
    if not VOTES_MIN <= votes <= VOTES_MAX:
        raise UsageError(
            f"Each person can have {VOTES_MIN} to {VOTES_MAX} votes, not {votes}. "
            "Example: `/retro start votes 5 Opening week`."
        )
    return votes


def parse_start(words: Sequence[str], *, today: date) -> StartRequest:
    """Read ``[format] [votes N] [title…]`` (format also as ``format <name>``).

    The first word is taken as a format when it names one, nearly names one (a typo gets
    a "did you mean"), names another tool's format, or is shaped like one
    (``keep-drop-add``); otherwise it starts the title. A quoted title is never a format.
    """
    rest = list(words)
    fmt = FORMATS[DEFAULT_FORMAT]
    votes = DEFAULT_VOTES
    if rest and rest[0].lower() == "format":
        if len(rest) < 2:
            raise UsageError(f"Name the format after `format`. Formats: {format_names()}.")
        fmt = get_format(rest[1])
        rest = rest[2:]
    elif rest and looks_like_format(rest[0]):
        fmt = get_format(rest[0])
        rest = rest[1:]
    if rest and rest[0].lower() == "votes":
        if len(rest) < 2:
            raise UsageError(_VOTES_HINT)
        votes = parse_votes(rest[1])
        rest = rest[2:]
    title = clean_title(" ".join(rest)) or default_title(today)
    return StartRequest(format=fmt, title=title, votes_per_person=votes)


def default_title(today: date) -> str:
    """The title used when none is given, e.g. "Retro 23 Nov 2026"."""
    return f"Retro {today.day} {today:%b %Y}"


_SURROGATES = re.compile("[\ud800-\udfff]")


def storable(text: str) -> str:
    """``text`` without what no database column holds: NUL and lone surrogates."""
    return _SURROGATES.sub("", text.replace("\x00", ""))


def clean_title(title: str) -> str:
    """The title on one line, trimmed; UsageError when longer than 150 characters."""
    title = " ".join(storable(title).split())
    if len(title) > TITLE_MAX:
        raise UsageError(
            f"A retro title can be up to {TITLE_MAX} characters; yours has {len(title)}. "
            "Try a shorter one, e.g. `/retro start Opening week`."
        )
    return title


def clean_text(text: str | None, *, what: str = "A card") -> str:
    """Trimmed card or action-item text; UsageError when empty or over 1,000 characters."""
    cleaned = storable(text or "").strip()
    if not cleaned:
        raise UsageError(f"{what} needs some text: write what happened or what to change.")
    if len(cleaned) > TEXT_MAX:
        raise UsageError(
            f"{what} can hold up to {TEXT_MAX:,} characters; this one has {len(cleaned):,}. "
            "Shorten it, or split it into two."
        )
    return cleaned


# A line that starts like a list item or a quote: bullets, dashes, numbers, ">".
_LIST_MARKER = re.compile(r"^\s*(?:[-*+•◦▪▫‣⁃·>]+|\d+[.)])\s*")


def one_line(text: str) -> str:
    """Text as it is shown on a board or summary: one line, each line break a " / ", no line
    starting like a list item, so a card can never look like several cards."""
    lines = [_LIST_MARKER.sub("", line).strip() for line in storable(text).splitlines()]
    return " / ".join(line for line in lines if line) or "…"


def check_can_vote(*, used: int, allowance: int) -> None:
    """Conflict when the person has no dot votes left."""
    if used >= allowance:
        raise Conflict(
            f"You have used all {allowance} of your votes. "
            "Take one back with − on another card to move it."
        )


def check_card_cap(*, written: int, cap: int, column: str) -> None:
    """Conflict when the person already has ``cap`` cards in the column."""
    if written >= cap:
        raise Conflict(
            f"You already have {cap} cards in {column}, the most one person can add to a "
            "column. Edit one with *My cards*, or pick another column."
        )


_VERBS = {
    "add": "add cards to",
    "edit": "change cards on",
    "vote": "vote on",
    "start_voting": "start voting on",
    "close": "close",
}


def check_status(*, status: Status, allowed: Iterable[Status], action: str, title: str) -> None:
    """Conflict, saying where the retro is, when ``action`` does not fit its status."""
    allowed = tuple(allowed)
    if status in allowed:
        return
    verb = _VERBS.get(action, action)
    if status is Status.CLOSED:
        raise Conflict(
            f"The retro “{title}” is closed, so you can't {verb} it. "
            "Start a new one with `/retro start`."
        )
    if status is Status.VOTING and action == "start_voting":
        raise Conflict(f"Voting is already open on “{title}”.")
    if status is Status.VOTING:
        raise Conflict(
            f"Voting has started on “{title}”, so cards can no longer be added or changed. "
            "Use Vote to place your dots."
        )
    raise Conflict(
        f"Voting on “{title}” hasn't started yet: cards are still being written. "
        "The facilitator starts it with Start voting."
    )

"""Retrospectives: formats, validation, the anonymous-author hash and the summary order.

Rules:
- A retro has a format (its columns, each with a prompt), a title of at most
  150 characters and a number of dot votes per person between 1 and 10
  (3 unless ``votes N`` says otherwise).
- It moves collecting → voting → closed. While collecting, cards are hidden
  (only counts are shown); voting reveals them; closing posts the summary.
- Card and action-item text is 1 to 1,000 characters after trimming.
- An anonymous card keeps no author: only ``author_hash(secret, user_id)``, an
  HMAC-SHA256 with a per-retro secret, links it to its author while cards are
  written (so they can edit or delete it). The secret is destroyed when voting
  starts, and with it the link.
- Nobody spends more dot votes than the retro allows; a vote is taken back one
  at a time.
- The summary lists cards per column in the format's order, most votes first,
  then oldest first, then by id.

Pure: no Slack, no database, no clock (the caller passes ``today``).
"""

from __future__ import annotations

import difflib
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from rituals.errors import Conflict, NotAllowed, UsageError

TITLE_MAX = 150
TEXT_MAX = 1000
VOTES_MIN = 1
VOTES_MAX = 10
DEFAULT_VOTES = 3
DEFAULT_FORMAT = "start-stop-continue"


class Status(StrEnum):
    """Where a retro is in its life."""

    COLLECTING = "collecting"
    VOTING = "voting"
    CLOSED = "closed"


@dataclass(frozen=True)
class Column:
    """One column of a retro board."""

    key: str
    title: str
    emoji: str
    prompt: str

    @property
    def label(self) -> str:
        """Emoji and title, as shown in messages and selects."""
        return f"{self.emoji} {self.title}"


@dataclass(frozen=True)
class RetroFormat:
    """A retro format: its key (typed in ``/retro start``), name and columns."""

    key: str
    name: str
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()

    def column(self, key: str) -> Column:
        """The column with this key; UsageError naming the valid ones otherwise."""
        for column in self.columns:
            if column.key == key:
                return column
        valid = ", ".join(c.title for c in self.columns)
        raise UsageError(f"A {self.name} retro has no column `{key}`. Pick one of: {valid}.")


FORMATS: dict[str, RetroFormat] = {
    fmt.key: fmt
    for fmt in (
        RetroFormat(
            "start-stop-continue",
            "Start · Stop · Continue",
            (
                Column("start", "Start", "🟢", "What should the crew start doing?"),
                Column("stop", "Stop", "🔴", "What is slowing us down on set that we should stop?"),
                Column("continue", "Continue", "🔵", "What worked this block that we keep doing?"),
            ),
            aliases=("ssc", "start-stop", "startstopcontinue"),
        ),
        RetroFormat(
            "4ls",
            "4 Ls",
            (
                Column("liked", "Liked", "💚", "What did you enjoy working on this production?"),
                Column("learned", "Learned", "📘", "What did you learn from another department?"),
                Column("lacked", "Lacked", "🕳️", "What was missing: time, kit, information?"),
                Column("longed", "Longed for", "🌙", "What do you wish we had on the next shoot?"),
            ),
            aliases=("4l", "4-ls", "4-l", "four-ls"),
        ),
        RetroFormat(
            "mad-sad-glad",
            "Mad · Sad · Glad",
            (
                Column("mad", "Mad", "😠", "What frustrated you between departments?"),
                Column("sad", "Sad", "😢", "What let you down or went missing this week?"),
                Column("glad", "Glad", "😊", "What made you glad to be on this crew?"),
            ),
            aliases=("msg", "madsadglad"),
        ),
        RetroFormat(
            "creative-quality",
            "Creative quality",
            (
                Column("raised", "Raised quality", "✨", "What raised quality on set this week?"),
                Column("hurt", "Hurt quality", "🩹", "What hurt the work: where did quality slip?"),
                Column("try", "Try next", "🧪", "What will we try next to make the work better?"),
            ),
            aliases=("cq", "creative-q"),
        ),
    )
}

_ALIASES = {alias: fmt.key for fmt in FORMATS.values() for alias in (fmt.key, *fmt.aliases)}
_FORMAT_LIST = ", ".join(f"`{key}`" for key in FORMATS)
# A lowercase word with two or more hyphens (``keep-drop-add``) reads as a format name.
_FORMAT_SHAPED = re.compile(r"^[a-z0-9]+(-[a-z0-9]+){2,}$")


def format_names() -> str:
    """The format keys, ready for a message."""
    return _FORMAT_LIST


def get_format(key: str) -> RetroFormat:
    """The format called ``key`` (or one of its aliases); UsageError with a suggestion otherwise."""
    found = _ALIASES.get(key.strip().lower())
    if found is not None:
        return FORMATS[found]
    close = difflib.get_close_matches(key.lower(), list(_ALIASES), n=1, cutoff=0.7)
    hint = f" Did you mean `{_ALIASES[close[0]]}`?" if close else ""
    raise UsageError(f"There is no retro format `{key}`.{hint} Formats: {_FORMAT_LIST}.")


def _looks_like_format(word: str) -> bool:
    lowered = word.lower()
    if " " in word:
        return False  # a quoted title
    return (
        lowered in _ALIASES
        or bool(difflib.get_close_matches(lowered, list(_ALIASES), n=1, cutoff=0.8))
        or bool(_FORMAT_SHAPED.match(word))
    )


@dataclass(frozen=True)
class StartRequest:
    """What ``/retro start`` asked for."""

    format: RetroFormat
    title: str
    votes_per_person: int


START_USAGE = "start [format] [votes N] [title]"


def parse_votes(word: str) -> int:
    """Dot votes per person from ``word``; UsageError unless it is a whole number 1–10."""
    if not word.isdigit():
        raise UsageError(
            f"`votes` needs a number from {VOTES_MIN} to {VOTES_MAX}, e.g. "
            "`/retro start 4ls votes 5 Opening week`."
        )
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

    The first word is taken as a format when it names one, nearly names one
    (a typo gets a "did you mean"), or is shaped like one (``keep-drop-add``);
    otherwise it starts the title. A quoted title is never read as a format.
    """
    rest = list(words)
    fmt = FORMATS[DEFAULT_FORMAT]
    votes = DEFAULT_VOTES
    if rest and rest[0].lower() == "format":
        if len(rest) < 2:
            raise UsageError(f"Name the format after `format`. Formats: {_FORMAT_LIST}.")
        fmt = get_format(rest[1])
        rest = rest[2:]
    elif rest and _looks_like_format(rest[0]):
        fmt = get_format(rest[0])
        rest = rest[1:]
    if rest and rest[0].lower() == "votes":
        if len(rest) < 2:
            raise UsageError(
                f"`votes` needs a number from {VOTES_MIN} to {VOTES_MAX}, e.g. "
                "`/retro start 4ls votes 5 Opening week`."
            )
        votes = parse_votes(rest[1])
        rest = rest[2:]
    title = clean_title(" ".join(rest)) or default_title(today)
    return StartRequest(format=fmt, title=title, votes_per_person=votes)


def default_title(today: date) -> str:
    """The title used when none is given, e.g. "Retro 23 Nov 2026"."""
    return f"Retro {today.day} {today:%b %Y}"


def clean_title(title: str) -> str:
    """The trimmed title; UsageError when longer than 150 characters."""
    title = " ".join(title.replace("\x00", "").split())
    if len(title) > TITLE_MAX:
        raise UsageError(
            f"A retro title can be up to {TITLE_MAX} characters; yours has {len(title)}. "
            "Try a shorter one, e.g. `/retro start Opening week`."
        )
    return title


def clean_text(text: str | None, *, what: str = "A card") -> str:
    """Trimmed card or action-item text; UsageError when empty or over 1,000 characters."""
    cleaned = (text or "").replace("\x00", "").strip()  # PostgreSQL text holds no NUL
    if not cleaned:
        raise UsageError(f"{what} needs some text: write what happened or what to change.")
    if len(cleaned) > TEXT_MAX:
        raise UsageError(
            f"{what} can hold up to {TEXT_MAX:,} characters; this one has {len(cleaned):,}. "
            "Shorten it, or split it into two."
        )
    return cleaned


# Anonymous authorship ------------------------------------------------------


def new_secret() -> str:
    """A fresh per-retro secret for the keyed hash (256 bits, hex)."""
    return secrets.token_hex(32)


def author_hash(secret: str, user_id: str) -> str:
    """HMAC-SHA256 of the user id under the retro's secret (hex)."""
    return hmac.new(secret.encode(), user_id.encode(), hashlib.sha256).hexdigest()


def is_author(
    *,
    user_id: str,
    author_id: str | None,
    stored_hash: str | None,
    secret: str | None,
) -> bool:
    """Whether ``user_id`` wrote a card: by author id, or by keyed hash while the secret lives."""
    if author_id is not None:
        return hmac.compare_digest(author_id, user_id)
    if stored_hash is None or secret is None:
        return False
    return hmac.compare_digest(stored_hash, author_hash(secret, user_id))


# Facilitation and votes ----------------------------------------------------


def check_facilitator(
    *, user_id: str, facilitator_id: str, is_manager: bool, doing: str, title: str
) -> None:
    """NotAllowed unless the user facilitates the retro or is a manager."""
    if user_id != facilitator_id and not is_manager:
        raise NotAllowed(
            f"Only the facilitator (<@{facilitator_id}>) or a manager can {doing} "
            f"the retro “{title}”."
        )


def check_can_vote(*, used: int, allowance: int) -> None:
    """Conflict when the person has no dot votes left."""
    if used >= allowance:
        raise Conflict(
            f"You have used all {allowance} of your votes. "
            "Take one back with − on another card to move it."
        )


# What views and summaries are made from -------------------------------------


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
    """An action item with its owner."""

    id: int
    text: str
    owner_id: str | None
    created_by: str
    status: str
    created_at: datetime
    retro_title: str | None = None


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


@dataclass(frozen=True)
class Board:
    """Everything the retro message shows, read from the database in one go."""

    retro: RetroInfo
    cards: tuple[Card, ...] = ()
    voters: int = 0
    earlier_items: tuple[ActionItem, ...] = ()
    items: tuple[ActionItem, ...] = ()

    def counts(self) -> dict[str, int]:
        """Cards per column key, every column present."""
        counts = {column.key: 0 for column in self.retro.format.columns}
        for card in self.cards:
            counts[card.column] = counts.get(card.column, 0) + 1
        return counts

    @property
    def dots(self) -> int:
        """Votes placed in total."""
        return sum(card.votes for card in self.cards)


def ranked(cards: Iterable[Card]) -> list[Card]:
    """Most votes first, then oldest, then lowest id."""
    return sorted(cards, key=lambda c: (-c.votes, c.created_at, c.id))


def by_column(fmt: RetroFormat, cards: Iterable[Card]) -> list[tuple[Column, list[Card]]]:
    """Cards grouped per column in the format's order, each group ranked."""
    groups: dict[str, list[Card]] = {column.key: [] for column in fmt.columns}
    for card in cards:
        groups.setdefault(card.column, []).append(card)
    return [(column, ranked(groups[column.key])) for column in fmt.columns]


def in_board_order(fmt: RetroFormat, cards: Iterable[Card]) -> list[tuple[Column, list[Card]]]:
    """Cards grouped per column in the order they were written (for voting, no bandwagon)."""
    groups: dict[str, list[Card]] = {column.key: [] for column in fmt.columns}
    for card in cards:
        groups.setdefault(card.column, []).append(card)
    return [
        (column, sorted(groups[column.key], key=lambda c: (c.created_at, c.id)))
        for column in fmt.columns
    ]


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

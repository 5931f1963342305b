"""Retro formats: their columns and prompts, and reading a format's name from a command."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from rituals.errors import UsageError

DEFAULT_FORMAT = "start-stop-continue"


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


_ALL = (
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
    RetroFormat(
        "sailboat",
        "Sailboat",
        (
            Column("wind", "Wind", "💨", "What pushed the production forward?"),
            Column("anchors", "Anchors", "⚓", "What held us back or slowed us down?"),
            Column("rocks", "Rocks", "🪨", "What risks do you see ahead of the next block?"),
            Column("island", "Island", "🏝️", "Where do we want to be by wrap?"),
        ),
        aliases=("sail-boat", "speedboat"),
    ),
    RetroFormat(
        "starfish",
        "Starfish",
        (
            Column("keep", "Keep doing", "⭐", "What works well that we keep doing?"),
            Column("more", "More of", "➕", "What should we do more of?"),
            Column("less", "Less of", "➖", "What should we do less of?"),
            Column("stop", "Stop doing", "🛑", "What should we stop doing altogether?"),
            Column("start", "Start doing", "🚀", "What new thing should we start doing?"),
        ),
        aliases=("star-fish",),
    ),
)
FORMATS: dict[str, RetroFormat] = {fmt.key: fmt for fmt in _ALL}

_ALIASES = {alias: fmt.key for fmt in FORMATS.values() for alias in (fmt.key, *fmt.aliases)}
_FORMAT_LIST = ", ".join(f"`{key}`" for key in FORMATS)
# A lowercase word with two or more hyphens (``keep-drop-add``) reads as a format name,
# and so do formats other tools run that Greenroom does not (refused, with the list).
_FORMAT_SHAPED = re.compile(r"^[a-z0-9]+(-[a-z0-9]+){2,}$")
_OTHER_FORMATS = frozenset(
    {
        "kalm",
        "daki",
        "lean-coffee",
        "leancoffee",
        "hot-air-balloon",
        "rose-thorn-bud",
        "three-little-pigs",
        "kanban",
        "timeline",
        "went-well",
        "wwwdw",
        "4ls-plus",
        "plus-delta",
    }
)


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


def looks_like_format(word: str) -> bool:
    """Whether the first word of ``/retro start`` names a format rather than starting a title."""
    lowered = word.lower()
    if " " in word:
        return False  # a quoted title
    return (
        lowered in _ALIASES
        or lowered in _OTHER_FORMATS
        or bool(difflib.get_close_matches(lowered, list(_ALIASES), n=1, cutoff=0.8))
        or bool(_FORMAT_SHAPED.match(word))
    )

"""Reading slash-command text: words, quoted strings, Slack's mention escapes.

Slack sends ``<@U123|ana>`` for users and ``<#C123|crew>`` for channels when
the command escapes them (``should_escape`` in app.yaml); people also type
plain ``#crew``, ``@ana`` or raw ids. Curly quotes from phones count as quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from rituals.errors import UsageError

_DOUBLE, _SINGLE = '"“”', "'‘’"
# The quotes that open a quoted string, each with the quotes that close it.
_QUOTES = {**dict.fromkeys('"“”„', _DOUBLE), **dict.fromkeys("'‘’", _SINGLE)}
_CHANNEL_ESCAPE = re.compile(r"^<#([CGD][A-Z0-9]+)(?:\|([^>]*))?>$")
_USER_ESCAPE = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|([^>]*))?>$")
# Raw ids are 9+ characters (C024BE91L, U0123ABCDEF): shorter capitals are words ("CREW").
_CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{8,}$")
_USER_ID = re.compile(r"^[UW][A-Z0-9]{8,}$")


def split_words(text: str) -> list[str]:
    """Split command text into words, keeping "quoted strings" whole (quotes removed).

    A quote opens only at the start of a word; straight and curly quotes of one family
    close each other (a phone may type “…" or ‘…'), and what is between them is kept
    exactly as typed, curly apostrophes included."""
    words: list[str] = []
    current: list[str] = []
    closers = ""
    in_word = False
    for char in text:
        if closers:
            if char in closers:
                closers = ""
            else:
                current.append(char)
        elif char in _QUOTES and not current:
            closers = _QUOTES[char]
            in_word = True
        elif char.isspace():
            if in_word:
                words.append("".join(current))
                current, in_word = [], False
        else:
            current.append(char)
            in_word = True
    if closers:
        raise UsageError('A quote is not closed: put the text between two " marks.')
    if in_word:
        words.append("".join(current))
    return words


@dataclass(frozen=True)
class ChannelRef:
    """A channel named in a command: an id, or a name still to look up."""

    id: str | None
    name: str | None


def channel_ref(word: str) -> ChannelRef | None:
    """The channel ``word`` names, or None when it is not a channel reference."""
    match = _CHANNEL_ESCAPE.match(word)
    if match:
        return ChannelRef(match.group(1), match.group(2) or None)
    if word.startswith("#") and len(word) > 1:
        return ChannelRef(None, word[1:].lower())
    if _CHANNEL_ID.match(word):
        return ChannelRef(word, None)
    return None


@dataclass(frozen=True)
class UserRef:
    """A person named in a command: an id, or a handle still to look up."""

    id: str | None
    name: str | None


def user_ref(word: str) -> UserRef | None:
    """The user ``word`` names, or None when it is not a user reference."""
    match = _USER_ESCAPE.match(word)
    if match:
        return UserRef(match.group(1), match.group(2) or None)
    if word.startswith("@") and len(word) > 1:
        return UserRef(None, word[1:].lower())
    if _USER_ID.match(word):
        return UserRef(word, None)
    return None


_DURATION = re.compile(r"^(\d{1,4})\s*([dhw])$", re.IGNORECASE)


def parse_duration(word: str, *, example: str) -> timedelta:
    """``3d``, ``12h`` or ``2w`` as a timedelta; UsageError naming ``example`` otherwise."""
    match = _DURATION.match(word.strip())
    if not match:
        raise UsageError(f"`{word}` is not a duration like `3d` or `12h`. Example: `{example}`")
    amount, unit = int(match.group(1)), match.group(2).lower()
    return {
        "d": timedelta(days=amount),
        "h": timedelta(hours=amount),
        "w": timedelta(weeks=amount),
    }[unit]


def parse_date(word: str, *, example: str) -> date:
    """An ISO date (YYYY-MM-DD); UsageError naming ``example`` otherwise."""
    try:
        return date.fromisoformat(word)
    except ValueError:
        raise UsageError(f"`{word}` is not a date like 2026-12-24. Example: `{example}`") from None

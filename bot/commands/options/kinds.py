"""The kinds of option a command can declare, each recognising its own words.

- Each word is taken by the option that recognises it: a keyword option takes
  the word after it as its value (``window 4h``, ``tz Europe/London``,
  ``question "How rested do you feel?"``: quoted text is one word); a flag is
  one word (``in-channel``, ``local``); a channel is ``#name``, Slack's
  ``<#C…|name>`` or a raw id (returned as a ChannelRef, never looked up here);
  a schedule is a quoted cron, five bare cron fields or a run of schedule
  words (``every monday 9am``).
- A keyword without its value and a value out of range are errors, each
  message with an example.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Generic, TypeVar

from bot.commands.args import ChannelRef, channel_ref, parse_duration
from rituals.errors import UsageError
from rituals.schedule import Schedule, cron_like, find_zone, parse_schedule, schedule_span

T = TypeVar("T")
_CRON_FIELD = re.compile(r"^[0-9A-Za-z*/,\-]+$")


class Option(ABC, Generic[T]):
    """One option of a command: how it is written and what value it gives."""

    name: str
    example: str
    required: bool
    positional = False  # recognised by its shape (a channel, a schedule), not by a keyword

    @property
    def label(self) -> str:
        """What the option is called in messages."""
        return self.name

    @abstractmethod
    def take(self, words: Sequence[str], at: int) -> tuple[T, int] | None:
        """The value and the number of words used when ``words[at]`` starts this option."""


@dataclass(frozen=True)
class Keyword(Option[T]):
    """``<keyword> <value>``, e.g. ``window 4h``; ``read`` checks the value (UsageError)."""

    name: str
    read: Callable[[str], T]
    example: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    quoted: bool = False  # free text, which belongs in quotes

    def take(self, words: Sequence[str], at: int) -> tuple[T, int] | None:
        if words[at].lower() not in (self.name, *self.aliases):
            return None
        if at + 1 >= len(words) or not words[at + 1].strip():
            raise UsageError(f"`{words[at]}` needs a value, e.g. `{self.example}`.")
        return self.read(words[at + 1]), 2


@dataclass(frozen=True)
class Flag(Option[bool]):
    """A word on its own, e.g. ``in-channel``."""

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = False

    @property
    def example(self) -> str:  # type: ignore[override]
        return self.name

    def take(self, words: Sequence[str], at: int) -> tuple[bool, int] | None:
        spelled = words[at].lower().replace("_", "-")
        return (True, 1) if spelled in (self.name, *self.aliases) else None


@dataclass(frozen=True)
class ChannelOption(Option[ChannelRef]):
    """A channel: ``#crew``, ``<#C123|crew>`` or ``C0123ABCD``."""

    name: str = "channel"
    example: str = "#crew"
    required: bool = False
    positional = True

    def take(self, words: Sequence[str], at: int) -> tuple[ChannelRef, int] | None:
        ref = channel_ref(words[at])
        return (ref, 1) if ref is not None else None


@dataclass(frozen=True)
class ScheduleOption(Option[Schedule]):
    """A quoted cron (``"0 9 * * 1-5"``), five bare cron fields, or words (``weekdays 09:00``)."""

    name: str = "schedule"
    example: str = "weekdays 09:00"
    required: bool = True
    positional = True

    def take(self, words: Sequence[str], at: int) -> tuple[Schedule, int] | None:
        word = words[at]
        if len(word.split()) > 1:  # quoted: cron, or words
            said = cron_like(word.split()) or schedule_span(words, at)
            return (parse_schedule(word), 1) if said else None
        if cron_like(words[at : at + 2]):
            end = at + 2  # cron fields typed without quotes
            while end < min(len(words), at + 5) and _CRON_FIELD.match(words[end]):
                end += 1
            return parse_schedule(" ".join(words[at:end])), end - at
        span = schedule_span(words, at)
        return (parse_schedule(" ".join(words[at : at + span])), span) if span else None


@dataclass(frozen=True)
class ZoneChoice:
    """Where a schedule's time is: a named zone, or each member's own (``local``)."""

    name: str | None
    member_local: bool = False


LOCAL = ZoneChoice(None, member_local=True)


@dataclass(frozen=True)
class ZoneOption(Option[ZoneChoice]):
    """``tz Area/City`` (any case) or ``local``."""

    name: str = "tz"
    example: str = "tz Europe/London"
    required: bool = False
    keywords: tuple[str, ...] = ("tz", "timezone", "zone")

    @property
    def label(self) -> str:
        return "time zone"

    def take(self, words: Sequence[str], at: int) -> tuple[ZoneChoice, int] | None:
        word = words[at].lower()
        if word == "local":
            return LOCAL, 1
        if word not in self.keywords:
            return None
        if at + 1 >= len(words) or not words[at + 1].strip():
            raise UsageError(f"`{words[at]}` needs a time zone, e.g. `{self.example}` or `local`.")
        value = words[at + 1]
        return (LOCAL if value.lower() == "local" else ZoneChoice(find_zone(value))), 2


def text(name: str, *, max_length: int, example: str) -> Keyword[str]:
    """``<name> "<text>"``: one quoted value, spaces tidied, not empty, at most ``max_length``."""

    def read(value: str) -> str:
        said = " ".join(value.split())
        if not said:
            raise UsageError(f"`{name}` needs some text in quotes, e.g. `{example}`.")
        if len(said) > max_length:
            raise UsageError(
                f"That {name} is {len(said)} characters; keep it to {max_length}, e.g. `{example}`."
            )
        return said

    return Keyword(name, read, example, quoted=True)


def _hours(span: timedelta) -> str:
    hours = span.total_seconds() / 3600
    return f"{hours / 24:g}d" if hours >= 48 and hours % 24 == 0 else f"{hours:g}h"


def duration(
    name: str,
    *,
    minimum: timedelta,
    maximum: timedelta,
    example: str,
    aliases: tuple[str, ...] = (),
) -> Keyword[timedelta]:
    """``<name> 4h`` / ``3d`` / ``2w``, between ``minimum`` and ``maximum``."""

    def read(value: str) -> timedelta:
        span = parse_duration(value, example=example)
        if not minimum <= span <= maximum:
            raise UsageError(
                f"`{name}` can be from {_hours(minimum)} to {_hours(maximum)}, not `{value}`; "
                f"e.g. `{example}`."
            )
        return span

    return Keyword(name, read, example, aliases)


def choice(name: str, values: Mapping[str, T], *, example: str) -> Keyword[T]:
    """``<name> <one of values>``, e.g. ``size 2``."""
    allowed = " or ".join(f"`{v}`" for v in values)

    def read(value: str) -> T:
        if value.lower() not in values:
            raise UsageError(f"`{name}` can be {allowed}, not `{value}`; e.g. `{example}`.")
        return values[value.lower()]

    return Keyword(name, read, example)


def flag(name: str, *aliases: str) -> Flag:
    """A one-word option such as ``in-channel``."""
    return Flag(name, aliases)

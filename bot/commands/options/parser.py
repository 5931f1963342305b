"""Reading a command's options from its words, in any order.

Rules:
- Words are read left to right; each is taken by the option that recognises
  it (keywords and flags first, then channels and schedules).
- A word no option takes is an error that names it (with the words after it
  that no option takes either) and shows the usage; it never becomes part of
  a question. So is an option given twice, and a required one missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from bot.commands.options.kinds import Flag, Keyword, Option, ZoneOption
from bot.commands.suggest import close_word
from rituals.errors import UsageError

T = TypeVar("T")


@dataclass(frozen=True)
class Parsed:
    """The options given, by name; an option not given has no value (flags: not True)."""

    values: tuple[tuple[str, Any], ...]

    def __getitem__(self, option: Option[T]) -> T | None:
        found: T | None = dict(self.values).get(option.name)
        return found

    def get(self, option: Option[T], default: T) -> T:
        """The option's value, or ``default`` when it was not given."""
        value = self[option]
        return default if value is None else value

    def __contains__(self, option: Option[Any]) -> bool:
        return option.name in dict(self.values)

    def as_dict(self) -> dict[str, Any]:
        """Every value given, by option name."""
        return dict(self.values)


@dataclass(frozen=True)
class Options:
    """The options a command takes, and the usage line its errors show."""

    usage: str
    options: tuple[Option[Any], ...]

    def __post_init__(self) -> None:
        names = [option.name for option in self.options]
        if len(names) != len(set(names)):
            raise ValueError(f"options named twice in {self.usage!r}")

    def _claim(self, words: Sequence[str], at: int) -> tuple[Option[Any], Any, int] | None:
        for option in sorted(self.options, key=lambda o: o.positional):  # keywords first
            taken = option.take(words, at)
            if taken is not None:
                return option, taken[0], taken[1]
        return None

    def _claimed(self, words: Sequence[str], at: int) -> bool:
        try:
            return self._claim(words, at) is not None
        except UsageError:
            return True  # an option's word, badly written: its own error comes next

    def _spellings(self) -> list[str]:
        words: list[str] = []
        for option in self.options:
            if isinstance(option, Keyword | Flag):
                words += [option.name, *option.aliases]
            elif isinstance(option, ZoneOption):
                words += ["local", *option.keywords]
        return words

    def _unknown(self, words: Sequence[str], at: int) -> UsageError:
        end = at + 1
        while end < len(words) and not self._claimed(words, end):
            end += 1
        run = " ".join(words[at:end]) or '""'
        close = close_word(words[at], self._spellings())
        quoted = [o for o in self.options if isinstance(o, Keyword) and o.quoted]
        if close is not None:
            hint = f" Did you mean `{close}`?"
        elif quoted:
            hint = (
                f' If that is the {quoted[0].name}, put it in quotes: `{quoted[0].name} "{run}"`.'
            )
        else:
            hint = ""
        return UsageError(f"I don't understand `{run}`.{hint} Usage: `{self.usage}`")

    def parse(self, words: Sequence[str]) -> Parsed:
        """The options in ``words`` (split_words' output), in any order; UsageError otherwise."""
        found: dict[str, tuple[Any, str]] = {}
        at = 0
        while at < len(words):
            claimed = self._claim(words, at)
            if claimed is None:
                raise self._unknown(words, at)
            option, value, used = claimed
            said = " ".join(words[at : at + used])
            if option.name in found:
                raise UsageError(
                    f"`{found[option.name][1]}` and `{said}` both set the {option.label}; "
                    f"give it once. Usage: `{self.usage}`"
                )
            found[option.name] = (value, said)
            at += used
        for option in self.options:
            if option.required and option.name not in found:
                raise UsageError(
                    f"Give the {option.label}, e.g. `{option.example}`. Usage: `{self.usage}`"
                )
        return Parsed(tuple(sorted(((k, v) for k, (v, _) in found.items()), key=lambda kv: kv[0])))

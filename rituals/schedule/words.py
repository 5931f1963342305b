"""Schedules as people type them: ``weekdays 09:00``, ``mon,wed,fri 5:30pm``, or cron.

Rules (case does not matter):
- Days: ``daily`` / ``every day``, ``weekdays``, ``weekends``; day names full,
  short or plural (``monday``, ``mon``, ``tues``, ``thurs``, ``fridays``); lists
  (``mon,wed,fri``, ``mon wed and fri``); ranges (``mon-fri``, ``monday to
  friday``; ``fri-mon`` wraps over the weekend). Several of these add up.
- One time of day: ``09:00``, ``9:00``, ``9.00``, ``9h00``, ``9am``, ``9 am``,
  ``5:30pm``, ``noon``, ``midnight``. A bare ``9`` is refused (morning or
  evening?), and so are two times (a ritual runs at most once a day).
- Days and time come in either order; ``every``, ``each``, ``on``, ``at``,
  ``and``, ``the`` are read past. Both are required.
- Text whose first two fields are cron numbers (``0 9 * * 1-5``) is cron.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from datetime import time

from rituals.errors import UsageError
from rituals.schedule.fields import EVERY_DAY, WEEK, WEEKDAYS, WEEKEND, Day
from rituals.schedule.model import Schedule, schedule_from_cron, schedule_from_days

EXAMPLES = '`weekdays 09:00`, `mon,wed,fri 17:30`, `daily 10:00` or cron in quotes, `"0 9 * * 1-5"`'
_FILLER = frozenset({"every", "each", "on", "at", "and", "the"})
_RANGE = frozenset({"to", "through", "thru", "till", "until", "-"})
_GROUPS = {
    "daily": EVERY_DAY,
    "everyday": EVERY_DAY,
    "weekdays": WEEKDAYS,
    "weekday": WEEKDAYS,
    "workdays": WEEKDAYS,
    "weekends": WEEKEND,
    "weekend": WEEKEND,
}
_EXTRA_NAMES = {"tues": Day.TUE, "weds": Day.WED, "thur": Day.THU, "thurs": Day.THU}
_DAYS: dict[str, Day] = (
    {day.short.lower(): day for day in Day}
    | {day.full.lower(): day for day in Day}
    | {day.full.lower() + "s": day for day in Day}
    | _EXTRA_NAMES
)
_SUGGESTED = sorted({*_DAYS, *_GROUPS, "noon", "midday", "midnight"})
_CRON_NUMBERS = re.compile(r"^[\d*/,\-]+$")
_TIME_24 = re.compile(r"^(\d{1,2})[:.h](\d{2})$")
_TIME_12 = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(am|pm)$")
_TIME_SHAPED = re.compile(r"^\d{1,2}(?:[:.h]\d{2})?(?:am|pm)?$")


def _tokens(text: str) -> list[str]:
    text = text.casefold().replace("–", "-").replace("—", "-")
    text = re.sub(r"(?<![a-z])([ap])\.m\.?", r"\1m", text)
    text = re.sub(r"(\d)\s+([ap]m)\b", r"\1\2", text)
    text = re.sub(r"\s*-\s*", "-", text).strip("-")
    text = re.sub(r"\b(?:every|each)\s+day\b", "daily", text)
    return re.sub(r"[,&/+]", " ", text).split()


def _between(first: Day, last: Day) -> frozenset[Day]:
    """``first`` to ``last`` in the week, wrapping past Sunday when ``last`` comes first."""
    start = WEEK.index(first)
    span = (WEEK.index(last) - start) % 7
    return frozenset(WEEK[(start + n) % 7] for n in range(span + 1))


def _days(token: str) -> frozenset[Day] | None:
    if token in _GROUPS:
        return _GROUPS[token]
    if token in _DAYS:
        return frozenset({_DAYS[token]})
    first, dash, last = token.partition("-")
    if dash and first in _DAYS and last in _DAYS:
        return _between(_DAYS[first], _DAYS[last])
    return None


def _clock(token: str) -> time | None:
    """The time ``token`` names, None when it is not time-like; UsageError when it is malformed."""
    if token in ("noon", "midday"):
        return time(12, 0)
    if token == "midnight":
        return time(0, 0)
    if not token[:1].isdigit():
        return None
    match = _TIME_24.match(token)
    if match and int(match.group(1)) <= 23 and int(match.group(2)) <= 59:
        return time(int(match.group(1)), int(match.group(2)))
    match = _TIME_12.match(token)
    if match and 1 <= int(match.group(1)) <= 12 and int(match.group(2) or 0) <= 59:
        hour = int(match.group(1)) % 12 + (12 if match.group(3) == "pm" else 0)
        return time(hour, int(match.group(2) or 0))
    if token.isdigit() and 1 <= int(token) <= 12:
        hour = int(token)
        raise UsageError(
            f"`{token}` could be morning or evening: write `{hour:02d}:00` or `{hour}am` "
            f"for the morning, `{hour % 12 + 12:02d}:00` or `{hour}pm` for the evening."
        )
    if token.isdigit() and int(token) <= 23:
        raise UsageError(f"`{token}` is not a time of day: write it as `{int(token):02d}:00`.")
    raise UsageError(f"`{token}` is not a time of day. Write it like `09:00` or `5:30pm`.")


def _unknown(token: str) -> UsageError:
    close = difflib.get_close_matches(token, _SUGGESTED, n=1, cutoff=0.75) if len(token) > 3 else []
    hint = f" Did you mean `{close[0]}`?" if close else ""
    return UsageError(
        f"`{token}` is not part of a schedule.{hint} Write the days and the time, e.g. {EXAMPLES}."
    )


def _read(tokens: list[str]) -> tuple[set[Day], list[tuple[str, time]]]:
    days: set[Day] = set()
    times: list[tuple[str, time]] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token in _RANGE:
            before = _DAYS.get(tokens[index - 1]) if index else None
            after = _DAYS.get(tokens[index + 1]) if index + 1 < len(tokens) else None
            if before is None or after is None:
                raise UsageError(f"`{token}` goes between two days, e.g. `monday to friday 09:00`.")
            days |= _between(before, after)
            index += 2
            continue
        found = _days(token)
        if found is not None:
            days |= found
        elif (clock := _clock(token)) is not None:
            times.append((token, clock))
        elif token not in _FILLER:
            raise _unknown(token)
        index += 1
    return days, times


def cron_like(fields: Sequence[str]) -> bool:
    """Whether the first two of ``fields`` are cron numbers (``0 9``, ``*/15 *``), not words."""
    return len(fields) >= 2 and all(_CRON_NUMBERS.match(field) for field in fields[:2])


def parse_schedule(text: str) -> Schedule:
    """A Schedule from cron or words; UsageError saying what is wrong, with an example."""
    fields = text.split()
    if not fields:
        raise UsageError(f"Give a schedule, e.g. {EXAMPLES}.")
    if cron_like(fields):
        return schedule_from_cron(" ".join(fields))
    days, times = _read(_tokens(text))
    if len(times) > 1:
        named = " and ".join(f"`{token}`" for token, _ in times)
        raise UsageError(
            f"A ritual runs at most once a day, and {named} are {len(times)} times. "
            "Pick one, e.g. `weekdays 09:00`."
        )
    if not times:
        raise UsageError(f"`{text.strip()}` needs a time of day, e.g. `{text.strip()} 09:00`.")
    if not days:
        raise UsageError(
            f"`{text.strip()}` needs days, e.g. `daily {text.strip()}` or "
            f"`weekdays {text.strip()}`."
        )
    return schedule_from_days(days, times[0][1])


def _schedule_word(word: str) -> bool:
    return all(
        token in _FILLER
        or token in _RANGE
        or token in ("am", "pm", "day", "noon", "midday", "midnight")
        or _days(token) is not None
        or _TIME_SHAPED.match(token) is not None
        for token in _tokens(word)
    )


def schedule_span(words: Sequence[str], start: int) -> int:
    """How many words from ``start`` make a schedule in words (0 when they do not start one)."""
    end = start
    while end < len(words) and words[end].strip() and _schedule_word(words[end]):
        end += 1
    tokens = _tokens(" ".join(words[start:end]))
    if any(_days(token) is not None or token[:1].isdigit() for token in tokens):
        return end - start
    return 0


def _day_words(days: frozenset[Day]) -> str:
    groups = {EVERY_DAY: "daily", WEEKDAYS: "weekdays", WEEKEND: "weekends"}
    if days in groups:
        return groups[days]
    if len(days) == 1:
        return f"{next(iter(days)).full.lower()}s"
    return ",".join(day.short.lower() for day in WEEK if day in days)


def words_for(schedule: Schedule) -> str | None:
    """The shortest words parse_schedule reads as ``schedule``; None when words can't say it."""
    if not schedule.weekly or schedule.time is None:
        return None
    return f"{_day_words(schedule.days)} {schedule.time:%H:%M}"

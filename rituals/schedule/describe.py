"""Schedules said in words for listings, and the once-a-day rule.

Rules:
- One time on some weekdays reads as ``weekdays at 09:00``, ``every day at
  10:00``, ``Fridays at 16:00``, ``Mon, Wed and Fri at 17:30``; runs of three
  or more days as ``Mon to Thu``.
- A few times a day (up to four) read as ``at 09:00 and 15:00 on weekdays``;
  every minute or hour as ``every 15 minutes``, ``every hour at :30``; days of
  the month as ``on the 1st and 15th of each month at 09:00``; months as
  ``… in December``. Anything else is shown as its cron, faithfully.
- A ritual fires at most once on any day (:func:`check_once_a_day`): a cron
  fires on a day it runs at every minute × hour it lists, so the count is
  exact (daylight saving can only drop a time, never add one).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time

from rituals.errors import UsageError
from rituals.schedule.fields import (
    DAY_OF_MONTH,
    EVERY_DAY,
    HOUR,
    MINUTE,
    MONTH,
    WEEK,
    WEEKDAYS,
    WEEKEND,
    Day,
    expand,
)
from rituals.schedule.model import Schedule, schedule_from_days, times_of_day
from rituals.schedule.words import words_for

MAX_TIMES_LISTED = 4
_MONTHS = (  # not strftime("%B"), which follows the process's locale
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def join_words(items: Iterable[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    words = list(items)
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def day_phrase(days: frozenset[Day]) -> str:
    """``every day``, ``weekdays``, ``Fridays``, ``Mon, Wed and Fri``, ``Mon to Thu``…"""
    named = {EVERY_DAY: "every day", WEEKDAYS: "weekdays", WEEKEND: "weekends"}
    if days in named:
        return named[days]
    if len(days) == 1:
        return f"{next(iter(days)).full}s"
    runs: list[list[Day]] = [[]]
    for day in WEEK:
        if day in days:
            runs[-1].append(day)
        elif runs[-1]:
            runs.append([])
    runs = [run for run in runs if run]
    wraps = len(runs) > 1 and runs[0][0] == Day.MON and runs[-1][-1] == Day.SUN
    if wraps and len(runs[0]) + len(runs[-1]) >= 3:
        runs.insert(0, runs.pop() + runs.pop(0))  # "Fri to Mon" runs over the weekend
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{run[0].short} to {run[-1].short}")
        else:
            parts.extend(d.short for d in run)
    return join_words(parts)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _every(minutes: frozenset[int], hours: frozenset[int]) -> str | None:
    """Regular times: every N minutes, every hour, or every minute or hour of some hours."""
    ordered, first, last = sorted(minutes), min(hours), max(hours)
    if len(hours) == 24 and len(ordered) == 60:
        return "every minute"
    if len(hours) == 1 and len(ordered) == 60:
        return f"every minute from {first:02d}:00 to {first:02d}:59"
    if len(ordered) == 1:
        if len(hours) == 24:
            return f"every hour at :{ordered[0]:02d}"
        if sorted(hours) == list(range(first, last + 1)):
            return f"every hour from {first:02d}:{ordered[0]:02d} to {last:02d}:{ordered[0]:02d}"
        return None
    step = ordered[1] - ordered[0]
    if len(hours) == 24 and ordered == list(range(0, 60, step)) and 60 % step == 0:
        return f"every {step} minutes"
    return None


def _phrase(schedule: Schedule) -> str | None:
    minute, hour, day, month, _ = schedule.cron.split()
    try:
        dates = expand(day, DAY_OF_MONTH)
        months = expand(month, MONTH)
    except ValueError:
        return None  # ``last`` and the like: the cron says it best
    in_months = "" if month == "*" else f" in {join_words(_MONTHS[m - 1] for m in sorted(months))}"
    if day == "*":
        lead = day_phrase(schedule.days) + in_months
        on = "" if schedule.days == EVERY_DAY else "on "
        on_days = f"{on}{day_phrase(schedule.days)}{in_months}"
        hourly_on = in_months.strip() if schedule.days == EVERY_DAY else on_days
    elif len(dates) <= MAX_TIMES_LISTED:
        which = "each month" if month == "*" else join_words(_MONTHS[m - 1] for m in sorted(months))
        lead = on_days = hourly_on = (
            f"on the {join_words(_ordinal(d) for d in sorted(dates))} of {which}"
        )
    else:
        return None
    minutes, hours = expand(minute, MINUTE), expand(hour, HOUR)
    count = len(minutes) * len(hours)
    if count == 1:
        return f"{lead} at {schedule.time:%H:%M}"
    if count <= MAX_TIMES_LISTED:
        listed = join_words(f"{t:%H:%M}" for t in times_of_day(schedule))
        return f"at {listed} {on_days}"
    every = _every(minutes, hours)
    return f"{every} {hourly_on}".strip() if every else None


def describe(schedule: Schedule, *, tz: str | None = None, member_local: bool = False) -> str:
    """The schedule in words for a listing, with where its time is (a zone, or each member's)."""
    said = _phrase(schedule) or f"cron `{schedule.cron}`"
    if member_local:
        return f"{said} in each member's zone"
    return f"{said}, {tz}" if tz else said


def times_a_day(schedule: Schedule) -> int:
    """How many times the schedule fires on a day it runs."""
    minute, hour, *_ = schedule.cron.split()
    return len(expand(minute, MINUTE)) * len(expand(hour, HOUR))


def _once_instead(schedule: Schedule) -> str:
    """The same days at one time (09:00 when every hour is listed), as the person would type it."""
    minute, hour, day, month, dow = schedule.cron.split()
    hours = expand(hour, HOUR)
    at = time(9 if 9 in hours else min(hours), min(expand(minute, MINUTE)))
    if schedule.weekly:
        return words_for(schedule_from_days(schedule.days, at)) or ""
    return f'"{at.minute} {at.hour} {day} {month} {dow}"'


def check_once_a_day(schedule: Schedule, *, ritual: str) -> None:
    """UsageError when the schedule fires more than once a day; ``ritual`` is e.g. "a pulse"."""
    count = times_a_day(schedule)
    if count <= 1:
        return
    raise UsageError(
        f"That schedule runs {'twice' if count == 2 else f'{count:,} times'} a day "
        f"({describe(schedule)}), but {ritual} runs "
        "at most once a day so the crew never hears from it twice in one day. "
        f"Give one time instead, e.g. `{_once_instead(schedule)}`."
    )

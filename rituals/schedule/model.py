"""A validated schedule: its canonical cron, the weekdays it runs on and its time.

Rules:
- ``Schedule.cron`` is five-field cron in standard numbering (0 = Sunday),
  written canonically: two crons that fire alike have the same text
  (``0 9 * * mon-fri`` and ``00 09 * * 1-5`` are both ``0 9 * * 1-5``), so
  equal schedules compare equal. A day-of-month field cron allows beyond plain
  numbers (``last``) is kept as typed.
- ``days`` are the weekdays the day-of-week field allows (all seven for ``*``);
  ``time`` is the time of day when the schedule fires at exactly one, else None.
- A schedule is *weekly* when it restricts neither the day of the month nor
  the month; a weekly one with one time is what the New ritual modal edits
  (checkboxes Mon–Sun and a time picker).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time

from apscheduler.triggers.cron import CronTrigger

from rituals.errors import UsageError
from rituals.schedule.cron import CRON_EXAMPLE, next_fire, parse_cron
from rituals.schedule.fields import (
    DAY_OF_MONTH,
    DAY_OF_WEEK,
    HOUR,
    MINUTE,
    MONTH,
    Day,
    Field,
    compress,
    expand,
)

# Any cron that ever fires, fires after this instant (cron has no year field).
_REFERENCE = datetime(2000, 1, 1, tzinfo=UTC)
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class Schedule:
    """When a ritual runs: canonical cron, its weekdays, and its one time of day (if one)."""

    cron: str
    days: frozenset[Day]
    time: time | None

    @property
    def weekly(self) -> bool:
        """Whether only the weekdays and the time of day matter (no day-of-month or month)."""
        _, _, day, month, _ = self.cron.split()
        return day == "*" and month == "*"

    def trigger(self, tz_name: str) -> CronTrigger:
        """The APScheduler trigger for this schedule in ``tz_name``."""
        return parse_cron(self.cron, tz_name)


def _canonical(text: str, field: Field) -> str:
    try:
        return compress(expand(text, field), field)
    except ValueError:
        return text  # forms APScheduler allows beyond plain cron (e.g. ``last``)


def schedule_from_cron(expression: str) -> Schedule:
    """A Schedule from five-field cron; UsageError (with an example) if malformed or never fires."""
    parse_cron(expression, "UTC")  # says what is wrong, with an example
    minute, hour, day, month, dow = expression.split()
    days = expand(dow, DAY_OF_WEEK)
    cron = " ".join(
        (
            _canonical(minute, MINUTE),
            _canonical(hour, HOUR),
            _canonical(day, DAY_OF_MONTH),
            _canonical(month, MONTH),
            compress(days, DAY_OF_WEEK),
        )
    )
    if next_fire(parse_cron(cron, "UTC"), _REFERENCE) is None:
        raise UsageError(f"`{expression}` never fires. Example: {CRON_EXAMPLE}.")
    minutes, hours = expand(minute, MINUTE), expand(hour, HOUR)
    at = time(min(hours), min(minutes)) if len(minutes) == len(hours) == 1 else None
    return Schedule(cron, frozenset(Day(d) for d in days), at)


def parse_clock(text: str) -> time:
    """``HH:MM`` (as Slack's time picker sends it) as a time; UsageError otherwise."""
    match = _CLOCK.match(text.strip())
    if not match:
        raise UsageError(f"`{text}` is not a time like 09:00 or 17:30.")
    return time(int(match.group(1)), int(match.group(2)))


def schedule_from_days(days: Iterable[Day | int], at: time | str) -> Schedule:
    """A weekly Schedule from the weekdays ticked and a time (``HH:MM`` or a time)."""
    chosen = frozenset(Day(day) for day in days)
    if not chosen:
        raise UsageError("Tick at least one day for the ritual to run on.")
    when = parse_clock(at) if isinstance(at, str) else at.replace(second=0, microsecond=0)
    cron = f"{when.minute} {when.hour} * * {compress(chosen, DAY_OF_WEEK)}"
    return Schedule(cron, chosen, when)


def days_and_time(schedule: Schedule) -> tuple[frozenset[Day], time] | None:
    """What the modal shows (weekdays ticked, time), or None when the cron says more than that."""
    if not schedule.weekly or schedule.time is None:
        return None
    return schedule.days, schedule.time


def times_of_day(schedule: Schedule) -> list[time]:
    """Every time of day the schedule fires at on a day it runs, earliest first."""
    minute, hour, *_ = schedule.cron.split()
    minutes, hours = expand(minute, MINUTE), expand(hour, HOUR)
    return [time(h, m) for h in sorted(hours) for m in sorted(minutes)]

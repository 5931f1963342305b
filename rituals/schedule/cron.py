"""Cron schedules as users write them.

Rules:
- Five fields (minute hour day-of-month month day-of-week) in the ritual's time
  zone, with cron's numbering for weekdays: 0 or 7 = Sunday, 1 = Monday … 6 =
  Saturday, and names (mon-fri) accepted.
- APScheduler 3.x numbers weekdays from Monday = 0, so numeric day-of-week
  fields are translated to names before they reach it; ``0 9 * * 1-5`` fires
  Monday to Friday at 09:00.
- Month names (jan-dec) are translated to numbers too, so steps over them
  (``jan-jun/2``) keep their step.
- A schedule that restricts both the day of the month and the weekday is refused:
  cron runs it when *either* matches, APScheduler when both do, and users mean
  one or the other.
- Fire times are computed in the ritual's zone (daylight saving included) and
  returned in UTC. A wall-clock time that happens twice when clocks go back fires
  once (the first time); one that does not exist when clocks go forward does not fire.
"""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from apscheduler.triggers.cron import CronTrigger

from rituals.errors import UsageError
from rituals.schedule.fields import DAY_NAMES, DAY_OF_WEEK, MONTH_NAMES, expand

CRON_EXAMPLE = '"0 9 * * 1-5" (09:00 Monday to Friday)'


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    """Every zone the system knows, by its case-folded name (not the server's own)."""
    names = available_timezones() - {"localtime", "Factory"}
    return {name.casefold(): name for name in names}


def _unknown_zone(name: str) -> UsageError:
    close = difflib.get_close_matches(name.strip().casefold(), list(_zone_names()), n=1, cutoff=0.8)
    hint = f" Did you mean `{_zone_names()[close[0]]}`?" if close else ""
    return UsageError(
        f"Unknown time zone `{name}`.{hint} Use an IANA name such as `Europe/London` "
        "or `America/New_York`."
    )


def zone(name: str) -> ZoneInfo:
    """The time zone called ``name``, or a UsageError naming it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise _unknown_zone(name) from exc


def find_zone(name: str) -> str:
    """The IANA name ``name`` stands for, in any case (``europe/london``); UsageError otherwise."""
    found = _zone_names().get(name.strip().casefold())
    if found is not None:
        return found
    if _zone_names():
        raise _unknown_zone(name)
    zone(name.strip())  # a system without a zone list still knows the zones it can load
    return name.strip()


def translate_day_of_week(field: str) -> str:
    """A cron day-of-week field rewritten as day names, which APScheduler reads unambiguously."""
    if field == "*":
        return "*"
    return ",".join(DAY_NAMES[day] for day in sorted(expand(field, DAY_OF_WEEK)))


def translate_month(field: str) -> str:
    """A cron month field with month names replaced by their numbers (jan = 1)."""

    def number(match: re.Match[str]) -> str:
        name = match.group(0).lower()
        if name not in MONTH_NAMES:
            raise ValueError(f"`{match.group(0)}` is not a month (1-12 or jan…dec)")
        return str(MONTH_NAMES.index(name) + 1)

    return re.sub(r"[A-Za-z]+", number, field)


def parse_cron(expression: str, tz_name: str) -> CronTrigger:
    """A trigger for a five-field cron expression in ``tz_name``; UsageError if malformed."""
    fields = expression.split()
    if len(fields) != 5:
        raise UsageError(
            f"`{expression}` is not a cron schedule: it needs five fields "
            f"(minute hour day month weekday), e.g. {CRON_EXAMPLE}."
        )
    minute, hour, day, month, dow = fields
    if not all(re.fullmatch(r"[0-9A-Za-z*/,\-]+", f) for f in fields):
        raise UsageError(f"`{expression}` has characters cron does not use; e.g. {CRON_EXAMPLE}.")
    if day != "*" and dow != "*":
        raise UsageError(
            f"`{expression}` names both a day of the month (`{day}`) and a weekday (`{dow}`); "
            "cron would run it on either, which is rarely what is meant. Put `*` in one of "
            f"them, e.g. {CRON_EXAMPLE}."
        )
    try:
        translated = translate_day_of_week(dow)
        return CronTrigger(
            minute=minute,
            hour=hour,
            day=day,
            month=translate_month(month),
            day_of_week=translated,
            timezone=zone(tz_name),
        )
    except UsageError:
        raise
    except (ValueError, TypeError) as exc:
        raise UsageError(
            f"`{expression}` is not a valid cron schedule ({exc}). Example: {CRON_EXAMPLE}."
        ) from exc


def _wall_clock_twin(trigger: CronTrigger) -> CronTrigger:
    """The same fields on a clock without daylight saving, to step through wall-clock times.

    APScheduler 3.x steps from one local time to the next by adding the wall-clock
    difference in UTC, so across a 23-hour day it lands an hour late and skips a
    fire (midnight after New York springs forward). Stepping in UTC has no such day.
    """
    twin = copy.copy(trigger)  # its fields, exactly (their text form can lose a range)
    twin.timezone = UTC
    return twin


def _next_on(twin: CronTrigger, tz: tzinfo, after: datetime) -> datetime | None:
    # Taking each wall time's first occurrence, later wall times are later instants, so
    # no fire after ``after`` has a wall time before that of ``after``.
    probe = after.astimezone(tz).replace(tzinfo=UTC)
    while True:
        fire: datetime | None = twin.get_next_fire_time(None, probe)
        if fire is None:
            return None
        wall = fire.replace(tzinfo=None)
        instant = wall.replace(tzinfo=tz)  # fold=0: the first of a repeated time
        exists = instant.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == wall
        if exists and instant > after:
            return instant.astimezone(UTC)
        probe = fire + timedelta(seconds=1)


def next_fire(trigger: CronTrigger, after: datetime) -> datetime | None:
    """The first fire time strictly after ``after``, in UTC."""
    return _next_on(_wall_clock_twin(trigger), trigger.timezone, after)


def fire_times(trigger: CronTrigger, after: datetime, until: datetime) -> Iterator[datetime]:
    """Fire times in (after, until], in UTC, oldest first."""
    twin = _wall_clock_twin(trigger)
    current = _next_on(twin, trigger.timezone, after)
    while current is not None and current <= until:
        yield current
        current = _next_on(twin, trigger.timezone, current)


def validate_cron(expression: str, tz_name: str, *, now: datetime) -> datetime:
    """Parse ``expression`` and return its next fire time after ``now`` (UsageError if never)."""
    trigger = parse_cron(expression, tz_name)
    upcoming = next_fire(trigger, now)
    if upcoming is None:
        raise UsageError(f"`{expression}` never fires. Example: {CRON_EXAMPLE}.")
    return upcoming

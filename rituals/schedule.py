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

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger

from rituals.errors import UsageError

_DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_CRON_EXAMPLE = '"0 9 * * 1-5" (09:00 Monday to Friday)'


def zone(name: str) -> ZoneInfo:
    """The time zone called ``name``, or a UsageError naming it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UsageError(
            f"Unknown time zone `{name}`. Use an IANA name such as `Europe/London`."
        ) from exc


def _day_number(bound: str) -> int:
    """A cron weekday (0-7 or a name) as 0 = Sunday … 6 = Saturday."""
    if bound.isdigit() and int(bound) <= 7:
        return int(bound) % 7
    if len(bound) >= 3 and bound.lower()[:3] in _DAY_NAMES:
        return _DAY_NAMES.index(bound.lower()[:3])
    raise ValueError(f"`{bound}` is not a weekday (0-7 or mon…sun)")


def _day_bound(bound: str) -> int:
    """A range bound as 0-7, keeping 7 (Sunday at the end of the week) as 7."""
    return 7 if bound.isdigit() and int(bound) == 7 else _day_number(bound)


def _days_of_token(token: str) -> set[int]:
    """The weekdays (0 = Sunday) that one comma-separated part of the field selects."""
    step = 1
    stepped = "/" in token
    if stepped:
        token, step_part = token.split("/", 1)
        if not step_part.isdigit() or int(step_part) == 0:
            raise ValueError(f"`{step_part}` is not a step")
        step = int(step_part)
    if token == "*":
        first, last = 0, 6
    elif "-" in token:
        low, high = token.split("-", 1)
        first, last = _day_bound(low), _day_bound(high)
        if last < first:
            raise ValueError(f"`{token}` runs backwards")
    else:
        first = last = _day_bound(token)
        if stepped:  # "N/S" steps from N to the end of the week
            last = max(last, 6)
    return {day % 7 for day in range(first, last + 1, step)}


def translate_day_of_week(field: str) -> str:
    """A cron day-of-week field rewritten as day names, which APScheduler reads unambiguously."""
    if field == "*":
        return "*"
    days: set[int] = set()
    for part in field.split(","):
        days |= _days_of_token(part)
    return ",".join(_DAY_NAMES[day] for day in sorted(days))


def translate_month(field: str) -> str:
    """A cron month field with month names replaced by their numbers (jan = 1)."""

    def number(match: re.Match[str]) -> str:
        name = match.group(0).lower()
        if name not in _MONTH_NAMES:
            raise ValueError(f"`{match.group(0)}` is not a month (1-12 or jan…dec)")
        return str(_MONTH_NAMES.index(name) + 1)

    return re.sub(r"[A-Za-z]+", number, field)


def parse_cron(expression: str, tz_name: str) -> CronTrigger:
    """A trigger for a five-field cron expression in ``tz_name``; UsageError if malformed."""
    fields = expression.split()
    if len(fields) != 5:
        raise UsageError(
            f"`{expression}` is not a cron schedule: it needs five fields "
            f"(minute hour day month weekday), e.g. {_CRON_EXAMPLE}."
        )
    minute, hour, day, month, dow = fields
    if not all(re.fullmatch(r"[0-9A-Za-z*/,\-]+", f) for f in fields):
        raise UsageError(f"`{expression}` has characters cron does not use; e.g. {_CRON_EXAMPLE}.")
    if day != "*" and dow != "*":
        raise UsageError(
            f"`{expression}` names both a day of the month (`{day}`) and a weekday (`{dow}`); "
            "cron would run it on either, which is rarely what is meant. Put `*` in one of "
            f"them, e.g. {_CRON_EXAMPLE}."
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
            f"`{expression}` is not a valid cron schedule ({exc}). Example: {_CRON_EXAMPLE}."
        ) from exc


def _is_wall_time(trigger: CronTrigger, fire: datetime) -> bool:
    """Whether ``fire`` is a first occurrence of a local time the fields select.

    APScheduler shifts a time that falls in a spring-forward gap to one the
    fields may not select, and returns both occurrences of a time repeated when
    clocks go back; both are filtered out here.
    """
    local = fire.astimezone(UTC).astimezone(trigger.timezone)  # normalises a gap time
    if local.fold and local.replace(fold=0).utcoffset() != local.utcoffset():
        return False
    return all(field.get_next_value(local) == field.get_value(local) for field in trigger.fields)


def next_fire(trigger: CronTrigger, after: datetime) -> datetime | None:
    """The first fire time strictly after ``after``, in UTC."""
    probe = after + timedelta(microseconds=1)
    while True:
        fire: datetime | None = trigger.get_next_fire_time(None, probe.astimezone(trigger.timezone))
        if fire is None:
            return None
        if fire > after and _is_wall_time(trigger, fire):
            return fire.astimezone(UTC)
        probe = max(probe, fire) + timedelta(seconds=1)


def fire_times(trigger: CronTrigger, after: datetime, until: datetime) -> Iterator[datetime]:
    """Fire times in (after, until], in UTC, oldest first."""
    current = next_fire(trigger, after)
    while current is not None and current <= until:
        yield current
        current = next_fire(trigger, current)


def validate_cron(expression: str, tz_name: str, *, now: datetime) -> datetime:
    """Parse ``expression`` and return its next fire time after ``now`` (UsageError if never)."""
    trigger = parse_cron(expression, tz_name)
    upcoming = next_fire(trigger, now)
    if upcoming is None:
        raise UsageError(f"`{expression}` never fires. Example: {_CRON_EXAMPLE}.")
    return upcoming

"""When rituals run: cron and words in, validated schedules and fire times out.

- ``cron``: five-field cron as users write it (0 and 7 = Sunday), turned into
  APScheduler triggers whose fire times are right across daylight saving.
- ``fields``: cron fields as sets and back; ``Day`` in cron's numbering.
- ``model``: ``Schedule`` (canonical cron, weekdays, time) and the modal's
  days-and-time form.
- ``words``: ``weekdays 09:00``, ``mon,wed,fri 5:30pm`` and friends.
- ``describe``: a schedule in words for listings; the once-a-day rule.
"""

from __future__ import annotations

from rituals.schedule.cron import (
    CRON_EXAMPLE,
    find_zone,
    fire_times,
    next_fire,
    parse_cron,
    translate_day_of_week,
    translate_month,
    validate_cron,
    zone,
)
from rituals.schedule.describe import (
    check_once_a_day,
    day_phrase,
    describe,
    join_words,
    times_a_day,
)
from rituals.schedule.fields import EVERY_DAY, WEEK, WEEKDAYS, WEEKEND, Day
from rituals.schedule.model import (
    Schedule,
    days_and_time,
    parse_clock,
    schedule_from_cron,
    schedule_from_days,
    times_of_day,
)
from rituals.schedule.words import (
    EXAMPLES,
    cron_like,
    parse_schedule,
    schedule_span,
    words_for,
)

__all__ = [
    "CRON_EXAMPLE",
    "EVERY_DAY",
    "EXAMPLES",
    "WEEK",
    "WEEKDAYS",
    "WEEKEND",
    "Day",
    "Schedule",
    "check_once_a_day",
    "cron_like",
    "day_phrase",
    "days_and_time",
    "describe",
    "find_zone",
    "fire_times",
    "join_words",
    "next_fire",
    "parse_clock",
    "parse_cron",
    "parse_schedule",
    "schedule_from_cron",
    "schedule_from_days",
    "schedule_span",
    "times_a_day",
    "times_of_day",
    "translate_day_of_week",
    "translate_month",
    "validate_cron",
    "words_for",
    "zone",
]

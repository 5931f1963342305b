"""When rituals run: cron in, fire times out.

- ``cron``: five-field cron as users write it (0 and 7 = Sunday), turned into
  APScheduler triggers whose fire times are right across daylight saving.
- ``fields``: cron fields as sets and back; ``Day`` in cron's numbering.
"""

from __future__ import annotations

from rituals.schedule.cron import (
    find_zone,
    fire_times,
    next_fire,
    parse_cron,
    translate_day_of_week,
    translate_month,
    validate_cron,
    zone,
)
from rituals.schedule.fields import EVERY_DAY, WEEK, WEEKDAYS, WEEKEND, Day

__all__ = [
    "EVERY_DAY",
    "WEEK",
    "WEEKDAYS",
    "WEEKEND",
    "Day",
    "find_zone",
    "fire_times",
    "next_fire",
    "parse_cron",
    "translate_day_of_week",
    "translate_month",
    "validate_cron",
    "zone",
]

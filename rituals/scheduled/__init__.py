"""Scheduled rituals: setting one up, changing it in place, listing, pausing, the team's zone.

Every ``<ritual> schedule …`` command and the App Home's New ritual form go through
``create`` so they all validate, store and answer alike. A ritual's schedule is cron
in a zone: its own, else the team's.
"""

from __future__ import annotations

from datetime import datetime

from rituals.schedule import zone
from rituals.scheduled import listing, manage, timezone
from rituals.scheduled.create import (
    Scheduled,
    create,
    current_spec,
    edit,
    edit_spec,
    set_up,
)
from rituals.scheduled.spec import InvalidField, KindOptions, RitualSpec, Zone


def local_time(when: datetime, tz_name: str) -> str:
    """``Mon 30 Nov 09:00 (Europe/London)``."""
    return when.astimezone(zone(tz_name)).strftime("%a %d %b %H:%M") + f" ({tz_name})"


__all__ = [
    "InvalidField",
    "KindOptions",
    "RitualSpec",
    "Scheduled",
    "Zone",
    "create",
    "listing",
    "manage",
    "timezone",
    "current_spec",
    "edit",
    "edit_spec",
    "local_time",
    "set_up",
]

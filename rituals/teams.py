"""A workspace's zone and calendar: the one place that says what time and day it is for a team.

A workspace's zone is the one a manager set (``/greenroom timezone``), else the
default every new workspace starts from (``GREENROOM_TZ``). Public holidays are
skipped when the team named a country (``/greenroom holidays``).
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Any

from rituals.schedule import zone
from rituals.services import Services
from storage import workspaces
from storage.unit import Unit


def zone_in(unit: Unit, team_id: str, *, default: str) -> str:
    """The team's zone, read in an open unit of work."""
    return workspaces.zone(unit, team_id=team_id) or default


def team_zone(svc: Services, team_id: str) -> str:
    """The team's zone."""
    with svc.db.unit() as unit:
        return zone_in(unit, team_id, default=svc.config.default_tz)


def local_day(svc: Services, team_id: str, when: datetime) -> date:
    """The team's calendar day at ``when``."""
    return when.astimezone(zone(team_zone(svc, team_id))).date()


@lru_cache(maxsize=64)
def _calendar(country: str, year: int) -> Any:
    import holidays  # loaded when a team first uses holidays, not at start

    return holidays.country_holidays(country, years=year)


def holiday_name(svc: Services, team_id: str, day: date) -> str | None:
    """The public holiday on ``day`` when the team skips holidays, else None."""
    with svc.db.unit() as unit:
        country = workspaces.holidays_country(unit, team_id=team_id)
    if not country:
        return None
    name = _calendar(country, day.year).get(day)
    return str(name) if name else None

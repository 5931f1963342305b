"""Reading weeks for the digest, the export and previews: one unit of work per report."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rituals.clock import SystemClock
from rituals.figures.week import WeekReport, week_report
from rituals.metrics import IsoWeek, parse_week
from rituals.services import Services
from rituals.teams import zone_in
from storage.db import Database

TREND_WEEKS = 8


def _week(week: str | IsoWeek) -> IsoWeek:
    return week if isinstance(week, IsoWeek) else parse_week(week)


def compute_week(
    db: Database,
    *,
    team_id: str,
    week: str | IsoWeek,
    channel_id: str | None = None,
    min_group: int = 3,
    tz: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The export schema for one team (optionally one channel) and one ISO week.

    ``tz`` is the team zone (default: the workspace's zone, else UTC); ``now`` decides
    which periods are closed (default: the system clock).
    """
    iso = _week(week)
    with db.unit() as unit:
        zone_name = tz or zone_in(unit, team_id, default="UTC")
        return week_report(
            unit,
            team_id=team_id,
            week=iso,
            tz=zone_name,
            min_group=min_group,
            now=now or SystemClock().now(),
            channel_id=channel_id,
        ).metrics


def digest_report(
    db: Database,
    *,
    team_id: str,
    week: IsoWeek,
    tz: str,
    min_group: int,
    now: datetime,
    channel_id: str | None = None,
) -> WeekReport:
    """The week, the week before and the 8-week trend, in one decision of the gate."""
    with db.unit() as unit:
        return week_report(
            unit,
            team_id=team_id,
            week=week,
            tz=tz,
            min_group=min_group,
            now=now,
            channel_id=channel_id,
            trend_weeks=TREND_WEEKS,
            previous=True,
        )


def digest_for(
    svc: Services,
    *,
    team_id: str,
    week: IsoWeek,
    channel_id: str | None = None,
    members: frozenset[str] | None = None,
    now: datetime | None = None,
) -> WeekReport:
    """The digest's week (the team's zone and minimum group, the services' clock); with
    ``channel_id`` and ``members`` a channel's crew."""
    with svc.db.unit() as unit:
        return week_report(
            unit,
            team_id=team_id,
            week=week,
            tz=zone_in(unit, team_id, default=svc.config.default_tz),
            min_group=svc.config.smallest_group,
            now=now or svc.clock.now(),
            channel_id=channel_id,
            trend_weeks=TREND_WEEKS,
            previous=True,
            members=members,
        )

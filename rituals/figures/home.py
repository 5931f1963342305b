"""The manager's App Home figures: this week so far, team-wide or for one channel, gated."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rituals.actors import Actor, require_manager
from rituals.figures.week import week_report
from rituals.metrics import week_of
from rituals.schedule import zone
from rituals.services import Services
from rituals.teams import zone_in


@dataclass(frozen=True)
class TeamWeek:
    """This week's figures so far, in the export schema (withheld figures are None, with
    their reasons under ``metrics["pulse"]["withheld"]``); roles are left to the digest of
    the closed week (``by_role`` is empty)."""

    week: str
    channel_id: str | None
    metrics: dict[str, Any]


def team_week(svc: Services, team_id: str, *, channel_id: str | None = None) -> TeamWeek:
    """This week's figures as far as the gate releases them (callers check who asks)."""
    now = svc.clock.now()
    with svc.db.unit() as unit:
        tz = zone_in(unit, team_id, default=svc.config.default_tz)
        week = week_of(now.astimezone(zone(tz)).date())
        report = week_report(
            unit,
            team_id=team_id,
            week=week,
            tz=tz,
            min_group=svc.config.smallest_group,
            now=now,
            channel_id=channel_id,
            by_role=False,  # a live week's roles would cost the digest its closed ones
        )
    return TeamWeek(str(week), channel_id, report.metrics)


def manager_week(svc: Services, actor: Actor, *, channel_id: str | None = None) -> TeamWeek:
    """The App Home's figures for a manager: this week so far, team-wide or for a channel."""
    require_manager(svc, actor, doing="see the team's figures")
    return team_week(svc, actor.team_id, channel_id=channel_id)

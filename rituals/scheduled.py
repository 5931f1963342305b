"""Scheduled rituals: creating one, and what a listing says about it.

Every ``<ritual> schedule …`` goes through ``create`` so they all validate, store and
answer alike. A ritual's schedule is cron in a zone: its own, else the team's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rituals.actors import Actor
from rituals.errors import UsageError
from rituals.schedule import next_fire, parse_cron, zone
from rituals.services import Services
from rituals.teams import team_zone
from storage import schedules


@dataclass(frozen=True)
class Scheduled:
    """A ritual just created."""

    id: int
    next_run_at: datetime
    tz: str


def create(
    svc: Services,
    actor: Actor,
    *,
    kind: str,
    cron: str,
    channel_id: str | None,
    config: dict[str, Any] | None = None,
    tz: str | None = None,
) -> Scheduled:
    """Validate and store a ritual and tell the engine; UsageError on a bad cron or channel."""
    now = svc.clock.now()
    tz_name = tz or team_zone(svc, actor.team_id)
    zone(tz_name)
    upcoming = next_fire(parse_cron(cron, tz_name), now)
    if upcoming is None:
        raise UsageError(f'`{cron}` never fires. Example: "0 9 * * 1-5" (09:00 Monday to Friday).')
    if channel_id:
        svc.people.check_channel(actor.team_id, channel_id)
    with svc.db.unit() as unit:
        ritual_id = schedules.create(
            unit,
            team_id=actor.team_id,
            kind=kind,
            channel_id=channel_id,
            cron=cron,
            tz=tz_name,
            config=config or {},
            next_run_at=upcoming,
            created_by=actor.user_id,
            now=now,
        )
    svc.wake()
    return Scheduled(ritual_id, upcoming, tz_name)


def local_time(when: datetime, tz_name: str) -> str:
    """``Mon 30 Nov 09:00 (Europe/London)``."""
    return when.astimezone(zone(tz_name)).strftime("%a %d %b %H:%M") + f" ({tz_name})"

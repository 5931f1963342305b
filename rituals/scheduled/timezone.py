"""The workspace's time zone: shown to anyone, set by managers.

A new workspace starts from the default zone (``GREENROOM_TZ``). Setting the zone
moves every ritual that follows the team's zone (those not given a zone of their
own) to the new one, with its next run recomputed from now.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from rituals.actors import Actor, require_manager
from rituals.schedule import find_zone, next_fire, parse_cron, zone
from rituals.scheduled.spec import OWN_ZONE
from rituals.services import Services
from rituals.teams import zone_in
from storage import schedules, workspaces

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TeamZone:
    """The workspace's zone, whether it is the default, and the time there now."""

    name: str
    is_default: bool
    now: datetime


@dataclass(frozen=True)
class ZoneSet:
    """The zone after a change, the one before, and how many rituals moved with it."""

    zone: TeamZone
    before: str
    moved: int
    own_zone: int  # rituals that keep a zone of their own


def show(svc: Services, actor: Actor) -> TeamZone:
    """The workspace's zone."""
    with svc.db.unit() as unit:
        own = workspaces.zone(unit, team_id=actor.team_id)
    name = own or svc.config.default_tz
    return TeamZone(name, own is None, svc.clock.now().astimezone(zone(name)))


def set_zone(svc: Services, actor: Actor, *, name: str) -> ZoneSet:
    """Set the workspace's zone (managers); UsageError naming an unknown zone."""
    require_manager(svc, actor, doing="set the workspace's time zone")
    chosen = find_zone(name)
    now = svc.clock.now()
    moved = kept = 0
    with svc.db.unit() as unit:
        before = zone_in(unit, actor.team_id, default=svc.config.default_tz)
        workspaces.ensure(unit, team_id=actor.team_id, now=now)
        workspaces.change(unit, team_id=actor.team_id, tz=chosen)
        for ritual in schedules.of_team(unit, team_id=actor.team_id):
            if ritual.config.get(OWN_ZONE):
                kept += 1
                continue
            upcoming = next_fire(parse_cron(ritual.cron, chosen), now)
            schedules.change(unit, ritual_id=ritual.id, tz=chosen, next_run_at=upcoming)
            moved += 1
    svc.wake()
    logger.info("team zone set team=%s by=%s moved=%s", actor.team_id, actor.user_id, moved)
    return ZoneSet(TeamZone(chosen, False, now.astimezone(zone(chosen))), before, moved, kept)

"""Pausing, resuming and deleting a ritual (managers), by its id within the workspace.

A ritual of another workspace is as unknown as one that never existed. Resuming
recomputes the next run from now while the ritual is still paused, so runs missed
while paused are never caught up. Deleting keeps the ritual's past occurrences.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from rituals.actors import Actor, require_manager
from rituals.engine.firing import reschedule
from rituals.errors import NotFound
from rituals.scheduled.listing import RitualInfo, info
from rituals.services import Services
from storage import schedules
from storage.schedules import RitualRecord

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Changed:
    """A ritual after a change, and whether it was that way already."""

    ritual: RitualInfo
    already: bool = False


def _find(svc: Services, actor: Actor, ritual_id: int) -> RitualRecord:
    with svc.db.unit() as unit:
        found = schedules.get(unit, team_id=actor.team_id, ritual_id=ritual_id)
    if found is None:
        raise NotFound(f"No ritual #{ritual_id} here. Type `/greenroom rituals` to see ids.")
    return found


def _reread(svc: Services, actor: Actor, ritual_id: int) -> RitualInfo:
    return info(_find(svc, actor, ritual_id))


def pause(svc: Services, actor: Actor, ritual_id: int) -> Changed:
    """Nothing more runs until it is resumed."""
    require_manager(svc, actor, doing="pause rituals")
    found = _find(svc, actor, ritual_id)
    if found.paused:
        return Changed(info(found), already=True)
    with svc.db.unit() as unit:
        schedules.change(unit, ritual_id=found.id, paused=True)
    logger.info("ritual %s paused by %s team=%s", found.id, actor.user_id, actor.team_id)
    return Changed(_reread(svc, actor, found.id))


def resume(svc: Services, actor: Actor, ritual_id: int) -> Changed:
    """Runs again from its next scheduled time; runs missed while paused are not caught up."""
    require_manager(svc, actor, doing="resume rituals")
    found = _find(svc, actor, ritual_id)
    if not found.paused:
        return Changed(info(found), already=True)
    reschedule(svc, found.id, svc.clock.now())  # while still paused: no tick fires old runs
    with svc.db.unit() as unit:
        schedules.change(unit, ritual_id=found.id, paused=False)
    logger.info("ritual %s resumed by %s team=%s", found.id, actor.user_id, actor.team_id)
    return Changed(_reread(svc, actor, found.id))


def delete(svc: Services, actor: Actor, ritual_id: int) -> RitualInfo:
    """The ritual goes; its past occurrences and answers stay. What it was."""
    require_manager(svc, actor, doing="delete rituals")
    found = _find(svc, actor, ritual_id)
    with svc.db.unit() as unit:
        if not schedules.remove(unit, team_id=actor.team_id, ritual_id=found.id):
            raise NotFound(f"No ritual #{ritual_id} here. Type `/greenroom rituals` to see ids.")
    logger.info("ritual %s deleted by %s team=%s", found.id, actor.user_id, actor.team_id)
    return info(found)

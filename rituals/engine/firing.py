"""Schedules become occurrences: each due firing once, missed ones caught up or skipped."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from rituals.schedule import fire_times, next_fire, parse_cron
from rituals.services import Services
from storage import occurrences, schedules
from storage.schedules import RitualRecord
from storage.unit import Unit

logger = logging.getLogger(__name__)

MAX_CATCH_UP = 1000


def tick(svc: Services, now: datetime) -> int:
    """Create the occurrences that are due; how many this call created."""
    created = 0
    with svc.db.unit() as unit:
        for ritual in schedules.due(unit, now=now):
            created += _fire(unit, ritual, now, svc.config.grace)
    if created:
        svc.wake()
    return created


def _fire(unit: Unit, ritual: RitualRecord, now: datetime, grace: timedelta) -> int:
    try:
        trigger = parse_cron(ritual.cron, ritual.tz)
    except Exception:
        logger.exception("ritual %s has an unusable schedule; pausing it", ritual.id)
        schedules.change(unit, ritual_id=ritual.id, paused=True)
        return 0
    assert ritual.next_run_at is not None
    times = [ritual.next_run_at, *list(fire_times(trigger, ritual.next_run_at, now))[:MAX_CATCH_UP]]
    created = 0
    latest = times[-1]  # of several firings missed while down, only the latest is caught up
    for when in times:
        missed = now - when > grace
        superseded = not missed and when != latest
        inserted = occurrences.add(
            unit,
            team_id=ritual.team_id,
            ritual_id=ritual.id,
            kind=ritual.kind,
            channel_id=ritual.channel_id,
            config=ritual.config,
            created_by=ritual.created_by,
            scheduled_for=when,
            now=now,
            status="skipped" if missed or superseded else "pending",
            reason=(
                "missed while the bot was down"
                if missed
                else "caught up once: a later run of the same ritual replaced it"
                if superseded
                else None
            ),
        )
        if inserted is not None and not (missed or superseded):
            created += 1
            logger.info("occurrence due ritual=%s at=%s", ritual.id, when.isoformat())
        elif inserted is not None:
            logger.warning(
                "occurrence skipped ritual=%s at=%s (%s)",
                ritual.id,
                when.isoformat(),
                "missed" if missed else "superseded",
            )
    schedules.change(unit, ritual_id=ritual.id, next_run_at=next_fire(trigger, now))
    return created


def reschedule(svc: Services, ritual_id: int, now: datetime) -> datetime | None:
    """Recompute a ritual's next run from ``now`` (after it was created, changed or resumed)."""
    with svc.db.unit() as unit:
        found = schedules.by_id(unit, ritual_id=ritual_id)
        if found is None:
            return None
        upcoming = next_fire(parse_cron(found.cron, found.tz), now)
        schedules.change(unit, ritual_id=ritual_id, next_run_at=upcoming)
    svc.wake()
    return upcoming

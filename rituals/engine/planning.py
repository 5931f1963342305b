"""Occurrences become deliveries: each planned once, under a lease, by whichever process
claims it first."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime

from rituals.engine.types import OccurrenceInfo, PlanContext, Planned, Planner, SkipOccurrence
from rituals.ports import SlackFailure
from rituals.services import Services
from storage import deliveries, occurrences, workers
from storage.deliveries import NewDelivery

logger = logging.getLogger(__name__)


def add_deliveries(
    svc: Services, occurrence: OccurrenceInfo, planned: list[Planned], now: datetime
) -> int:
    """Insert delivery rows, ignoring ones that exist; how many were new."""
    if not planned:
        return 0
    rows = [
        NewDelivery(
            item.kind,
            item.recipient,
            item.payload,
            item.not_before or now,
            status="waiting" if item.waiting else "pending",
            joined_to=item.joined_to,
        )
        for item in planned
    ]
    with svc.db.unit() as unit:
        inserted = deliveries.add(unit, occurrence=occurrence, rows=rows, now=now)
    svc.wake()
    return inserted


def plan_pending(
    svc: Services, planners: Mapping[str, Planner], now: datetime, *, worker: str
) -> int:
    """Plan occurrences that are due (or held by a dead worker); how many were handled."""
    with svc.db.unit() as unit:
        holders = occurrences.holders(unit, excluding=worker)
        dead = workers.dead(unit, workers=holders, here=svc.db.live_workers)
        claimed = occurrences.claim(
            unit, now=now, until=now + svc.config.lease, worker=worker, dead=dead
        )
    for occurrence in claimed:
        _plan_one(svc, planners.get(occurrence.kind), occurrence, now)
    return len(claimed)


def _plan_one(
    svc: Services, planner: Planner | None, occurrence: OccurrenceInfo, now: datetime
) -> None:
    status, reason = "planned", None
    try:
        if planner is None:
            raise SkipOccurrence(f"no planner for {occurrence.kind}")
        add_deliveries(svc, occurrence, planner(PlanContext(svc, occurrence, now)), now)
    except SkipOccurrence as skip:
        status, reason = "skipped", skip.reason[:200]
    except SlackFailure as failure:
        if failure.transient:
            logger.warning("planning occurrence %s hit %s; will retry", occurrence.id, failure)
            return  # the lease expires and the occurrence is planned again
        status, reason = "failed", f"slack: {failure.error}"[:200]
    except Exception:
        logger.exception("planning occurrence %s failed", occurrence.id)
        status, reason = "failed", "internal error while planning"
    with svc.db.unit() as unit:
        occurrences.finish(unit, occurrence_id=occurrence.id, status=status, reason=reason, now=now)
    if status != "planned":
        logger.info("occurrence %s %s: %s", occurrence.id, status, reason)

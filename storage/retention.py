"""Retention: raw interactions and processed Slack event ids are kept for a limited time.

- Interactions older than ``retention_days`` (``GREENROOM_RETENTION_DAYS``,
  default 400: a year of weekly trends plus a margin) are deleted.
- Processed event ids are kept ``EVENT_IDS_DAYS`` days: Slack retries an event
  for minutes, not days, so a week is plenty to recognise a redelivery.
Deletes run in batches so a first purge of a large table never holds a long lock.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from storage.db import Database
from storage.models import Interaction, ProcessedEvent

logger = logging.getLogger(__name__)

EVENT_IDS_DAYS = 7
BATCH = 5000


def purge(db: Database, *, now: datetime, retention_days: int) -> dict[str, int]:
    """Delete expired rows; returns how many of each kind were removed."""
    if retention_days < 1:
        raise ValueError(f"retention_days must be at least 1, got {retention_days}")
    interactions = _purge_interactions(db, now - timedelta(days=retention_days))
    events = _purge_events(db, now - timedelta(days=EVENT_IDS_DAYS))
    counts = {"interactions": interactions, "processed_events": events}
    logger.info("retention purge before %s: %s", now.isoformat(), counts)
    return counts


def _purge_interactions(db: Database, cutoff: datetime) -> int:
    removed = 0
    while True:
        with db.session() as session:
            ids = list(
                session.scalars(
                    select(Interaction.id).where(Interaction.occurred_at < cutoff).limit(BATCH)
                )
            )
            if ids:
                session.execute(delete(Interaction).where(Interaction.id.in_(ids)))
        removed += len(ids)
        if len(ids) < BATCH:
            return removed


def _purge_events(db: Database, cutoff: datetime) -> int:
    removed = 0
    while True:
        with db.session() as session:
            keys = session.execute(
                select(ProcessedEvent.team_id, ProcessedEvent.event_id)
                .where(ProcessedEvent.received_at < cutoff)
                .limit(BATCH)
            ).all()
            by_team: dict[str, list[str]] = {}
            for team_id, event_id in keys:
                by_team.setdefault(team_id, []).append(event_id)
            for team_id, event_ids in by_team.items():
                session.execute(
                    delete(ProcessedEvent).where(
                        ProcessedEvent.team_id == team_id, ProcessedEvent.event_id.in_(event_ids)
                    )
                )
        removed += len(keys)
        if len(keys) < BATCH:
            return removed

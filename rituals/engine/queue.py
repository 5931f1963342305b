"""Work asked for now: a one-off occurrence (a manual send), planned and sent by the engine."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rituals.services import Services
from storage import occurrences


def enqueue(
    svc: Services,
    *,
    team_id: str,
    kind: str,
    channel_id: str | None,
    config: dict[str, Any] | None = None,
    created_by: str | None = None,
    when: datetime | None = None,
) -> int:
    """Store a one-off occurrence and wake the engine; its id."""
    now = svc.clock.now()
    with svc.db.unit() as unit:
        occurrence_id = occurrences.add(
            unit,
            team_id=team_id,
            kind=kind,
            channel_id=channel_id,
            config=config or {},
            created_by=created_by,
            scheduled_for=when or now,
            now=now,
        )
    assert occurrence_id is not None  # only a ritual's firings share a key
    svc.wake()
    return occurrence_id

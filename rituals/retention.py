"""The daily clean-up: raw interactions older than the retention period, and processed
Slack event ids older than a week, are deleted (see ``storage.retention``)."""

from __future__ import annotations

from rituals.services import Services
from storage import retention


def purge_expired(svc: Services) -> dict[str, int]:
    """Delete what is past its retention; how many rows of each kind went."""
    return retention.purge(svc.db, now=svc.clock.now(), retention_days=svc.config.retention_days)

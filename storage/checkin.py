"""Check-in posts: the questions a channel was asked, read from the deliveries that carried them."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Delivery
from storage.unit import Unit

_D = Delivery.__table__.c

POST_KIND = "checkin_post"


def recent_questions(
    unit: Unit,
    *,
    team_id: str,
    channel_id: str,
    limit: int,
    exclude_occurrence: int | None = None,
) -> list[str]:
    """The questions of the channel's latest check-in posts, newest first (failed ones aside)."""
    query = (
        select(_D.payload)
        .where(
            _D.team_id == team_id,
            _D.kind == POST_KIND,
            _D.recipient == channel_id,
            _D.status.not_in(("failed", "skipped")),
        )
        .order_by(_D.id.desc())
        .limit(limit)
    )
    if exclude_occurrence is not None:
        query = query.where(_D.occurrence_id != exclude_occurrence)
    payloads = unit.execute(query).scalars().all()
    return [str(p["question"]) for p in payloads if p and p.get("question")]

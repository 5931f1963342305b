"""Who a pulse asked, by day: so nobody is asked twice a day, and a send can be accounted for."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from storage.models import Delivery, Occurrence
from storage.pulse import OCCURRENCE_KIND, PROMPT
from storage.unit import Unit

ASKED = ("pending", "claimed", "sending", "sent", "waiting")  # asked, or about to be


def asked_between(
    unit: Unit,
    *,
    team_id: str,
    channel_id: str,
    start: datetime,
    end: datetime,
    excluding_occurrence: int | None = None,
) -> set[str]:
    """Members the channel's pulses due in [start, end) asked (or are about to)."""
    query = (
        select(Delivery.recipient)
        .join(Occurrence, Occurrence.id == Delivery.occurrence_id)
        .where(
            Delivery.team_id == team_id,
            Delivery.kind == PROMPT,
            Delivery.status.in_(ASKED),
            Occurrence.kind == OCCURRENCE_KIND,
            Occurrence.channel_id == channel_id,
            Occurrence.scheduled_for >= start,
            Occurrence.scheduled_for < end,
        )
    )
    if excluding_occurrence is not None:
        query = query.where(Occurrence.id != excluding_occurrence)
    return set(unit.execute(query).scalars())


def first_pulse_between(
    unit: Unit, *, team_id: str, channel_id: str, start: datetime, end: datetime
) -> datetime | None:
    """When the channel's first pulse in [start, end) that is waiting or went out was due."""
    return unit.execute(
        select(Occurrence.scheduled_for)
        .where(
            Occurrence.team_id == team_id,
            Occurrence.kind == OCCURRENCE_KIND,
            Occurrence.channel_id == channel_id,
            Occurrence.status.in_(("pending", "planned")),
            Occurrence.scheduled_for >= start,
            Occurrence.scheduled_for < end,
        )
        .order_by(Occurrence.scheduled_for)
        .limit(1)
    ).scalar()


@dataclass(frozen=True)
class Outcome:
    """How a pulse's prompts ended so far: counts by status, failures by Slack's reason."""

    by_status: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)

    def count(self, *statuses: str) -> int:
        """Rows in any of ``statuses``."""
        return sum(self.by_status.get(status, 0) for status in statuses)


def outcome(unit: Unit, *, team_id: str, occurrence_id: int) -> Outcome:
    """The prompts of one pulse occurrence, by status and error."""
    rows = unit.execute(
        select(Delivery.status, Delivery.error, func.count())
        .where(
            Delivery.team_id == team_id,
            Delivery.occurrence_id == occurrence_id,
            Delivery.kind == PROMPT,
        )
        .group_by(Delivery.status, Delivery.error)
    )
    by_status: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    for status, error, count in rows:
        by_status[status] += count
        if status == "failed" and error:
            errors[error] += count
    return Outcome(dict(by_status), dict(errors))

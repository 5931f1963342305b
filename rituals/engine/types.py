"""What planners and senders are given and what they return."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from rituals.ports import Message, Posted
from rituals.services import Services
from storage import sends
from storage.deliveries import DeliveryRecord as DeliveryInfo
from storage.occurrences import OccurrenceRecord as OccurrenceInfo

__all__ = [
    "DeliveryInfo",
    "Finisher",
    "NotYet",
    "OccurrenceInfo",
    "PlanContext",
    "Planned",
    "Planner",
    "SendContext",
    "Sender",
    "SkipDelivery",
    "SkipOccurrence",
]


@dataclass(frozen=True)
class Planned:
    """A delivery a planner wants: one message for one recipient.

    A ``waiting`` row is never sent by the engine: it records that its recipient is asked by
    another delivery (a pulse posted in a channel), which settles it when it goes out.
    """

    kind: str
    recipient: str
    payload: dict[str, Any] = field(default_factory=dict)
    not_before: datetime | None = None
    waiting: bool = False
    joined_to: int | None = None  # asked by that delivery's message, not one of its own


class SkipOccurrence(Exception):  # noqa: N818 - a signal, not a failure
    """Raised by a planner when the occurrence should not run (holiday, empty channel)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SkipDelivery(Exception):  # noqa: N818 - a signal, not a failure
    """Raised by a sender when the message is no longer needed (e.g. already answered)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotYet(Exception):  # noqa: N818 - a signal, not a failure
    """Raised by a sender when the message must wait for another one (a follow-up for its
    intro): the row is tried again at ``until``, and the wait is not a failed attempt."""

    def __init__(self, reason: str, *, until: datetime) -> None:
        super().__init__(reason)
        self.reason = reason
        self.until = until


@dataclass(frozen=True)
class PlanContext:
    """What a planner gets."""

    svc: Services
    occurrence: OccurrenceInfo
    now: datetime


@dataclass
class SendContext:
    """What a sender gets; ``post`` is the only way a delivery reaches Slack."""

    svc: Services
    delivery: DeliveryInfo
    occurrence: OccurrenceInfo
    now: datetime
    posted: Posted | None = None

    def post(self, channel: str, message: Message, *, thread_ts: str | None = None) -> Posted:
        """Post ``message`` carrying the delivery id; recorded before (where) and after (ts)."""
        svc, delivery = self.svc, self.delivery
        with svc.db.unit() as unit:
            sends.mark_sending(unit, delivery.id, channel=channel, now=svc.clock.now())
        self.posted = svc.messenger.post(
            delivery.team_id, channel, message, delivery_id=delivery.id, thread_ts=thread_ts
        )
        return self.posted


Planner = Callable[[PlanContext], list[Planned]]
Sender = Callable[[SendContext], None]
# Called once a delivery of its kind has ended — sent (with where it went, also when found
# again after a crash), skipped or failed (None) — for work that hangs on it.
Finisher = Callable[[Services, DeliveryInfo, str, Posted | None], None]

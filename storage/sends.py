"""A claimed delivery's life: sending, then sent, skipped, failed, deferred or back to pending;
and the writes that end several rows at once (a reminder no longer needed, a workspace gone,
members asked by a channel post).

Each write is one statement, built once with table columns rather than ORM attributes:
the engine makes two of them per message.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, update

from storage.models import Delivery
from storage.unit import Unit

_TABLE = Delivery.__table__
_C = _TABLE.c
_BY_ID = _C.id == bindparam("delivery_id")
_SENDING = (
    update(Delivery)
    .where(_BY_ID)
    .values(status="sending", channel=bindparam("to_channel"), sending_at=bindparam("now"))
)
_SENT = (
    update(Delivery)
    .where(_BY_ID)
    .values(
        status="sent",
        lease_until=None,
        error=None,
        sent_at=bindparam("now"),
        channel=func.coalesce(bindparam("to_channel"), _C.channel),
        message_ts=func.coalesce(bindparam("ts"), _C.message_ts),
    )
)
_ENDED = (
    update(Delivery)
    .where(_BY_ID)
    .values(status=bindparam("to_status"), lease_until=None, error=bindparam("why"))
)
_LATER = (
    update(Delivery)
    .where(_BY_ID)
    .values(
        status="pending",
        not_before=bindparam("not_before"),
        error=bindparam("why"),
        lease_until=None,
    )
)
_AGAIN = _LATER.values(attempts=_C.attempts + 1)
_ANSWERED = (
    update(Delivery)
    .where(
        _C.team_id == bindparam("in_team"),
        _C.occurrence_id == bindparam("of_occurrence"),
        _C.kind == bindparam("of_kind"),
        _C.recipient == bindparam("to_user"),
        _C.status == "pending",
    )
    .values(status="skipped", error=bindparam("why"))
)


def mark_sending(unit: Unit, delivery_id: int, *, channel: str, now: datetime) -> None:
    """The row is about to be posted to ``channel``: after a crash, look there first."""
    unit.execute(_SENDING, {"delivery_id": delivery_id, "to_channel": channel, "now": now})


def mark_sent(
    unit: Unit, delivery_id: int, *, channel: str | None, ts: str | None, now: datetime
) -> None:
    """Posted: where and when (a channel or ts not given keeps what the row had)."""
    unit.execute(_SENT, {"delivery_id": delivery_id, "to_channel": channel, "ts": ts, "now": now})


def mark_ended(unit: Unit, delivery_id: int, *, status: str, error: str | None) -> None:
    """Skipped or failed for good, with the reason."""
    unit.execute(
        _ENDED, {"delivery_id": delivery_id, "to_status": status, "why": error and error[:200]}
    )


def retry_later(unit: Unit, delivery_id: int, *, at: datetime, error: str) -> None:
    """Back to pending until ``at``, one attempt more on the count."""
    unit.execute(_AGAIN, {"delivery_id": delivery_id, "not_before": at, "why": error[:200]})


def postpone(unit: Unit, delivery_id: int, *, until: datetime, reason: str) -> None:
    """Back to pending until ``until``, the attempts left as they were (waiting is no failure)."""
    unit.execute(_LATER, {"delivery_id": delivery_id, "not_before": until, "why": reason[:200]})


def skip_pending(
    unit: Unit, *, team_id: str, occurrence_id: int, kind: str, user_id: str, reason: str
) -> int:
    """Skip a member's still-pending delivery of ``kind`` (e.g. a reminder once they answered)."""
    result = unit.execute(
        _ANSWERED,
        {
            "in_team": team_id,
            "of_occurrence": occurrence_id,
            "of_kind": kind,
            "to_user": user_id,
            "why": reason,
        },
    )
    return int(result.rowcount or 0)


def skip_unfinished(unit: Unit, *, team_id: str, reason: str) -> None:
    """Every delivery of a workspace not yet sent is skipped (a send in flight may still
    finish and record itself as sent)."""
    unit.execute(
        update(Delivery)
        .where(_C.team_id == team_id, _C.status.in_(("pending", "claimed", "sending")))
        .values(status="skipped", error=reason, lease_until=None)
    )


def settle_waiting(
    unit: Unit,
    *,
    occurrence_id: int,
    kind: str,
    status: str,
    channel: str | None = None,
    ts: str | None = None,
    error: str | None = None,
    now: datetime,
) -> int:
    """Settle an occurrence's ``waiting`` rows of ``kind`` at once: sent with the message that
    asked them (``channel``, ``ts``), or failed with ``error``; how many."""
    values: dict[str, Any] = {"status": status, "error": error and error[:200]}
    if status == "sent":
        values.update(sent_at=now, channel=channel, message_ts=ts)
    result = unit.execute(
        update(Delivery)
        .where(_C.occurrence_id == occurrence_id, _C.kind == kind, _C.status == "waiting")
        .values(**values)
    )
    return int(result.rowcount or 0)


def backoff(attempts: int) -> timedelta:
    """How long a transient failure waits: 5 s doubling, at most 10 minutes."""
    return timedelta(seconds=min(600, 5 * 2**attempts))

"""A delivery row's life after its claim: sending, then sent, skipped, failed or back to pending.

Each write is one statement in its own short transaction on a plain connection:
the engine makes two of them per message, so they are built once, with table
columns rather than ORM attributes, and never pass through an ORM session.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, bindparam, func, or_, select

from storage.db import Database
from storage.models import Delivery, Occurrence

_TABLE = Delivery.__table__
_C = _TABLE.c
_BY_ID = _C.id == bindparam("delivery_id")
_O = Occurrence.__table__.c
BATCH = 50  # rows one claim takes

# Due now: pending and not before now, or claimed/sending under a lease that ran out.
_DUE = (
    select(
        _C.id,
        _C.team_id,
        _C.occurrence_id,
        _C.kind,
        _C.recipient,
        _C.payload,
        _C.attempts,
        _C.channel,
        _C.sending_at,
        _O.id.label("o_id"),
        _O.team_id.label("o_team_id"),
        _O.ritual_id.label("o_ritual_id"),
        _O.kind.label("o_kind"),
        _O.channel_id.label("o_channel_id"),
        _O.scheduled_for.label("o_scheduled_for"),
        _O.config.label("o_config"),
        _O.created_by.label("o_created_by"),
    )
    .join_from(_TABLE, Occurrence.__table__, _O.id == _C.occurrence_id)
    .where(
        or_(
            (_C.status == "pending") & (_C.not_before <= bindparam("now")),
            _C.status.in_(("claimed", "sending")) & (_C.lease_until < bindparam("now")),
        )
    )
    .order_by(_C.not_before, _C.id)
    .limit(BATCH)
    .with_for_update(skip_locked=True, of=_TABLE)
)
_CLAIM = (
    _TABLE.update()
    .where(_C.id.in_(bindparam("ids", expanding=True)))
    .values(status="claimed", claimed_by=bindparam("worker"), lease_until=bindparam("until"))
)

_SENDING = (
    _TABLE.update()
    .where(_BY_ID)
    .values(status="sending", channel=bindparam("to_channel"), sending_at=bindparam("now"))
)
_SENT = (
    _TABLE.update()
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
    _TABLE.update()
    .where(_BY_ID)
    .values(status=bindparam("to_status"), lease_until=None, error=bindparam("why"))
)
_AGAIN = (
    _TABLE.update()
    .where(_BY_ID)
    .values(
        status="pending",
        not_before=bindparam("not_before"),
        error=bindparam("why"),
        lease_until=None,
        attempts=_C.attempts + 1,
    )
)
_ANSWERED = (
    _TABLE.update()
    .where(
        _C.team_id == bindparam("in_team"),
        _C.occurrence_id == bindparam("of_occurrence"),
        _C.kind == bindparam("of_kind"),
        _C.recipient == bindparam("to_user"),
        _C.status == "pending",
    )
    .values(status="skipped", error=bindparam("why"))
)


def claim_due(db: Database, *, now: datetime, worker: str, until: datetime) -> list[Row[Any]]:
    """Take up to BATCH due rows under a lease until ``until`` (rows other workers hold are
    skipped on PostgreSQL); each row carries its occurrence's columns as ``o_*``."""
    with db.connection() as connection:
        rows = list(connection.execute(_DUE, {"now": now}))
        if rows:
            ids = [row.id for row in rows]
            connection.execute(_CLAIM, {"ids": ids, "worker": worker, "until": until})
    return rows


def mark_sending(db: Database, delivery_id: int, *, channel: str, now: datetime) -> None:
    """The row is about to be posted to ``channel``: after a crash, look there first."""
    with db.engine.begin() as connection:
        connection.execute(
            _SENDING, {"delivery_id": delivery_id, "to_channel": channel, "now": now}
        )


def mark_sent(
    db: Database, delivery_id: int, *, channel: str | None, ts: str | None, now: datetime
) -> None:
    """Posted: where and when (a channel or ts not given keeps what the row had)."""
    with db.engine.begin() as connection:
        connection.execute(
            _SENT, {"delivery_id": delivery_id, "to_channel": channel, "ts": ts, "now": now}
        )


def mark_ended(db: Database, delivery_id: int, *, status: str, error: str | None) -> None:
    """Skipped or failed for good, with the reason."""
    with db.engine.begin() as connection:
        connection.execute(
            _ENDED,
            {"delivery_id": delivery_id, "to_status": status, "why": error and error[:200]},
        )


def retry_later(db: Database, delivery_id: int, *, at: datetime, error: str) -> None:
    """Back to pending until ``at``, one attempt more on the count."""
    with db.engine.begin() as connection:
        connection.execute(
            _AGAIN, {"delivery_id": delivery_id, "not_before": at, "why": error[:200]}
        )


def skip_pending(
    db: Database, *, team_id: str, occurrence_id: int, kind: str, user_id: str, reason: str
) -> int:
    """Skip a member's still-pending delivery of ``kind`` (e.g. a reminder once they answered)."""
    with db.engine.begin() as connection:
        result = connection.execute(
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


def backoff(attempts: int) -> timedelta:
    """How long a transient failure waits: 5 s doubling, at most 10 minutes."""
    return timedelta(seconds=min(600, 5 * 2**attempts))

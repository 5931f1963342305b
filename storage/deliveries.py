"""Delivery rows: one message to one recipient for one occurrence, sent at most once.

Planning inserts them (a second insert of the same (occurrence, kind, recipient) is a
no-op); senders claim due rows under a lease, mark them *sending* before the Web API
call and *sent* after it. The engine makes two writes per message, so the statements
are built once, with table columns rather than ORM attributes, and run on the unit's
plain connection.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, or_, select, update

from storage.models import Delivery, Occurrence
from storage.occurrences import OccurrenceRecord, record
from storage.unit import Unit

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
            _C.status.in_(("claimed", "sending"))
            & (
                (_C.lease_until < bindparam("now"))
                | _C.claimed_by.in_(bindparam("dead", expanding=True))
            ),
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
_LATER = (
    _TABLE.update()
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


@dataclass(frozen=True)
class DeliveryRecord:
    """A delivery as senders see it."""

    id: int
    team_id: str
    occurrence_id: int
    kind: str
    recipient: str
    payload: dict[str, Any]
    attempts: int


@dataclass(frozen=True)
class Claimed:
    """A claimed delivery, its occurrence, and where it was going when a crash stopped it."""

    delivery: DeliveryRecord
    occurrence: OccurrenceRecord
    channel: str | None
    sending_since: datetime | None


@dataclass(frozen=True)
class NewDelivery:
    """A row to plan."""

    kind: str
    recipient: str
    payload: dict[str, Any]
    not_before: datetime


def add(unit: Unit, *, occurrence: OccurrenceRecord, rows: list[NewDelivery], now: datetime) -> int:
    """Insert delivery rows, ignoring ones that exist; how many were new."""
    values = [
        {
            "team_id": occurrence.team_id,
            "occurrence_id": occurrence.id,
            "kind": row.kind,
            "recipient": row.recipient,
            "payload": row.payload,
            "status": "pending",
            "not_before": row.not_before,
            "attempts": 0,
            "created_at": now,
        }
        for row in rows
    ]
    # one compiled statement run over the rows (executemany), not a 500-row VALUES list
    # compiled anew per chunk; RETURNING, not rowcount: psycopg reports -1 for these
    statement = unit.insert(_TABLE).on_conflict_do_nothing().returning(_C.id)
    inserted = 0
    for start in range(0, len(values), 500):
        inserted += len(unit.execute(statement, values[start : start + 500]).all())
    return inserted


_HOLDERS = (
    select(_C.claimed_by)
    .where(_C.status.in_(("claimed", "sending")), _C.claimed_by != bindparam("me"))
    .distinct()
)
_RENEW = (
    _TABLE.update()
    .where(_C.claimed_by == bindparam("me"), _C.status.in_(("claimed", "sending")))
    .values(lease_until=bindparam("until"))
)


def holders(unit: Unit, *, excluding: str) -> set[str]:
    """The workers other than ``excluding`` that hold claimed or in-flight rows."""
    return {row.claimed_by for row in unit.execute(_HOLDERS, {"me": excluding})}


def renew(unit: Unit, *, worker: str, until: datetime) -> None:
    """Extend the lease of every row ``worker`` holds (it is alive and still on them)."""
    unit.execute(_RENEW, {"me": worker, "until": until})


def claim_due(
    unit: Unit, *, now: datetime, worker: str, until: datetime, dead: Iterable[str] = ()
) -> list[Claimed]:
    """Take up to BATCH due rows under a lease until ``until``: pending ones, and ones held
    under an expired lease or by a ``dead`` worker (rows live workers hold are skipped)."""
    rows = list(unit.execute(_DUE, {"now": now, "dead": sorted(dead)}))
    if rows:
        ids = [row.id for row in rows]
        unit.execute(_CLAIM, {"ids": ids, "worker": worker, "until": until})
    occurrences: dict[int, OccurrenceRecord] = {}
    claimed = []
    for row in rows:
        occurrence = occurrences.get(row.occurrence_id)
        if occurrence is None:
            occurrence = occurrences[row.occurrence_id] = record(row, prefix="o_")
        delivery = DeliveryRecord(
            id=row.id,
            team_id=row.team_id,
            occurrence_id=row.occurrence_id,
            kind=row.kind,
            recipient=row.recipient,
            payload=dict(row.payload or {}),
            attempts=row.attempts,
        )
        claimed.append(Claimed(delivery, occurrence, row.channel, row.sending_at))
    return claimed


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
        update(_TABLE)
        .where(_C.team_id == team_id, _C.status.in_(("pending", "claimed", "sending")))
        .values(status="skipped", error=reason, lease_until=None)
    )


def backoff(attempts: int) -> timedelta:
    """How long a transient failure waits: 5 s doubling, at most 10 minutes."""
    return timedelta(seconds=min(600, 5 * 2**attempts))

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
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, or_, select, update

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
        _C.joined_to,
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
    update(Delivery)
    .where(_C.id.in_(bindparam("ids", expanding=True)))
    .values(status="claimed", claimed_by=bindparam("worker"), lease_until=bindparam("until"))
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
    joined_to: int | None = None


@dataclass(frozen=True)
class Claimed:
    """A claimed delivery, its occurrence, and where it was going when a crash stopped it."""

    delivery: DeliveryRecord
    occurrence: OccurrenceRecord
    channel: str | None
    sending_since: datetime | None


@dataclass(frozen=True)
class NewDelivery:
    """A row to plan: ``pending`` (the engine sends it) or ``waiting`` (another delivery
    settles it, see ``settle_waiting``)."""

    kind: str
    recipient: str
    payload: dict[str, Any]
    not_before: datetime
    status: str = "pending"
    joined_to: int | None = None


def add(unit: Unit, *, occurrence: OccurrenceRecord, rows: list[NewDelivery], now: datetime) -> int:
    """Insert delivery rows, ignoring ones that exist; how many were new."""
    values = [
        {
            "team_id": occurrence.team_id,
            "occurrence_id": occurrence.id,
            "kind": row.kind,
            "recipient": row.recipient,
            "payload": row.payload,
            "status": row.status,
            "not_before": row.not_before,
            "attempts": 0,
            "created_at": now,
            "joined_to": row.joined_to,
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
    update(Delivery)
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
            joined_to=row.joined_to,
        )
        claimed.append(Claimed(delivery, occurrence, row.channel, row.sending_at))
    return claimed

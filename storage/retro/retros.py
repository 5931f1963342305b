"""Retros: create, find, lock and move through collecting → voting → closed.

PostgreSQL locks the retro row (``SELECT … FOR UPDATE``) or, for a new retro, takes a
transaction advisory lock on the channel; SQLite starts the transaction with
``BEGIN IMMEDIATE``, which serialises writers.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import delete, func, select, update

from storage.models import Retro, RetroCard
from storage.retro.records import OPEN, RetroRecord
from storage.unit import Unit


def _begin_immediate(unit: Unit) -> bool:
    """On SQLite, start the transaction holding the write lock; True when that was done."""
    if unit.dialect != "sqlite":
        return False
    raw = unit.connection.connection.dbapi_connection
    if raw is not None and not raw.in_transaction:
        unit.connection.exec_driver_sql("BEGIN IMMEDIATE")
    return True


def lock_channel(unit: Unit, *, team_id: str, channel_id: str) -> None:
    """Serialise retro starts in one channel."""
    if _begin_immediate(unit):
        return
    digest = hashlib.sha256(f"retro:{team_id}:{channel_id}".encode()).digest()
    unit.execute(select(func.pg_advisory_xact_lock(int.from_bytes(digest[:8], "big", signed=True))))


def _record(row: Retro) -> RetroRecord:
    return RetroRecord(
        id=row.id,
        team_id=row.team_id,
        channel_id=row.channel_id,
        title=row.title,
        format=row.format,
        status=row.status,
        facilitator_id=row.facilitator_id,
        votes_per_person=row.votes_per_person,
        secret=row.secret,
        message_ts=row.message_ts,
        summary_ts=row.summary_ts,
        created_at=row.created_at,
    )


def lock(unit: Unit, *, team_id: str, retro_id: int) -> RetroRecord | None:
    """The team's retro, locked for the rest of the unit; None when it is not the team's."""
    _begin_immediate(unit)
    row = unit.session.scalar(
        select(Retro)
        .where(Retro.id == retro_id, Retro.team_id == team_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return None if row is None else _record(row)


def get(unit: Unit, *, team_id: str, retro_id: int) -> RetroRecord | None:
    """The team's retro (no lock), or None."""
    row = unit.session.scalar(select(Retro).where(Retro.id == retro_id, Retro.team_id == team_id))
    return None if row is None else _record(row)


def _newest(unit: Unit, team_id: str, channel_id: str, *statuses: str) -> RetroRecord | None:
    query = select(Retro).where(Retro.team_id == team_id, Retro.channel_id == channel_id)
    if statuses:
        query = query.where(Retro.status.in_(statuses))
    row = unit.session.scalar(query.order_by(Retro.id.desc()).limit(1))
    return None if row is None else _record(row)


def open_in(unit: Unit, *, team_id: str, channel_id: str) -> RetroRecord | None:
    """The retro collecting or voting in this channel, if any."""
    return _newest(unit, team_id, channel_id, *OPEN)


def latest_in(unit: Unit, *, team_id: str, channel_id: str) -> RetroRecord | None:
    """The newest retro of the channel in any status."""
    return _newest(unit, team_id, channel_id)


def create(
    unit: Unit,
    *,
    team_id: str,
    channel_id: str,
    title: str,
    format: str,  # noqa: A002
    facilitator_id: str,
    votes_per_person: int,
    secret: str,
    now: datetime,
) -> RetroRecord:
    """A new collecting retro (the caller holds the channel lock)."""
    row = Retro(
        team_id=team_id,
        channel_id=channel_id,
        title=title,
        format=format,
        status="collecting",
        facilitator_id=facilitator_id,
        votes_per_person=votes_per_person,
        secret=secret,
        created_at=now,
    )
    unit.session.add(row)
    unit.session.flush()
    return _record(row)


def discard(unit: Unit, *, team_id: str, retro_id: int) -> None:
    """Remove a retro whose message could not be posted."""
    unit.execute(delete(Retro).where(Retro.id == retro_id, Retro.team_id == team_id))


def set_posted(
    unit: Unit,
    *,
    team_id: str,
    retro_id: int,
    message_ts: str | None = None,
    summary_ts: str | None = None,
) -> None:
    """Remember where the retro message or its summary is."""
    values = {k: v for k, v in (("message_ts", message_ts), ("summary_ts", summary_ts)) if v}
    unit.execute(
        update(Retro).where(Retro.id == retro_id, Retro.team_id == team_id).values(**values)
    )


def move(unit: Unit, *, retro_id: int, status: str, now: datetime) -> None:
    """Change the status (retro locked by the caller), forgetting every anonymous author:
    the secret and the hashes go when voting starts, or at close if it never did."""
    unit.execute(
        update(RetroCard)
        .where(RetroCard.retro_id == retro_id, RetroCard.anonymous.is_(True))
        .values(author_hash=None, author_id=None)
    )
    stamp = {"voting_at": now} if status == "voting" else {"closed_at": now}
    unit.execute(
        update(Retro).where(Retro.id == retro_id).values(status=status, secret=None, **stamp)
    )

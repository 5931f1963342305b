"""Occurrence rows: one firing of a ritual (or one manual send), the unit the engine plans.

A scheduled firing is keyed by (ritual, time): inserting it twice is a no-op, so it
happens once however many processes share the database. Planning claims pending
rows under a lease (``FOR UPDATE SKIP LOCKED`` on PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update

from storage.models import Occurrence
from storage.unit import Unit

_O = Occurrence.__table__.c


@dataclass(frozen=True)
class OccurrenceRecord:
    """An occurrence as planners and senders see it."""

    id: int
    team_id: str
    ritual_id: int | None
    kind: str
    channel_id: str | None
    scheduled_for: datetime
    config: dict[str, Any]
    created_by: str | None


COLUMNS = (
    "id",
    "team_id",
    "ritual_id",
    "kind",
    "channel_id",
    "scheduled_for",
    "config",
    "created_by",
)


def record(row: Any, *, prefix: str = "") -> OccurrenceRecord:
    """From a row carrying an occurrence's columns, under ``prefix`` when joined."""
    values = {name: getattr(row, prefix + name) for name in COLUMNS}
    values["config"] = dict(values["config"] or {})
    return OccurrenceRecord(**values)


def add(
    unit: Unit,
    *,
    team_id: str,
    kind: str,
    channel_id: str | None,
    config: dict[str, Any],
    created_by: str | None,
    scheduled_for: datetime,
    now: datetime,
    ritual_id: int | None = None,
    status: str = "pending",
    reason: str | None = None,
) -> int | None:
    """Insert an occurrence; its id, or None when this ritual already fired at that time."""
    statement = (
        unit.insert(Occurrence.__table__)
        .values(
            team_id=team_id,
            ritual_id=ritual_id,
            kind=kind,
            channel_id=channel_id,
            scheduled_for=scheduled_for,
            status=status,
            reason=reason,
            config=config,
            created_by=created_by,
            created_at=now,
        )
        .on_conflict_do_nothing()
        .returning(_O.id)
    )
    return unit.execute(statement).scalar()


def holders(unit: Unit, *, excluding: str) -> set[str]:
    """The workers other than ``excluding`` planning an occurrence now."""
    rows = unit.execute(
        select(_O.claimed_by)
        .where(_O.status == "pending", _O.claimed_by.is_not(None), _O.claimed_by != excluding)
        .distinct()
    )
    return {row.claimed_by for row in rows}


def renew(unit: Unit, *, worker: str, until: datetime) -> None:
    """Extend the lease of every occurrence ``worker`` is planning."""
    unit.execute(
        update(Occurrence)
        .where(_O.claimed_by == worker, _O.status == "pending")
        .values(lease_until=until)
    )


def claim(
    unit: Unit,
    *,
    now: datetime,
    until: datetime,
    worker: str,
    dead: Iterable[str] = (),
    limit: int = 10,
) -> list[OccurrenceRecord]:
    """Pending occurrences that are due and held by nobody alive, now leased to ``worker``."""
    rows = unit.execute(
        select(*(_O[name] for name in COLUMNS))
        .where(
            _O.status == "pending",
            _O.scheduled_for <= now,
            or_(
                _O.lease_until.is_(None),
                _O.lease_until < now,
                _O.claimed_by.in_(sorted(dead)),
            ),
        )
        .order_by(_O.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    if rows:
        unit.execute(
            update(Occurrence)
            .where(_O.id.in_([row.id for row in rows]))
            .values(lease_until=until, claimed_by=worker)
        )
    return [record(row) for row in rows]


def finish(
    unit: Unit, *, occurrence_id: int, status: str, reason: str | None, now: datetime
) -> None:
    """Planned, skipped or failed: the lease is released."""
    unit.execute(
        update(Occurrence)
        .where(_O.id == occurrence_id)
        .values(status=status, reason=reason, planned_at=now, lease_until=None, claimed_by=None)
    )


def skip_pending(unit: Unit, *, team_id: str, reason: str) -> None:
    """Every pending occurrence of a workspace is skipped (the app was uninstalled)."""
    unit.execute(
        update(Occurrence)
        .where(_O.team_id == team_id, _O.status == "pending")
        .values(status="skipped", reason=reason, lease_until=None)
    )

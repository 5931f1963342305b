"""Ritual rows: what runs, where, and when (cron in a zone), with its next run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update

from storage.models import Ritual
from storage.unit import Unit

_R = Ritual.__table__.c


@dataclass(frozen=True)
class RitualRecord:
    """A scheduled ritual."""

    id: int
    team_id: str
    kind: str
    channel_id: str | None
    cron: str
    tz: str
    config: dict[str, Any]
    paused: bool
    next_run_at: datetime | None
    created_by: str | None


_COLUMNS = (
    _R.id,
    _R.team_id,
    _R.kind,
    _R.channel_id,
    _R.cron,
    _R.tz,
    _R.config,
    _R.paused,
    _R.next_run_at,
    _R.created_by,
)


def _record(row: Any) -> RitualRecord:
    return RitualRecord(**{**row._mapping, "config": dict(row.config or {})})


def create(
    unit: Unit,
    *,
    team_id: str,
    kind: str,
    channel_id: str | None,
    cron: str,
    tz: str,
    config: dict[str, Any],
    next_run_at: datetime | None,
    created_by: str | None,
    now: datetime,
) -> int:
    """Store a new ritual; its id."""
    values = {
        "team_id": team_id,
        "kind": kind,
        "channel_id": channel_id,
        "cron": cron,
        "tz": tz,
        "config": config,
        "paused": False,
        "next_run_at": next_run_at,
        "created_by": created_by,
        "created_at": now,
    }
    return int(unit.execute(insert(Ritual).values(values).returning(_R.id)).scalar_one())


def get(unit: Unit, *, team_id: str, ritual_id: int) -> RitualRecord | None:
    """One ritual of the workspace (another workspace's is as unknown as a missing one)."""
    row = unit.execute(select(*_COLUMNS).where(_R.id == ritual_id, _R.team_id == team_id)).first()
    return None if row is None else _record(row)


def by_id(unit: Unit, *, ritual_id: int) -> RitualRecord | None:
    """A ritual by id alone (for the engine, which acts for every workspace)."""
    row = unit.execute(select(*_COLUMNS).where(_R.id == ritual_id)).first()
    return None if row is None else _record(row)


def of_team(unit: Unit, *, team_id: str) -> list[RitualRecord]:
    """The workspace's rituals, oldest first."""
    rows = unit.execute(select(*_COLUMNS).where(_R.team_id == team_id).order_by(_R.id))
    return [_record(row) for row in rows]


def page_of_team(unit: Unit, *, team_id: str, offset: int, limit: int) -> list[RitualRecord]:
    """One page of the workspace's rituals, oldest first."""
    query = select(*_COLUMNS).where(_R.team_id == team_id).order_by(_R.id)
    rows = unit.execute(query.offset(offset).limit(limit))
    return [_record(row) for row in rows]


def count_of_team(unit: Unit, *, team_id: str) -> int:
    """How many rituals the workspace has."""
    query = select(func.count()).select_from(Ritual.__table__).where(_R.team_id == team_id)
    return int(unit.execute(query).scalar_one())


def same_place(
    unit: Unit, *, team_id: str, kind: str, channel_id: str | None, other_than: int | None = None
) -> RitualRecord | None:
    """The workspace's ritual of this kind for this channel (but ``other_than``), if any."""
    query = select(*_COLUMNS).where(
        _R.team_id == team_id,
        _R.kind == kind,
        _R.channel_id.is_(None) if channel_id is None else _R.channel_id == channel_id,
    )
    if other_than is not None:
        query = query.where(_R.id != other_than)
    row = unit.execute(query.order_by(_R.id).limit(1)).first()
    return None if row is None else _record(row)


def due(unit: Unit, *, now: datetime) -> list[RitualRecord]:
    """Rituals not paused whose next run has come."""
    rows = unit.execute(
        select(*_COLUMNS).where(_R.paused.is_(False), _R.next_run_at <= now).order_by(_R.id)
    )
    return [_record(row) for row in rows]


def change(unit: Unit, *, ritual_id: int, **values: Any) -> None:
    """Set fields of a ritual (paused, next_run_at, cron, tz, config, channel_id)."""
    unit.execute(update(Ritual).where(_R.id == ritual_id).values(**values))


def remove(unit: Unit, *, team_id: str, ritual_id: int) -> bool:
    """Delete a ritual (its occurrences stay, unlinked); False when there was none."""
    result = unit.execute(delete(Ritual).where(_R.id == ritual_id, _R.team_id == team_id))
    return bool(result.rowcount)


def pause_team(unit: Unit, *, team_id: str) -> None:
    """Pause every ritual of a workspace."""
    unit.execute(update(Ritual).where(_R.team_id == team_id).values(paused=True))

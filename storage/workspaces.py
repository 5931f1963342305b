"""Workspace rows: one per Slack workspace Greenroom serves, with its team-wide settings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from storage.models import Workspace
from storage.unit import Unit

_W = Workspace.__table__.c


def ensure(unit: Unit, *, team_id: str, name: str = "", now: datetime) -> bool:
    """Create the workspace's row unless it exists; True when it was created."""
    row = {"team_id": team_id, "name": name, "created_at": now, "active": True}
    inserted = unit.execute(
        unit.insert(Workspace.__table__).on_conflict_do_nothing().returning(_W.team_id), [row]
    )
    return inserted.first() is not None


def _get(unit: Unit, team_id: str, column: Any) -> str | None:
    return unit.execute(select(column).where(_W.team_id == team_id)).scalar()


def zone(unit: Unit, *, team_id: str) -> str | None:
    """The workspace's own time zone, if one was set."""
    return _get(unit, team_id, _W.tz)


def holidays_country(unit: Unit, *, team_id: str) -> str | None:
    """The country whose public holidays the workspace skips, if any."""
    return _get(unit, team_id, _W.holidays_country)


def installer(unit: Unit, *, team_id: str) -> str | None:
    """The user who installed Greenroom in the workspace, when known."""
    return _get(unit, team_id, _W.installer_user_id)


def change(unit: Unit, *, team_id: str, **values: Any) -> None:
    """Set team-wide fields (tz, holidays_country, installer_user_id, active, …)."""
    unit.execute(update(Workspace).where(_W.team_id == team_id).values(**values))


def team_ids(unit: Unit) -> list[str]:
    """Every workspace, in id order."""
    return list(unit.execute(select(_W.team_id).order_by(_W.team_id)).scalars())


def names(unit: Unit) -> dict[str, str]:
    """Each workspace's name, by id."""
    return {row.team_id: row.name for row in unit.execute(select(_W.team_id, _W.name))}

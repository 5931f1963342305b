"""Avoid lists: who a member never wants to be shadowing-paired with (private to them).

Read as a whole only to make groups (``avoid_lists``, made symmetric), otherwise only
by their owner (``avoided_by``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import delete, select

from storage.models import AvoidPair
from storage.unit import Unit

_A = AvoidPair.__table__


def avoid_lists(unit: Unit, *, team_id: str) -> dict[str, frozenset[str]]:
    """Who each member never wants to be paired with, made symmetric (A avoids B ⇒ B avoids A)."""
    avoid: dict[str, set[str]] = defaultdict(set)
    for user_id, other in unit.execute(
        select(_A.c.user_id, _A.c.avoided_user_id).where(_A.c.team_id == team_id)
    ):
        avoid[user_id].add(other)
        avoid[other].add(user_id)
    return {user_id: frozenset(others) for user_id, others in avoid.items()}


def avoided_by(unit: Unit, *, team_id: str, user_id: str) -> list[str]:
    """The people on one member's own avoid list, earliest added first."""
    query = (
        select(_A.c.avoided_user_id)
        .where(_A.c.team_id == team_id, _A.c.user_id == user_id)
        .order_by(_A.c.created_at, _A.c.avoided_user_id)
    )
    return list(unit.execute(query).scalars())


def add_avoid(
    unit: Unit, *, team_id: str, user_id: str, avoided_user_id: str, now: datetime
) -> bool:
    """Add to a member's avoid list; False when it was already there."""
    statement = (
        unit.insert(_A)
        .values(team_id=team_id, user_id=user_id, avoided_user_id=avoided_user_id, created_at=now)
        .on_conflict_do_nothing()
        .returning(_A.c.user_id)
    )
    return unit.execute(statement).first() is not None


def remove_avoid(unit: Unit, *, team_id: str, user_id: str, avoided_user_id: str) -> bool:
    """Remove from a member's avoid list; False when it was not there."""
    result = unit.execute(
        delete(AvoidPair).where(
            _A.c.team_id == team_id,
            _A.c.user_id == user_id,
            _A.c.avoided_user_id == avoided_user_id,
        )
    )
    return bool(result.rowcount)

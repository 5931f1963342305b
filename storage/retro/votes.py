"""Dot votes: one row a dot, never a counter."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select

from storage.models import RetroVote
from storage.unit import Unit


def of_voter(unit: Unit, *, retro_id: int, user_id: str) -> dict[int, int]:
    """The voter's dots per card."""
    rows: list[Any] = list(
        unit.execute(
            select(RetroVote.card_id, func.count())
            .where(RetroVote.retro_id == retro_id, RetroVote.user_id == user_id)
            .group_by(RetroVote.card_id)
        )
    )
    return {int(row[0]): int(row[1]) for row in rows}


def voters(unit: Unit, *, retro_id: int) -> int:
    """How many people placed at least one dot."""
    found = unit.execute(
        select(func.count(func.distinct(RetroVote.user_id))).where(RetroVote.retro_id == retro_id)
    ).scalar()
    return int(found or 0)


def add(
    unit: Unit, *, team_id: str, retro_id: int, card_id: int, user_id: str, now: datetime
) -> None:
    """Place one dot (retro locked and allowance checked by the caller)."""
    unit.execute(
        insert(RetroVote).values(
            team_id=team_id, retro_id=retro_id, card_id=card_id, user_id=user_id, created_at=now
        )
    )


def take_back(unit: Unit, *, retro_id: int, card_id: int, user_id: str) -> bool:
    """Remove the voter's latest dot on the card; False when they had none there."""
    latest = unit.execute(
        select(RetroVote.id)
        .where(
            RetroVote.retro_id == retro_id,
            RetroVote.card_id == card_id,
            RetroVote.user_id == user_id,
        )
        .order_by(RetroVote.id.desc())
        .limit(1)
    ).scalar()
    if latest is None:
        return False
    unit.execute(delete(RetroVote).where(RetroVote.id == latest))
    return True

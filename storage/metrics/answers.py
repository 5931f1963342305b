"""Pulse answers of a period, one row each, and the roles the team's members hold now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from storage.models import Member, PulseAnswer

UNASSIGNED = "unassigned"


@dataclass(frozen=True)
class AnswerRow:
    """One pulse answer as it stands: who, which score, where and when first given."""

    id: int
    user_id: str
    score: int
    channel_id: str | None
    answered_at: datetime

    @property
    def key(self) -> str:
        """A key that changes with the value and never names another answer (ids can be
        reused once a row is deleted, its first time cannot)."""
        stamp = int(self.answered_at.timestamp() * 1000)
        return f"{self.id}:{stamp}:{self.score}"


def answers_between(
    unit: Any, *, team_id: str, start: datetime, end: datetime, channel_id: str | None = None
) -> list[AnswerRow]:
    """Every answer given in [start, end) (by first answer time), optionally in one channel."""
    query = select(
        PulseAnswer.id,
        PulseAnswer.user_id,
        PulseAnswer.score,
        PulseAnswer.channel_id,
        PulseAnswer.answered_at,
    ).where(
        PulseAnswer.team_id == team_id,
        PulseAnswer.answered_at >= start,
        PulseAnswer.answered_at < end,
    )
    if channel_id is not None:
        query = query.where(PulseAnswer.channel_id == channel_id)
    return [AnswerRow(*row) for row in unit.execute(query.order_by(PulseAnswer.id))]


def answerers(
    unit: Any, *, team_id: str, start: datetime, end: datetime, channel_id: str | None = None
) -> set[str]:
    """Who gave an answer in [start, end) (by first answer time), optionally in one channel."""
    query = (
        select(PulseAnswer.user_id)
        .where(
            PulseAnswer.team_id == team_id,
            PulseAnswer.answered_at >= start,
            PulseAnswer.answered_at < end,
        )
        .distinct()
    )
    if channel_id is not None:
        query = query.where(PulseAnswer.channel_id == channel_id)
    return {str(user) for user in unit.execute(query).scalars()}


def roles(unit: Any, *, team_id: str) -> tuple[dict[str, str], list[str]]:
    """Each member's role now (members without one are absent), and every role listed
    for the team (``unassigned`` when someone has none)."""
    held = {
        str(user): str(role)
        for user, role in unit.execute(
            select(Member.user_id, Member.role).where(
                Member.team_id == team_id, Member.role.is_not(None), Member.role != ""
            )
        )
    }
    listed = (
        select(func.coalesce(func.nullif(Member.role, ""), UNASSIGNED))
        .where(Member.team_id == team_id, Member.is_bot.is_(False), Member.deleted.is_(False))
        .distinct()
    )
    return held, sorted(str(name) for name in unit.execute(listed).scalars())

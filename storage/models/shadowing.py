"""Shadowing pairings and who is in them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, SlackId, TeamId


class Pairing(Base):
    """One shadowing group of a round."""

    __tablename__ = "pairings"
    __table_args__ = (Index("ix_pairings_team_time", "team_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(TeamId)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id", ondelete="CASCADE"))
    channel_id: Mapped[str | None] = mapped_column(SlackId)
    cross_role: Mapped[bool] = mapped_column(Boolean, default=False)
    suggestion: Mapped[str] = mapped_column(Text, default="")
    group_channel: Mapped[str | None] = mapped_column(SlackId)
    met: Mapped[bool | None] = mapped_column(Boolean)
    met_answered_by: Mapped[str | None] = mapped_column(SlackId)
    met_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class PairingMember(Base):
    """A member of a shadowing group, with the role they had at the time."""

    __tablename__ = "pairing_members"

    pairing_id: Mapped[int] = mapped_column(
        ForeignKey("pairings.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(SlackId, primary_key=True)
    team_id: Mapped[str] = mapped_column(TeamId, index=True)
    role: Mapped[str | None] = mapped_column(String(40))

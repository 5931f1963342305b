"""Pulse answers and the notes people leave with them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, SlackId, TeamId


class PulseAnswer(Base):
    """A member's 1–5 answer to one pulse prompt (a later click replaces it)."""

    __tablename__ = "pulse_answers"
    __table_args__ = (
        UniqueConstraint("occurrence_id", "user_id"),
        Index("ix_pulse_answers_week", "team_id", "answered_at", "score", "user_id", "channel_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(TeamId)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id", ondelete="CASCADE"))
    channel_id: Mapped[str | None] = mapped_column(SlackId)
    user_id: Mapped[str] = mapped_column(SlackId)
    score: Mapped[int] = mapped_column(Integer)
    answered_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class PulseNote(Base):
    """A private note attached to a pulse prompt; shown to its author only."""

    __tablename__ = "pulse_notes"
    __table_args__ = (UniqueConstraint("occurrence_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(TeamId)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(SlackId)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

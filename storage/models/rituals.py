"""Rituals, their occurrences and deliveries, and the Slack activity the engine records."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, SlackId, TeamId


class Ritual(Base):
    """A scheduled ritual: what, where, when (cron in a zone), and how."""

    __tablename__ = "rituals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(TeamId, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    channel_id: Mapped[str | None] = mapped_column(SlackId)
    cron: Mapped[str] = mapped_column(String(100))
    tz: Mapped[str] = mapped_column(String(64))
    config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    next_run_at: Mapped[datetime | None] = mapped_column(index=True)
    created_by: Mapped[str | None] = mapped_column(SlackId)
    created_at: Mapped[datetime]


class Occurrence(Base):
    """One firing of a ritual (or one manual send): the unit the engine claims."""

    __tablename__ = "occurrences"
    __table_args__ = (
        UniqueConstraint("ritual_id", "scheduled_for"),
        Index("ix_occurrences_status", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(TeamId, index=True)
    ritual_id: Mapped[int | None] = mapped_column(ForeignKey("rituals.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20))
    channel_id: Mapped[str | None] = mapped_column(SlackId)
    scheduled_for: Mapped[datetime]
    # pending -> planned | skipped | failed
    status: Mapped[str] = mapped_column(String(16), default="pending")
    reason: Mapped[str | None] = mapped_column(String(200))
    config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by: Mapped[str | None] = mapped_column(SlackId)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None]
    created_at: Mapped[datetime]
    planned_at: Mapped[datetime | None]


class Delivery(Base):
    """One message to one recipient for one occurrence; sent at most once."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("occurrence_id", "kind", "recipient"),
        Index("ix_deliveries_due", "status", "not_before"),
        # Covers the weekly metrics' prompt counts.
        Index("ix_deliveries_prompts", "team_id", "kind", "sent_at", "status", "recipient"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(TeamId)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))
    recipient: Mapped[str] = mapped_column(String(200))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # pending -> claimed -> sending -> sent | failed | skipped; waiting -> sent | failed
    # (a row another delivery settles: someone asked by a pulse posted in a channel)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    not_before: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(String(200))
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None]
    sending_at: Mapped[datetime | None]
    channel: Mapped[str | None] = mapped_column(SlackId)
    message_ts: Mapped[str | None] = mapped_column(String(32))
    sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    # Asked by another delivery's message (one pulse DM a day naming several channels).
    joined_to: Mapped[int | None] = mapped_column(
        ForeignKey("deliveries.id", ondelete="SET NULL"), index=True
    )


class Interaction(Base):
    """A reaction or thread reply: who, to whom, where, when — never the text."""

    __tablename__ = "interactions"
    __table_args__ = (
        Index(
            "ix_interactions_week",
            "team_id",
            "occurred_at",
            "kind",
            "actor_id",
            "target_id",
            "channel_id",
        ),
        Index("ix_interactions_reaction", "team_id", "channel_id", "message_ts", "actor_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(TeamId)
    channel_id: Mapped[str] = mapped_column(SlackId)
    actor_id: Mapped[str] = mapped_column(SlackId)
    target_id: Mapped[str | None] = mapped_column(SlackId)
    kind: Mapped[str] = mapped_column(String(12))  # reaction | reply
    message_ts: Mapped[str | None] = mapped_column(String(32))
    reaction: Mapped[str | None] = mapped_column(String(100))
    reply_ts: Mapped[str | None] = mapped_column(String(32))
    occurred_at: Mapped[datetime]


class ProcessedEvent(Base):
    """A Slack event id already handled, so retries count once."""

    __tablename__ = "processed_events"

    team_id: Mapped[str] = mapped_column(TeamId, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(index=True)

"""Retros: their cards, votes and action items."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, SlackId, TeamId


class Retro(Base):
    """A retrospective in a channel."""

    __tablename__ = "retros"
    __table_args__ = (Index("ix_retros_team_channel", "team_id", "channel_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(TeamId)
    channel_id: Mapped[str] = mapped_column(SlackId)
    title: Mapped[str] = mapped_column(String(200))
    format: Mapped[str] = mapped_column(String(32))
    # collecting -> voting -> closed
    status: Mapped[str] = mapped_column(String(12), default="collecting")
    facilitator_id: Mapped[str] = mapped_column(SlackId)
    votes_per_person: Mapped[int] = mapped_column(Integer, default=3)
    # Keyed-hash secret for anonymous cards; set to NULL (destroyed) when voting starts.
    secret: Mapped[str | None] = mapped_column(String(128))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    summary_ts: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime]
    voting_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]


class RetroCard(Base):
    """A card on a retro column; anonymous cards keep no readable author."""

    __tablename__ = "retro_cards"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(TeamId)
    retro_id: Mapped[int] = mapped_column(ForeignKey("retros.id", ondelete="CASCADE"), index=True)
    column: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    author_id: Mapped[str | None] = mapped_column(SlackId)
    author_hash: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class RetroVote(Base):
    """One dot vote: a row, never a counter."""

    __tablename__ = "retro_votes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(TeamId)
    retro_id: Mapped[int] = mapped_column(ForeignKey("retros.id", ondelete="CASCADE"), index=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("retro_cards.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(SlackId)
    created_at: Mapped[datetime]


class ActionItem(Base):
    """A retro action item with its owner."""

    __tablename__ = "action_items"
    __table_args__ = (
        Index("ix_action_items_team_channel", "team_id", "channel_id", "status"),
        UniqueConstraint("team_id", "request_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(TeamId)
    channel_id: Mapped[str] = mapped_column(SlackId)
    retro_id: Mapped[int | None] = mapped_column(ForeignKey("retros.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[str | None] = mapped_column(SlackId)
    created_by: Mapped[str] = mapped_column(SlackId)
    # open -> done
    status: Mapped[str] = mapped_column(String(8), default="open")
    created_at: Mapped[datetime]
    done_at: Mapped[datetime | None]
    # the owner's DM about the item (updated when it closes)
    dm_channel: Mapped[str | None] = mapped_column(String(32))
    dm_ts: Mapped[str | None] = mapped_column(String(32))
    # the request that added it (a slash command's trigger_id): added once however often sent
    request_key: Mapped[str | None] = mapped_column(String(64))

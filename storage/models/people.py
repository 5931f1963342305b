"""Workspaces, the people in them, and who they are told about."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, SlackId, TeamId


class Workspace(Base):
    """A Slack workspace Greenroom serves."""

    __tablename__ = "workspaces"

    team_id: Mapped[str] = mapped_column(TeamId, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    installer_user_id: Mapped[str | None] = mapped_column(SlackId)
    bot_user_id: Mapped[str | None] = mapped_column(SlackId)
    tz: Mapped[str | None] = mapped_column(String(64))
    holidays_country: Mapped[str | None] = mapped_column(String(8))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    directory_synced_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    uninstalled_at: Mapped[datetime | None]


class Member(Base):
    """A person in a workspace, as far as Greenroom needs to know them."""

    __tablename__ = "members"
    __table_args__ = (
        UniqueConstraint("team_id", "user_id"),
        Index("ix_members_role", "team_id", "user_id", "role"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(TeamId, index=True)
    user_id: Mapped[str] = mapped_column(SlackId)
    name: Mapped[str] = mapped_column(String(200), default="")
    real_name: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(200), default="")
    tz: Mapped[str | None] = mapped_column(String(64))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    is_owner: Mapped[bool] = mapped_column(Boolean, default=False)
    is_bot: Mapped[bool] = mapped_column(Boolean, default=False)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    role: Mapped[str | None] = mapped_column(String(40))
    is_manager: Mapped[bool] = mapped_column(Boolean, default=False)
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    away_until: Mapped[date | None] = mapped_column(Date)
    synced_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class AvoidPair(Base):
    """A member's private wish never to be paired with someone."""

    __tablename__ = "avoid_pairs"

    team_id: Mapped[str] = mapped_column(TeamId, primary_key=True)
    user_id: Mapped[str] = mapped_column(SlackId, primary_key=True)
    avoided_user_id: Mapped[str] = mapped_column(SlackId, primary_key=True)
    created_at: Mapped[datetime]


class Welcome(Base):
    """A member told what a channel's rituals are when they joined it (once per channel)."""

    __tablename__ = "welcomes"

    team_id: Mapped[str] = mapped_column(TeamId, primary_key=True)
    channel_id: Mapped[str] = mapped_column(SlackId, primary_key=True)
    user_id: Mapped[str] = mapped_column(SlackId, primary_key=True)
    sent_at: Mapped[datetime]

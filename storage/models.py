"""The schema: every table carries the workspace (``team_id``) it belongs to.

Times are stored as aware UTC datetimes. Message text is kept only for retro
cards, pulse notes and action items; interactions keep who, to whom and when.
Schema changes go through Alembic migrations in ``storage/migrations``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime stored as UTC (SQLite drops the zone; this restores it)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        from datetime import UTC

        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        from datetime import UTC

        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base with stable constraint names (for migrations)."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON()}


TeamId = String(32)
SlackId = String(32)


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


class Welcome(Base):
    """A member told what a channel's rituals are when they joined it (once per channel)."""

    __tablename__ = "welcomes"

    team_id: Mapped[str] = mapped_column(TeamId, primary_key=True)
    channel_id: Mapped[str] = mapped_column(SlackId, primary_key=True)
    user_id: Mapped[str] = mapped_column(SlackId, primary_key=True)
    sent_at: Mapped[datetime]


class FigureAnswer(Base):
    """An answer a released pulse figure was over: its stable key, whose, and its value.

    ``forget-me`` replaces the key and the person by pseudonyms and clears the value.
    """

    __tablename__ = "figure_answers"
    __table_args__ = (UniqueConstraint("team_id", "answer_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(TeamId)
    answer_key: Mapped[str] = mapped_column(String(64))
    person: Mapped[str] = mapped_column(String(64), index=True)
    value: Mapped[int | None] = mapped_column(Integer)


class FigureSet(Base):
    """A set of answers some released figures were over, stored once (by a hash of its keys)."""

    __tablename__ = "figure_sets"
    __table_args__ = (UniqueConstraint("team_id", "digest"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(TeamId)
    digest: Mapped[str] = mapped_column(String(64))


class FigureSetAnswer(Base):
    """One answer of a figure set."""

    __tablename__ = "figure_set_answers"

    set_id: Mapped[int] = mapped_column(
        ForeignKey("figure_sets.id", ondelete="CASCADE"), primary_key=True
    )
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("figure_answers.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    team_id: Mapped[str] = mapped_column(TeamId)


class FigureRelease(Base):
    """A pulse figure as it was shown (the privacy gate's ledger); ``final`` for closed periods."""

    __tablename__ = "figure_releases"
    __table_args__ = (Index("ix_figure_releases_week", "team_id", "week"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(TeamId)
    week: Mapped[str] = mapped_column(String(10))  # the ISO week the period lies in
    scope: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(16))
    metric: Mapped[str] = mapped_column(String(16))
    grp: Mapped[str] = mapped_column(String(100), default="")
    final: Mapped[bool] = mapped_column(Boolean, default=False)
    count: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    buckets: Mapped[str | None] = mapped_column(String(64))
    set_id: Mapped[int] = mapped_column(ForeignKey("figure_sets.id", ondelete="CASCADE"))
    released_at: Mapped[datetime]

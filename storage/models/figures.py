"""The released-figures ledger: answers behind released pulse figures."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, TeamId


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

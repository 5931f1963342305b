"""The released-figures ledger: answers behind released pulse figures."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, TeamId


class FigureAnswerList(Base):
    """Answers released pulse figures of one week were over, appended in order: their people
    (between commas) and, packed, each answer's key, person and value (``storage.ledger_codec``).

    ``forget-me`` replaces a person's name here and their answers' keys by pseudonyms and
    clears their values.
    """

    __tablename__ = "figure_answer_lists"
    __table_args__ = (Index("ix_figure_answer_lists_week", "team_id", "week"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(TeamId)
    week: Mapped[str] = mapped_column(String(10))
    people: Mapped[str] = mapped_column(Text)
    answers: Mapped[bytes] = mapped_column(LargeBinary)


class FigureSet(Base):
    """A set of one week's answers some released figures were over, stored once (keyed by a
    hash of its week and positions): the answers' positions in the week's lists, packed."""

    __tablename__ = "figure_sets"
    __table_args__ = (UniqueConstraint("team_id", "digest"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(TeamId)
    digest: Mapped[str] = mapped_column(String(64))
    answers: Mapped[bytes] = mapped_column(LargeBinary)


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

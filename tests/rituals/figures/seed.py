"""Answers and roles written as the features store them, and an audit of the ledger."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from rituals.privacy import AnswerRef, Metric, Value
from storage.db import Database
from storage.ledger import load
from storage.metrics import answers_between
from storage.models import FigureRelease, Member, Occurrence, PulseAnswer, Workspace
from tests.rituals.privacy.auditor import Auditor

TEAM = "T1"
MONDAY = datetime(2026, 11, 23, 9, tzinfo=UTC)  # W48, London is on UTC in winter


class Seed:
    """Members with roles and their pulse answers, straight into the database."""

    def __init__(self, db: Database, team_id: str = TEAM) -> None:
        self.db, self.team_id = db, team_id
        self.occurrences: dict[tuple[str, datetime], int] = {}
        with db.session() as session:
            if session.get(Workspace, team_id) is None:
                session.add(
                    Workspace(team_id=team_id, name=team_id, tz="Europe/London", created_at=MONDAY)
                )

    def member(self, user_id: str, role: str | None) -> None:
        with self.db.session() as session:
            session.add(Member(team_id=self.team_id, user_id=user_id, role=role, created_at=MONDAY))

    def move(self, user_id: str, role: str | None) -> None:
        """``role set``: the member's role now."""
        with self.db.session() as session:
            session.execute(
                update(Member)
                .where(Member.team_id == self.team_id, Member.user_id == user_id)
                .values(role=role)
            )

    def answer(
        self, user_id: str, score: int, *, channel: str = "C1", day: int = 0, hour: int = 10
    ) -> None:
        """An answer to ``channel``'s pulse ``day`` days after Monday of W48 (at 09:00), given
        at ``hour``."""
        when = MONDAY + timedelta(days=day)
        with self.db.session() as session:
            key = (channel, when)
            if key not in self.occurrences:
                occurrence = Occurrence(
                    team_id=self.team_id,
                    kind="pulse",
                    channel_id=channel,
                    scheduled_for=when,
                    status="done",
                    config={},
                    created_at=when,
                )
                session.add(occurrence)
                session.flush()
                self.occurrences[key] = occurrence.id
            at = when + timedelta(hours=hour - 9)
            session.add(
                PulseAnswer(
                    team_id=self.team_id,
                    occurrence_id=self.occurrences[key],
                    channel_id=channel,
                    user_id=user_id,
                    score=score,
                    answered_at=at,
                    updated_at=at,
                )
            )


def truth(db: Database, team_id: str = TEAM) -> dict[str, tuple[str, int]]:
    """Every current answer's key, person and value."""
    with db.unit() as unit:
        rows = answers_between(
            unit,
            team_id=team_id,
            start=datetime(2000, 1, 1, tzinfo=UTC),
            end=datetime(2100, 1, 1, tzinfo=UTC),
        )
    return {row.key: (row.user_id, row.score) for row in rows}


def audit(db: Database, known: dict[str, tuple[str, int]], team_id: str = TEAM) -> list[str]:
    """What every figure in the ledger gives away together (empty: nothing); weeks share no
    answers, so each week is audited on its own."""
    with db.unit() as unit:
        weeks = sorted(set(unit.execute(select(FigureRelease.week)).scalars()))
    found: list[str] = []
    for week in weeks:
        found += _audit_week(db, known, team_id, week)
    return found


def released(db: Database, team_id: str = TEAM) -> int:
    """How many releases the ledger holds."""
    with db.unit() as unit:
        return len(
            unit.execute(select(FigureRelease.id).where(FigureRelease.team_id == team_id)).all()
        )


def _audit_week(
    db: Database, known: dict[str, tuple[str, int]], team_id: str, week: str
) -> list[str]:
    with db.unit() as unit:
        ledger = load(unit, team_id=team_id, weeks=[week])
    auditor = Auditor()
    for key, (person, value) in known.items():
        auditor.know(key, person, value)
    for key, (person, _) in ledger.values.items():
        if key not in known:  # erased: the test keeps its truth under the ledger's pseudonym
            raise AssertionError(f"no truth for {key}")
        if known[key][0] != person:
            auditor.know(key, person, known[key][1])
    for release in ledger.releases:
        refs = [AnswerRef(k, p) for k, p in release.refs]
        auditor.record(
            refs, Metric(release.metric), Value(release.count, release.total, release.buckets)
        )
    return auditor.violations()

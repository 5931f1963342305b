"""Retention: old interactions and processed event ids are purged; nothing else is."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from rituals.clock import FakeClock
from storage import retention
from storage.db import Database
from storage.interactions import ReactionKey, add_reaction, add_reply
from storage.models import Interaction, ProcessedEvent
from storage.retention import purge


def _count(db: Database, model: type) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _seed(db: Database, clock: FakeClock) -> None:
    now = clock.now()
    ages = (timedelta(days=401), timedelta(days=400, minutes=1), timedelta(days=399, hours=1))
    with db.unit() as unit:
        for n, age in enumerate((*ages, timedelta(days=10)), start=1):
            add_reaction(
                unit,
                ReactionKey("T1", "C1", f"{n}.0", "U1", "clap"),
                target_id="U2",
                occurred_at=now - age,
            )
    with db.unit() as unit:
        add_reply(
            unit,
            team_id="T2",
            channel_id="C9",
            reply_ts="9.1",
            thread_ts="9.0",
            actor_id="U8",
            target_id="U9",
            occurred_at=now - timedelta(days=500),
        )
    with db.session() as session:
        for event_id, age in (("Ev1", timedelta(days=8)), ("Ev2", timedelta(days=6, hours=1))):
            session.add(ProcessedEvent(team_id="T1", event_id=event_id, received_at=now - age))
        session.add(
            ProcessedEvent(team_id="T2", event_id="Ev1", received_at=now - timedelta(days=30))
        )


def test_purge_removes_only_what_is_older_than_the_limits(db: Database, clock: FakeClock) -> None:
    _seed(db, clock)
    counts = purge(db, now=clock.now(), retention_days=400)
    assert counts == {"interactions": 3, "processed_events": 2}
    with db.session() as session:
        kept = sorted(session.scalars(select(Interaction.message_ts)))
        events = session.execute(select(ProcessedEvent.team_id, ProcessedEvent.event_id)).all()
    assert kept == ["3.0", "4.0"]
    assert [tuple(e) for e in events] == [("T1", "Ev2")]


def test_purge_follows_the_clock_and_is_idempotent(db: Database, clock: FakeClock) -> None:
    _seed(db, clock)
    assert purge(db, now=clock.now(), retention_days=400)["interactions"] == 3
    assert purge(db, now=clock.now(), retention_days=400) == {
        "interactions": 0,
        "processed_events": 0,
    }
    clock.advance(timedelta(days=1))
    assert purge(db, now=clock.now(), retention_days=400) == {
        "interactions": 1,
        "processed_events": 1,
    }
    clock.advance(timedelta(days=30))
    assert purge(db, now=clock.now(), retention_days=30)["interactions"] == 1
    assert _count(db, Interaction) == 0


def test_purge_works_in_batches(
    db: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(retention, "BATCH", 2)
    old = clock.now() - timedelta(days=800)
    with db.unit() as unit:
        for n in range(5):
            add_reaction(
                unit,
                ReactionKey("T1", "C1", f"{n}.0", "U1", "tada"),
                target_id=None,
                occurred_at=old,
            )
    with db.session() as session:
        for n in range(5):
            session.add(ProcessedEvent(team_id="T1", event_id=f"Ev{n}", received_at=old))
    assert purge(db, now=clock.now(), retention_days=400) == {
        "interactions": 5,
        "processed_events": 5,
    }
    assert _count(db, Interaction) == 0
    assert _count(db, ProcessedEvent) == 0


def test_retention_days_must_be_positive(db: Database, clock: FakeClock) -> None:
    with pytest.raises(ValueError):
        purge(db, now=clock.now(), retention_days=0)

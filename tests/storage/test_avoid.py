"""storage/avoid.py on the test database (SQLite, and PostgreSQL with TEST_DATABASE_URL)."""

from __future__ import annotations

from datetime import timedelta

from rituals.clock import FakeClock
from storage import avoid as store
from storage.db import Database

TEAM = "T1"


def test_avoid_lists_are_kept_per_owner_and_read_symmetric(db: Database, clock: FakeClock) -> None:
    with db.unit() as unit:
        add = {"team_id": TEAM, "user_id": "U1", "now": clock.now()}
        assert store.add_avoid(unit, avoided_user_id="U2", **add)
        assert not store.add_avoid(unit, avoided_user_id="U2", **add)
        clock.advance(timedelta(minutes=1))
        assert store.add_avoid(unit, avoided_user_id="U3", **{**add, "now": clock.now()})
        store.add_avoid(unit, team_id="T2", user_id="U1", avoided_user_id="U4", now=clock.now())
        assert store.avoided_by(unit, team_id=TEAM, user_id="U1") == ["U2", "U3"]
        assert store.avoided_by(unit, team_id=TEAM, user_id="U2") == []
        assert store.avoid_lists(unit, team_id=TEAM) == {
            "U1": frozenset({"U2", "U3"}),
            "U2": frozenset({"U1"}),
            "U3": frozenset({"U1"}),
        }
        gone = {"team_id": TEAM, "user_id": "U1", "avoided_user_id": "U2"}
        assert store.remove_avoid(unit, **gone)
        assert not store.remove_avoid(unit, **gone)
        assert store.avoided_by(unit, team_id=TEAM, user_id="U1") == ["U3"]

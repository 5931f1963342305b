"""The members, roles and interactions repositories on the database the suite runs on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage import interactions, members, people, roles
from storage.db import Database
from storage.interactions import ReactionKey

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TEAM = "T1"


def _hash(secret: str, user_id: str) -> str:
    return f"{secret}:{user_id}"


def test_roles_are_set_counted_and_cleared(db: Database) -> None:
    with db.unit() as unit:
        changed = roles.set_roles(
            unit, team_id=TEAM, roles={"U1": "lighting", "U2": "lighting", "U3": None}, now=NOW
        )
        assert changed == 2
        assert roles.counts(unit, team_id=TEAM) == {"lighting": 2}
        assert roles.set_roles(unit, team_id=TEAM, roles={"U1": "lighting"}, now=NOW) == 0
        assert roles.set_roles(unit, team_id=TEAM, roles={"U1": None}, now=NOW) == 1
        assert roles.counts(unit, team_id=TEAM) == {"lighting": 1}
        assert roles.counts(unit, team_id="T2") == {}


def test_a_welcome_is_marked_once_per_person_and_channel(db: Database) -> None:
    with db.unit() as unit:
        assert members.welcome_once(unit, team_id=TEAM, channel_id="C1", user_id="U1", now=NOW)
        assert not members.welcome_once(unit, team_id=TEAM, channel_id="C1", user_id="U1", now=NOW)
        assert members.welcome_once(unit, team_id=TEAM, channel_id="C2", user_id="U1", now=NOW)


def test_erase_member_counts_and_touches_one_person_in_one_workspace(db: Database) -> None:
    with db.unit() as unit:
        for team in (TEAM, "T2"):
            people.change(unit, team_id=team, user_id="U1", now=NOW, role="sound")
            people.change(unit, team_id=team, user_id="U2", now=NOW)
            members.welcome_once(unit, team_id=team, channel_id="C1", user_id="U1", now=NOW)
        key = ReactionKey(TEAM, "C1", "1.0", "U2", "clap")
        interactions.add_reaction(unit, key, target_id="U1", occurred_at=NOW)
    with db.unit() as unit:
        erased = members.erase_member(unit, team_id=TEAM, user_id="U1", author_hash=_hash)
    assert (erased.member_rows, erased.welcomes, erased.interactions) == (1, 1, 1)
    with db.unit() as unit:
        left = people.load(unit, team_id=TEAM, user_ids=["U1", "U2"])
        assert set(left) == {"U2"}
        assert set(people.load(unit, team_id="T2", user_ids=["U1"])) == {"U1"}


def test_events_are_remembered_per_workspace(db: Database) -> None:
    with db.unit() as unit:
        assert interactions.remember_event(unit, team_id=TEAM, event_id="Ev1", now=NOW)
        assert not interactions.remember_event(unit, team_id=TEAM, event_id="Ev1", now=NOW)
        assert interactions.remember_event(unit, team_id="T2", event_id="Ev1", now=NOW)


def test_a_late_removal_leaves_a_reaction_added_again_alone(db: Database) -> None:
    key = ReactionKey(TEAM, "C1", "1.0", "U1", "clap")
    with db.unit() as unit:
        assert interactions.add_reaction(unit, key, target_id="U2", occurred_at=NOW)
        assert not interactions.add_reaction(unit, key, target_id="U2", occurred_at=NOW)
        early = NOW - timedelta(minutes=1)
        assert not interactions.remove_reaction(unit, key, removed_at=early)
        assert interactions.remove_reaction(unit, key, removed_at=NOW)
        assert not interactions.remove_reaction(unit, key, removed_at=NOW)

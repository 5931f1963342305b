"""storage/pairing.py on the test database (SQLite, and PostgreSQL with TEST_DATABASE_URL)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from rituals.clock import FakeClock
from storage import deliveries, occurrences, sends
from storage import pairing as store
from storage.db import Database
from storage.deliveries import NewDelivery
from storage.pairing import NewGroup, PairedMember

TEAM = "T1"


def occurrence(db: Database, clock: FakeClock, *, team_id: str = TEAM, channel: str = "C1") -> int:
    with db.unit() as unit:
        found = occurrences.add(
            unit,
            team_id=team_id,
            kind="shadow",
            channel_id=channel,
            config={"size": 2},
            created_by="U0",
            scheduled_for=clock.now(),
            now=clock.now(),
        )
    assert found is not None
    return found


def group(*members: tuple[str, str | None], cross: bool = True) -> NewGroup:
    return NewGroup(tuple(PairedMember(u, r) for u, r in members), cross, "Try something.")


def make_round(db: Database, clock: FakeClock, groups: list[NewGroup], **kw: object) -> int:
    oid = occurrence(db, clock, **kw)  # type: ignore[arg-type]
    with db.unit() as unit:
        store.lock_occurrence(unit, occurrence_id=oid)
        store.create_round(
            unit,
            team_id=TEAM,
            occurrence_id=oid,
            channel_id=str(kw.get("channel", "C1")),
            groups=groups,
            unplaced=[("U9", "no group this round")],
            cross_role_bound=len(groups),
            now=clock.now(),
        )
    return oid


def test_a_round_is_stored_with_its_groups_and_marked_on_its_occurrence(
    db: Database, clock: FakeClock
) -> None:
    oid = occurrence(db, clock)
    with db.unit() as unit:
        assert store.stored_round(unit, team_id=TEAM, occurrence_id=oid) is None
    oid = make_round(db, clock, [group(("U2", "sound"), ("U1", "lighting"))])
    with db.unit() as unit:
        found = store.stored_round(unit, team_id=TEAM, occurrence_id=oid)
        assert store.stored_round(unit, team_id="T2", occurrence_id=oid) is None
        with pytest.raises(LookupError):
            store.create_round(
                unit,
                team_id="T2",
                occurrence_id=oid,
                channel_id="C1",
                groups=[],
                unplaced=[],
                cross_role_bound=None,
                now=clock.now(),
            )
    assert found is not None
    assert found.created_at == clock.now() and found.channel_id == "C1"
    assert found.unplaced == (("U9", "no group this round"),) and found.cross_role_bound == 1
    [pairing] = found.pairings
    assert pairing.user_ids == ("U1", "U2")  # sorted
    assert pairing.members[0] == PairedMember("U1", "lighting")
    assert (pairing.cross_role, pairing.suggestion, pairing.met) == (True, "Try something.", None)


def test_recent_rounds_are_newest_first_per_channel_or_workspace(
    db: Database, clock: FakeClock
) -> None:
    first = make_round(db, clock, [group(("U1", None), ("U2", None))])
    clock.advance(timedelta(days=7))
    second = make_round(db, clock, [group(("U1", None), ("U3", None))])
    other = make_round(db, clock, [group(("U5", None), ("U6", None))], channel="C2")
    occurrence(db, clock)  # a round with no groups yet is not a round
    with db.unit() as unit:
        in_c1 = store.recent_rounds(unit, team_id=TEAM, channel_id="C1", rounds=5)
        before = store.recent_rounds(
            unit, team_id=TEAM, channel_id="C1", rounds=5, before_occurrence=second
        )
        everywhere = store.recent_rounds(unit, team_id=TEAM, channel_id=None, rounds=2)
        elsewhere = store.recent_rounds(unit, team_id="T2", channel_id=None, rounds=5)
    assert [r.occurrence_id for r in in_c1] == [second, first]
    assert [r.occurrence_id for r in before] == [first]
    assert [r.occurrence_id for r in everywhere] == [other, second]
    assert elsewhere == []
    assert in_c1[0].pairings[0].user_ids == ("U1", "U3")


def test_a_members_pairings_answers_and_group_channel(db: Database, clock: FakeClock) -> None:
    make_round(db, clock, [group(("U1", None), ("U2", None)), group(("U3", None), ("U4", None))])
    clock.advance(timedelta(days=7))
    make_round(db, clock, [group(("U1", None), ("U3", None))])
    with db.unit() as unit:
        mine = store.pairings_of_member(unit, team_id=TEAM, user_id="U1", limit=5)
        assert [p.user_ids for p in mine] == [("U1", "U3"), ("U1", "U2")]
        assert store.pairings_of_member(unit, team_id=TEAM, user_id="U1", limit=1) == mine[:1]
        pid = mine[0].id
        store.set_group_channel(unit, team_id=TEAM, pairing_id=pid, channel="G1")
        store.record_met(
            unit, team_id="T2", pairing_id=pid, user_id="U1", met=True, now=clock.now()
        )
        assert store.get_pairing(unit, team_id=TEAM, pairing_id=pid).met is None  # type: ignore[union-attr]
        store.record_met(
            unit, team_id=TEAM, pairing_id=pid, user_id="U3", met=False, now=clock.now()
        )
        found = store.get_pairing(unit, team_id=TEAM, pairing_id=pid)
        assert store.get_pairing(unit, team_id="T2", pairing_id=pid) is None
        assert store.get_pairing(unit, team_id=TEAM, pairing_id=10**6) is None
    assert found is not None
    assert (found.group_channel, found.met, found.met_answered_by) == ("G1", False, "U3")
    assert found.met_at == clock.now()


def test_group_message_is_where_a_groups_delivery_stands(db: Database, clock: FakeClock) -> None:
    oid = occurrence(db, clock)
    with db.unit() as unit:
        [record] = occurrences.claim(unit, now=clock.now(), until=clock.now(), worker="w")
        deliveries.add(
            unit,
            occurrence=record,
            rows=[NewDelivery("shadow_intro", "pairing:1", {}, clock.now())],
            now=clock.now(),
        )
        ids = {"team_id": TEAM, "occurrence_id": oid, "recipient": "pairing:1"}
        pending = store.group_message(unit, kind="shadow_intro", **ids)
        assert store.group_message(unit, kind="shadow_followup", **ids) is None
        [claimed] = deliveries.claim_due(unit, now=clock.now(), worker="w", until=clock.now())
        sends.mark_sent(unit, claimed.delivery.id, channel="G1", ts="1.5", now=clock.now())
        sent = store.group_message(unit, kind="shadow_intro", **ids)
    assert pending == store.GroupMessage("pending", None, None)
    assert sent == store.GroupMessage("sent", "G1", "1.5")

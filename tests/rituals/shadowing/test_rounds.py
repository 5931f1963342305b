"""Making a round: the pairing input, and a round made and stored exactly once."""

from __future__ import annotations

from rituals.engine.types import OccurrenceInfo
from rituals.people import Person
from rituals.shadowing import rounds
from rituals.shadowing.options import KIND, RoundOptions
from storage import occurrences
from storage.pairing import PairedMember, PairingRecord, RoundRecord
from tests.conftest import START
from tests.rituals.shadowing.conftest import CREW, TEAM, Crew


def person(user_id: str, role: str | None, tz: str | None = "Europe/London") -> Person:
    return Person(
        user_id=user_id,
        name=user_id.lower(),
        real_name=user_id,
        tz=tz,
        role=role,
        is_admin=False,
        is_owner=False,
        is_bot=False,
        deleted=False,
        is_manager=False,
        opted_out=False,
        away_until=None,
    )


def stored(pid: int, occurrence: int, members: tuple[str, ...], met: bool | None) -> PairingRecord:
    return PairingRecord(
        id=pid,
        team_id=TEAM,
        occurrence_id=occurrence,
        channel_id="C1",
        cross_role=True,
        suggestion="",
        group_channel=None,
        met=met,
        met_answered_by=None,
        met_at=None,
        created_at=START,
        members=tuple(PairedMember(uid, None) for uid in members),
    )


def test_candidates_carry_zone_offsets_last_meeting_and_last_trio() -> None:
    last = RoundRecord(2, "C1", START, (stored(3, 2, ("A", "B", "C"), False),))
    older = RoundRecord(
        1, "C1", START, (stored(1, 1, ("A", "D"), True), stored(2, 1, ("E", "F"), True))
    )
    people = [
        person("A", "lighting"),
        person("D", "sound", tz="America/New_York"),
        person("G", None, tz=None),
        person("E", "camera", tz="Not/AZone"),
    ]
    made = rounds.candidates(people, [last, older], START)
    found = {c.user_id: c for c in made}
    assert [c.user_id for c in made] == ["A", "D", "E", "G"]
    assert (found["A"].last_met, found["A"].was_in_triple_last_round) == (False, True)
    assert (found["D"].last_met, found["D"].was_in_triple_last_round) == (True, False)
    assert found["G"].last_met is None and found["G"].role is None
    assert found["A"].utc_offset_minutes == 0
    assert found["D"].utc_offset_minutes == -300
    assert found["E"].utc_offset_minutes == 0 and found["G"].utc_offset_minutes == 0


def test_cross_role_needs_two_known_roles() -> None:
    assert rounds.is_cross_role(["lighting", "sound"])
    assert not rounds.is_cross_role(["lighting", "lighting", None])
    assert not rounds.is_cross_role([None, None])


def test_a_round_is_made_once_however_often_it_is_asked_for(crew: Crew) -> None:
    svc = crew.svc
    config = RoundOptions().as_config()
    with svc.db.unit() as unit:
        oid = occurrences.add(
            unit,
            team_id=TEAM,
            kind=KIND,
            channel_id=CREW,
            config=config,
            created_by=crew.boss,
            scheduled_for=svc.clock.now(),
            now=svc.clock.now(),
        )
    assert oid is not None
    occurrence = OccurrenceInfo(oid, TEAM, None, KIND, CREW, svc.clock.now(), config, crew.boss)
    first = rounds.ensure_round(svc, occurrence)
    again = rounds.ensure_round(svc, occurrence, eligible=[person("U1ANA", None)])
    assert again == first and len(first.pairings) == 3
    assert first.cross_role_bound == 3 and first.unplaced == ()
    assert len(crew.groups()) == 3

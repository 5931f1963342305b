"""Avoid lists: kept private, respected, and never the stated reason for anything."""

from __future__ import annotations

from datetime import timedelta

import pytest

from rituals.errors import NotFound, UsageError
from rituals.services import Services
from rituals.shadowing import avoid, manage
from rituals.shadowing.messages import Avoided, Unplaced
from rituals.shadowing.options import RoundOptions
from tests.fakes import FakeSlack
from tests.rituals.shadowing.conftest import CREW, TEAM, Crew, make_crew, together


def test_avoid_unavoid_and_my_list(crew: Crew) -> None:
    ana, ben, cleo = crew.members[:3]
    me = crew.actor(ana)
    assert avoid.avoid_list(crew.svc, me).people == ()
    added = avoid.avoid(crew.svc, me, user_id=ben)
    assert added.changed and added.person == Avoided(ben, ben.lower(), ben.lower())
    assert not avoid.avoid(crew.svc, me, user_id=ben).changed
    crew.svc.clock.advance(timedelta(minutes=1))  # type: ignore[attr-defined]
    avoid.avoid(crew.svc, me, user_id=cleo)
    assert [p.user_id for p in avoid.avoid_list(crew.svc, me).people] == [ben, cleo]
    assert avoid.avoid_list(crew.svc, crew.actor(ben)).people == ()  # ben sees nothing of it
    assert avoid.unavoid(crew.svc, me, user_id=ben).changed
    assert not avoid.unavoid(crew.svc, me, user_id=ben).changed
    assert [p.user_id for p in avoid.avoid_list(crew.svc, me).people] == [cleo]
    assert crew.slack.sent == []  # nobody was told anything


def test_avoiding_oneself_or_a_stranger_is_refused(crew: Crew) -> None:
    me = crew.actor(crew.members[0])
    with pytest.raises(UsageError, match="That's you"):
        avoid.avoid(crew.svc, me, user_id=crew.members[0])
    with pytest.raises(NotFound):
        avoid.unavoid(crew.svc, me, user_id="U404")


def test_avoided_people_are_never_grouped(crew: Crew) -> None:
    ana, ben = crew.members[:2]
    avoid.avoid(crew.svc, crew.actor(ana), user_id=ben)
    for _ in range(4):
        manage.pair_now(crew.svc, crew.manager, channel_id=CREW, options=RoundOptions())
    assert len(crew.groups()) == 12 and not together(crew.groups(), ana, ben)


def test_two_people_who_cannot_meet_hear_what_an_absence_would_say(
    svc: Services, slack: FakeSlack
) -> None:
    """In a channel of two where A avoids B, B learns no more than if A were away."""
    crew = make_crew(svc, slack, {"U1ANA": "lighting", "U2BEN": "sound", "U3CY": "camera"})
    ana, ben, cy = crew.members
    svc.people.update(TEAM, cy, opted_out=True)
    avoid.avoid(svc, crew.actor(ana), user_id=ben)
    report = manage.pair_now(svc, crew.manager, channel_id=CREW, options=RoundOptions())
    assert report.group_sizes == () and report.unplaced == 2
    crew.drain()
    told = crew.unplaced()
    assert told == {ana: Unplaced(CREW), ben: Unplaced(CREW)}

    # The same channel when Ana is simply away: Ben is the only one, and hears the same.
    svc.people.update(TEAM, ana, away_until=svc.clock.now().date() + timedelta(days=30))
    manage.schedule(svc, crew.manager, cron="0 9 * * *", channel_id=CREW, options=RoundOptions())
    svc.clock.advance(timedelta(days=1, hours=1))  # type: ignore[attr-defined]
    crew.drain()
    later = [s.message for s in slack.sent if s.channel == ben and s.kind == "post"]
    assert later == [Unplaced(CREW), Unplaced(CREW)]
    assert "avoid" not in repr(crew.slack.sent).lower()

"""``shadow history``: managers see counts, members see their own groups."""

from __future__ import annotations

from datetime import timedelta

from rituals.shadowing import answers, history, manage
from rituals.shadowing.messages import Followup, MyHistory, TeamHistory
from rituals.shadowing.options import RoundOptions
from tests.rituals.shadowing.conftest import CREW, ROLES, TEAM, Crew


def test_a_manager_sees_rounds_in_counts(crew: Crew) -> None:
    assert history.history(crew.svc, crew.manager) == TeamHistory((), "Europe/London")
    options = RoundOptions.checked(followup=timedelta(0))
    manage.pair_now(crew.svc, crew.manager, channel_id=CREW, options=options)
    crew.drain()
    [first, second, *_] = crew.followups()
    for question, met in ((first, True), (second, False)):
        answers.answer(
            crew.svc,
            team_id=TEAM,
            user_id=question.member_ids[0],
            pairing_id=question.pairing_id,
            met=met,
        )
    found = history.history(crew.svc, crew.manager)
    assert isinstance(found, TeamHistory)
    [stats] = found.rounds
    assert (stats.groups, stats.cross_role, stats.met, stats.missed, stats.waiting) == (
        3,
        3,
        1,
        1,
        1,
    )
    assert stats.channel_id == CREW
    assert history.history(crew.svc, crew.manager, channel_id="C2").rounds == ()  # type: ignore[union-attr]


def test_a_member_sees_only_their_own_groups(crew: Crew) -> None:
    options = RoundOptions.checked(followup=timedelta(0))
    manage.pair_now(crew.svc, crew.manager, channel_id=CREW, options=options)
    crew.drain()
    me = crew.members[0]
    [question] = [q for q in crew.followups() if me in q.member_ids]
    answers.answer(crew.svc, team_id=TEAM, user_id=me, pairing_id=question.pairing_id, met=True)
    found = history.history(crew.svc, crew.actor(me))
    assert isinstance(found, MyHistory)
    [mine] = found.pairings
    [partner_id] = [uid for uid in question.member_ids if uid != me]
    assert [(p.name, p.role) for p in mine.partners] == [(partner_id.lower(), ROLES[partner_id])]
    assert mine.met is True and mine.created_at == crew.svc.clock.now()
    assert isinstance(crew.followups()[0], Followup)

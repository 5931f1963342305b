""" "Did you meet?": only the group answers, and only the group's own message is redrawn."""

from __future__ import annotations

from datetime import timedelta

import pytest

from rituals.errors import NotAllowed, NotFound
from rituals.shadowing import answers, manage
from rituals.shadowing.messages import Followup
from rituals.shadowing.options import RoundOptions
from storage import pairing as store
from tests.rituals.shadowing.conftest import CREW, TEAM, Crew


def asked(crew: Crew) -> list[tuple[str, Followup]]:
    manage.pair_now(
        crew.svc,
        crew.manager,
        channel_id=CREW,
        options=RoundOptions.checked(followup=timedelta(0)),
    )
    crew.drain()
    return crew.posts(Followup)  # type: ignore[return-value]


def test_the_last_answer_wins_and_says_who_gave_it(crew: Crew) -> None:
    [(channel, question), *_] = asked(crew)
    first, second = question.member_ids
    for who, met in ((first, False), (second, True)):
        crew.svc.clock.advance(timedelta(minutes=1))  # type: ignore[attr-defined]
        done = answers.answer(
            crew.svc, team_id=TEAM, user_id=who, pairing_id=question.pairing_id, met=met
        )
        assert done == answers.Answered(TEAM, question.pairing_id, met)
    with crew.svc.db.unit() as unit:
        pairing = store.get_pairing(unit, team_id=TEAM, pairing_id=question.pairing_id)
    assert pairing is not None
    assert (pairing.met, pairing.met_answered_by, pairing.met_at) == (
        True,
        second,
        crew.svc.clock.now(),
    )


def test_someone_outside_the_group_cannot_answer_for_it(crew: Crew) -> None:
    [(_, question), *_] = asked(crew)
    outsider = next(uid for uid in crew.members if uid not in question.member_ids)
    with pytest.raises(NotAllowed, match="Only the people in this shadowing pairing"):
        answers.answer(
            crew.svc, team_id=TEAM, user_id=outsider, pairing_id=question.pairing_id, met=True
        )
    with pytest.raises(NotFound):  # the same group seen from another workspace
        answers.answer(
            crew.svc,
            team_id="T2",
            user_id=question.member_ids[0],
            pairing_id=question.pairing_id,
            met=True,
        )
    for pairing_id in (0, -1, 10**6, 2**31, 10**30):
        with pytest.raises(NotFound):
            answers.answer(
                crew.svc, team_id=TEAM, user_id=outsider, pairing_id=pairing_id, met=True
            )
    with crew.svc.db.unit() as unit:
        assert store.get_pairing(unit, team_id=TEAM, pairing_id=question.pairing_id).met is None  # type: ignore[union-attr]


def test_the_redraw_updates_the_groups_own_message_only(crew: Crew) -> None:
    [(channel, question), *_] = asked(crew)
    [posted] = [s for s in crew.slack.sent if s.message == question]
    who = question.member_ids[1]
    answers.answer(crew.svc, team_id=TEAM, user_id=who, pairing_id=question.pairing_id, met=True)
    before = len(crew.slack.sent)
    assert answers.show_answer(crew.svc, team_id=TEAM, pairing_id=question.pairing_id)
    [update] = crew.slack.sent[before:]
    assert (update.kind, update.channel, update.ts) == ("update", channel, posted.ts)
    assert update.message == Followup(
        question.pairing_id, question.member_ids, met=True, answered_by=who
    )
    assert not answers.show_answer(crew.svc, team_id=TEAM, pairing_id=10**6)
    assert not answers.show_answer(crew.svc, team_id="T2", pairing_id=question.pairing_id)
    assert len(crew.slack.sent) == before + 1


def test_no_redraw_before_the_question_went_out(crew: Crew) -> None:
    manage.pair_now(crew.svc, crew.manager, channel_id=CREW, options=RoundOptions())
    crew.drain()  # the intros; "Did you meet?" is three days away
    [group] = [g for g in crew.groups()][:1]
    with crew.svc.db.unit() as unit:
        [pairing] = store.pairings_of_member(unit, team_id=TEAM, user_id=group[0], limit=1)
    answers.answer(crew.svc, team_id=TEAM, user_id=group[0], pairing_id=pairing.id, met=True)
    before = len(crew.slack.sent)
    assert not answers.show_answer(crew.svc, team_id=TEAM, pairing_id=pairing.id)
    assert len(crew.slack.sent) == before

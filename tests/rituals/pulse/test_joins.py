"""One pulse DM a day per person and question, naming the channels it is for."""

from __future__ import annotations

from datetime import timedelta

import pytest

from rituals.actors import Actor
from rituals.engine.engine import Engine
from rituals.pulse import answers, manage
from rituals.pulse.fanout import FINISHERS, PLANNERS, SENDERS
from rituals.pulse.messages import Prompt
from rituals.services import Services
from storage import pulse as store
from tests.fakes import FakeSlack

TEAM = "T1"
CHANNELS = ("C1", "C2", "C3")


@pytest.fixture
def crew(svc: Services, slack: FakeSlack) -> list[str]:
    """A manager and two members in three channels; a third member in C1 only."""
    boss = slack.add_person("U0BOSS", is_admin=True)
    both = [slack.add_person("U01"), slack.add_person("U02")]
    only = slack.add_person("U03")
    for channel in CHANNELS:
        slack.add_channel(
            channel, channel.lower(), [boss, *both, *([only] if channel == "C1" else [])]
        )
    return [boss, *both, only]


def run(svc: Services) -> None:
    Engine(svc, planners=PLANNERS, senders=SENDERS, finishers=FINISHERS).drain()


def dms(slack: FakeSlack, user: str) -> list[Prompt]:
    return [s.message for s in slack.sent if s.channel == user and isinstance(s.message, Prompt)]


def test_three_channels_one_dm_naming_them_and_one_answer_for_each(
    svc: Services, slack: FakeSlack, crew: list[str]
) -> None:
    for channel in CHANNELS:
        manage.send_now(svc, Actor(TEAM, crew[0]), channel_id=channel)
    run(svc)
    member = crew[1]
    posts = [s for s in slack.sent if s.channel == member and s.kind == "post"]
    assert len(posts) == 1
    updates = [s for s in slack.sent if s.channel == member and s.kind == "update"]
    latest = updates[-1].message if updates else posts[0].message
    assert isinstance(latest, Prompt) and set(latest.channels) == set(CHANNELS)
    assert len([s for s in slack.sent if s.channel == crew[3] and s.kind == "post"]) == 1

    dm = posts[0]
    assert isinstance(dm.message, Prompt)
    done = answers.answer(
        svc,
        team_id=TEAM,
        user_id=member,
        occurrence_id=dm.message.occurrence_id,
        score=4,
        clicked=answers.Clicked(member, dm.ts),
    )
    assert done.accepted
    answers.save_note(
        svc, team_id=TEAM, user_id=member, occurrence_id=dm.message.occurrence_id, text="Busy day"
    )
    with svc.db.unit() as unit:
        for occurrence in (1, 2, 3):
            ids = {"team_id": TEAM, "occurrence_id": occurrence, "user_id": member}
            assert store.answer_of(unit, **ids) == 4
            assert store.note_of(unit, **ids) == "Busy day"


def test_one_reminder_however_many_channels(svc: Services, slack: FakeSlack, crew: list[str]):
    for channel in CHANNELS:
        manage.send_now(svc, Actor(TEAM, crew[0]), channel_id=channel)
    run(svc)
    svc.clock.advance(timedelta(hours=4))  # type: ignore[attr-defined]
    run(svc)
    reminders = [m for m in dms(slack, crew[2]) if m.reminder]
    assert len(reminders) == 1 and set(reminders[0].channels) == set(CHANNELS)


def test_an_answer_given_before_another_channel_asks_counts_for_it_too(
    svc: Services, slack: FakeSlack, crew: list[str]
) -> None:
    manage.send_now(svc, Actor(TEAM, crew[0]), channel_id="C1")
    run(svc)
    [dm] = [s for s in slack.sent if s.channel == crew[1] and s.kind == "post"]
    assert isinstance(dm.message, Prompt)
    answers.answer(
        svc,
        team_id=TEAM,
        user_id=crew[1],
        occurrence_id=dm.message.occurrence_id,
        score=2,
        clicked=answers.Clicked(crew[1], dm.ts),
    )
    svc.clock.advance(timedelta(hours=2))  # type: ignore[attr-defined]
    manage.send_now(svc, Actor(TEAM, crew[0]), channel_id="C2")
    run(svc)
    assert len([s for s in slack.sent if s.channel == crew[1] and s.kind == "post"]) == 1
    with svc.db.unit() as unit:
        assert store.answer_of(unit, team_id=TEAM, occurrence_id=2, user_id=crew[1]) == 2
    redrawn = [s.message for s in slack.sent if s.channel == crew[1] and s.kind == "update"]
    assert isinstance(redrawn[-1], Prompt) and redrawn[-1].channels == ("C1", "C2")
    assert redrawn[-1].score == 2


def test_a_different_question_gets_its_own_dm(svc: Services, slack: FakeSlack, crew: list[str]):
    from rituals.pulse import PulseConfig

    manage.send_now(svc, Actor(TEAM, crew[0]), channel_id="C1")
    manage.schedule(
        svc,
        Actor(TEAM, crew[0]),
        cron="0 9 * * *",
        channel_id="C2",
        config=PulseConfig(question="How rested do you feel?"),
    )
    svc.clock.advance(timedelta(hours=1, minutes=1))  # type: ignore[attr-defined]
    run(svc)
    assert len([s for s in slack.sent if s.channel == crew[1] and s.kind == "post"]) == 2

"""The pulse asked in a channel: one post, private answers, a count, a thread nudge."""

from __future__ import annotations

from datetime import timedelta

import pytest

from rituals.actors import Actor
from rituals.engine.engine import Engine
from rituals.errors import UsageError
from rituals.pulse import PulseConfig, answers, manage
from rituals.pulse import channel as channel_pulse
from rituals.pulse.fanout import FINISHERS, PLANNERS, SENDERS
from rituals.pulse.messages import ChannelNudge, ChannelPrompt, Prompt
from rituals.services import Services
from storage import pulse as store
from tests.fakes import FakeSlack

TEAM, CREW = "T1", "C1"


@pytest.fixture
def crew(svc: Services, slack: FakeSlack) -> list[str]:
    people = [slack.add_person("U0BOSS", is_admin=True)]
    people += [slack.add_person(f"U{n:02d}") for n in range(1, 7)]
    slack.add_channel(CREW, "crew", people)
    return people


def run(svc: Services) -> None:
    Engine(svc, planners=PLANNERS, senders=SENDERS, finishers=FINISHERS).drain()


def post(slack: FakeSlack) -> tuple[ChannelPrompt, str]:
    [sent] = [s for s in slack.sent if s.channel == CREW and s.kind == "post"]
    assert isinstance(sent.message, ChannelPrompt)
    return sent.message, sent.ts


def click(svc: Services, user: str, occurrence: int, ts: str, score: int) -> answers.Answered:
    return answers.answer(
        svc,
        team_id=TEAM,
        user_id=user,
        occurrence_id=occurrence,
        score=score,
        clicked=answers.Clicked(CREW, ts),
    )


def test_one_post_asks_everyone_and_no_one_gets_a_dm(
    svc: Services, slack: FakeSlack, crew: list[str]
) -> None:
    manage.send_now(svc, Actor(TEAM, crew[0]), channel_id=CREW, in_channel=True)
    run(svc)
    prompt, ts = post(slack)
    assert [s for s in slack.sent if isinstance(s.message, Prompt)] == []
    with svc.db.unit() as unit:
        asked = [
            store.member_messages(
                unit, team_id=TEAM, occurrence_id=prompt.occurrence_id, user_id=user
            )
            for user in crew
        ]
    assert all(m[0].status == "sent" and (m[0].channel, m[0].ts) == (CREW, ts) for m in asked)


def test_clicks_are_private_and_the_post_only_counts(
    svc: Services, slack: FakeSlack, crew: list[str]
) -> None:
    manage.send_now(svc, Actor(TEAM, crew[0]), channel_id=CREW, in_channel=True)
    run(svc)
    prompt, ts = post(slack)
    occurrence = prompt.occurrence_id
    assert click(svc, crew[1], occurrence, ts, 2).in_channel
    assert click(svc, crew[1], occurrence, ts, 4).accepted  # the last click wins
    assert click(svc, crew[2], occurrence, ts, 5).accepted
    assert not click(svc, "U99", occurrence, ts, 1).accepted  # not in the channel's pulse
    assert answers.confirm(svc, team_id=TEAM, occurrence_id=occurrence, user_id=crew[1]) == 0
    assert channel_pulse.refresh(svc, team_id=TEAM, occurrence_id=occurrence)
    update = slack.sent[-1]
    assert update.kind == "update" and update.ts == ts
    assert update.message == ChannelPrompt(occurrence, prompt.question, answered=2, min_group=3)
    with svc.db.unit() as unit:
        ids = {"team_id": TEAM, "occurrence_id": occurrence}
        assert store.answer_of(unit, user_id=crew[1], **ids) == 4


def test_the_reminder_is_one_thread_reply(svc: Services, slack: FakeSlack, crew: list[str]):
    manage.send_now(svc, Actor(TEAM, crew[0]), channel_id=CREW, in_channel=True)
    run(svc)
    prompt, ts = post(slack)
    click(svc, crew[3], prompt.occurrence_id, ts, 3)
    svc.clock.advance(timedelta(hours=4))  # type: ignore[attr-defined]
    run(svc)
    nudges = [s for s in slack.sent if isinstance(s.message, ChannelNudge)]
    assert [(n.channel, n.message) for n in nudges] == [
        (CREW, ChannelNudge(prompt.question, answered=1))
    ]
    assert len([s for s in slack.sent if s.kind == "post"]) == 2


def test_a_post_that_never_goes_out_asks_no_one(
    svc: Services, slack: FakeSlack, crew: list[str]
) -> None:
    from rituals.ports import SlackFailure

    slack.fail_next.append(SlackFailure("channel_not_found", transient=False))
    manage.send_now(svc, Actor(TEAM, crew[0]), channel_id=CREW, in_channel=True)
    run(svc)
    with svc.db.unit() as unit:
        rows = store.member_messages(unit, team_id=TEAM, occurrence_id=1, user_id=crew[1])
    assert [r.status for r in rows] == ["failed"]


def test_local_time_and_in_channel_are_refused_together(svc: Services, crew: list[str]):
    config = PulseConfig(local_time=True, in_channel=True)
    with pytest.raises(UsageError, match="don't go together"):
        manage.schedule(
            svc, Actor(TEAM, crew[0]), cron="0 9 * * 1-5", channel_id=CREW, config=config
        )

"""The pulse's use cases called directly: a real database, a fake clock, Slack in memory."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rituals.actors import Actor
from rituals.engine.engine import Engine
from rituals.errors import Conflict, NotAllowed, UsageError
from rituals.pulse import answers, manage
from rituals.pulse.fanout import PLANNERS, SENDERS
from rituals.pulse.messages import Prompt
from rituals.services import Services
from storage import pulse as store
from storage import pulse_clicks as clicks
from storage.pulse import PROMPT, REMINDER
from tests.fakes import FakeSlack

TEAM = "T1"
CREW = "C1"


@pytest.fixture
def crew(svc: Services, slack: FakeSlack) -> list[str]:
    """A manager and three members in #crew, all in London."""
    people = [slack.add_person("U0BOSS", is_admin=True, tz="Europe/London")]
    people += [slack.add_person(f"U{n}", tz="Europe/London") for n in range(1, 4)]
    slack.add_channel(CREW, "crew", people)
    return people


def engine(svc: Services) -> Engine:
    return Engine(svc, planners=PLANNERS, senders=SENDERS)


def send(svc: Services, crew: list[str]) -> None:
    manage.send_now(svc, Actor(TEAM, crew[0]), channel_id=CREW)
    engine(svc).drain()


def prompt_of(slack: FakeSlack, user: str) -> tuple[int, str]:
    """The occurrence and ts of the pulse DM a member got."""
    [sent] = [s for s in slack.sent if s.channel == user and s.kind == "post"]
    assert isinstance(sent.message, Prompt)
    return sent.message.occurrence_id, sent.ts


def test_send_now_prompts_every_member_once(svc: Services, slack: FakeSlack, crew: list[str]):
    send(svc, crew)
    assert sorted(s.channel for s in slack.sent if s.kind == "post") == sorted(crew)
    with pytest.raises(Conflict, match="already was"):
        manage.send_now(svc, Actor(TEAM, crew[0]), channel_id=CREW)


def test_only_managers_send_and_a_dm_is_no_crew(svc: Services, crew: list[str]):
    with pytest.raises(NotAllowed):
        manage.send_now(svc, Actor(TEAM, crew[1]), channel_id=CREW)
    with pytest.raises(UsageError, match="Name the channel"):
        manage.send_now(svc, Actor(TEAM, crew[0]), channel_id="D123")


def test_last_click_wins_and_cancels_the_reminder(svc: Services, slack: FakeSlack, crew: list[str]):
    send(svc, crew)
    occurrence, ts = prompt_of(slack, crew[1])
    clicked = answers.Clicked(crew[1], ts)
    for score in (2, 5):
        done = answers.answer(
            svc,
            team_id=TEAM,
            user_id=crew[1],
            occurrence_id=occurrence,
            score=score,
            clicked=clicked,
        )
        assert done.accepted
    assert answers.confirm(svc, team_id=TEAM, occurrence_id=occurrence, user_id=crew[1]) == 1
    update = slack.sent[-1]
    assert update.kind == "update" and isinstance(update.message, Prompt)
    assert update.message.score == 5
    svc.clock.advance(timedelta(hours=4))  # type: ignore[attr-defined]
    engine(svc).drain()
    reminded = {
        s.channel for s in slack.sent if isinstance(s.message, Prompt) and s.message.reminder
    }
    assert reminded == set(crew) - {crew[1]}


def test_someone_elses_prompt_is_refused(svc: Services, slack: FakeSlack, crew: list[str]):
    send(svc, crew)
    occurrence, ts = prompt_of(slack, crew[1])
    done = answers.answer(
        svc,
        team_id=TEAM,
        user_id=crew[2],
        occurrence_id=occurrence,
        score=1,
        clicked=answers.Clicked(crew[1], ts),
    )
    assert not done.accepted
    saved = answers.save_note(
        svc, team_id=TEAM, user_id="U9", occurrence_id=occurrence, text="hello"
    )
    assert saved.problem == answers.ELSE_PROMPT


def test_notes_are_checked_then_kept_for_their_author(
    svc: Services, slack: FakeSlack, crew: list[str]
):
    send(svc, crew)
    occurrence, ts = prompt_of(slack, crew[1])
    ids = {"team_id": TEAM, "user_id": crew[1], "occurrence_id": occurrence}
    assert answers.save_note(svc, text="   ", **ids).problem is not None
    assert answers.save_note(svc, text="Long night shoot.", **ids).problem is None
    form = answers.note_form(svc, clicked=answers.Clicked(crew[1], ts), **ids)
    assert form is not None and form.current == "Long night shoot."


def test_people_away_or_opted_out_are_not_asked(svc: Services, slack: FakeSlack, crew: list[str]):
    svc.people.update(TEAM, crew[2], opted_out=True)
    svc.people.update(TEAM, crew[3], away_until=date(2026, 11, 30))
    send(svc, crew)
    assert {s.channel for s in slack.sent if s.kind == "post"} == {crew[0], crew[1]}


def test_results_hide_figures_about_few_people(svc: Services, slack: FakeSlack, crew: list[str]):
    send(svc, crew)
    for user, score in zip(crew[1:3], (4, 5), strict=True):
        occurrence, ts = prompt_of(slack, user)
        answers.answer(
            svc,
            team_id=TEAM,
            user_id=user,
            occurrence_id=occurrence,
            score=score,
            clicked=answers.Clicked(user, ts),
        )
    found = manage.results(svc, Actor(TEAM, crew[0]), channel_id=CREW)
    assert found.today.prompts == len(crew)
    assert found.today.mean is None  # two answers: fewer than three people


def test_prompts_are_planned_as_deliveries_once(svc: Services, crew: list[str]):
    manage.send_now(svc, Actor(TEAM, crew[0]), channel_id=CREW)
    runner = engine(svc)
    assert runner.plan_pending() == 1
    assert runner.plan_pending() == 0
    sent = runner.send_due()
    assert sent == len(crew)  # the prompts now; the reminders later in the window
    assert PROMPT == "pulse_prompt"


def test_a_click_on_ones_own_message_is_stored_with_the_read(
    svc: Services, slack: FakeSlack, crew: list[str]
):
    """A click on one's own message stores the answer and skips the pending reminder with
    the read (one statement on PostgreSQL); a click on anyone else's writes nothing."""
    send(svc, crew)
    occurrence, ts = prompt_of(slack, crew[1])
    _, other_ts = prompt_of(slack, crew[2])
    now = svc.clock.now()
    ids = {"team_id": TEAM, "occurrence_id": occurrence, "user_id": crew[1], "now": now}
    with svc.db.unit(one_statement=True) as unit:
        elsewhere = clicks.answer_own_click(
            unit, **ids, channel=crew[2], ts=other_ts, score=1, skip_reason="answered"
        )
    with svc.db.unit() as unit:
        before = store.answer_of(unit, team_id=TEAM, occurrence_id=occurrence, user_id=crew[1])
    with svc.db.unit(one_statement=True) as unit:
        own = clicks.answer_own_click(
            unit, **ids, channel=crew[1], ts=ts, score=4, skip_reason="answered"
        )
    with svc.db.unit() as unit:
        stored = store.answer_of(unit, team_id=TEAM, occurrence_id=occurrence, user_id=crew[1])
        after = clicks.clicked_messages(
            unit, team_id=TEAM, occurrence_id=occurrence, user_id=crew[1]
        )
    assert elsewhere is None and before is None
    assert own is not None and not own.in_channel
    assert stored == 4
    assert [m.status for m in after.messages if m.kind == REMINDER] == ["skipped"]

"""The check-in's use cases called directly: send now, schedule, plan and post."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, datetime

import pytest

from rituals import catalog
from rituals.actors import Actor
from rituals.checkin import QUESTIONS, CheckinPost, bank, manage
from rituals.clock import FakeClock
from rituals.engine.engine import Engine
from rituals.errors import NotAllowed, NotFound, UsageError
from rituals.services import Services
from storage import checkin as store
from storage import schedules, workspaces
from storage.unit import Unit
from tests.fakes import FakeSlack

TEAM = "T1"
BOSS = Actor(TEAM, "U0BOSS")
MEMBER = Actor(TEAM, "U1ANA")


@pytest.fixture
def crew(svc: Services, slack: FakeSlack) -> FakeSlack:
    slack.add_person("U0BOSS", is_admin=True, tz="Europe/London")
    slack.add_person("U1ANA", tz="Europe/London")
    slack.add_channel("C1", "crew", ["U0BOSS", "U1ANA"])
    slack.add_channel("C2", "stage", ["U0BOSS"])
    slack.add_channel("C3", "quiet", ["U0BOSS"], is_member=False)
    slack.add_channel("D1", "", ["U0BOSS"], is_im=True)
    return slack


def skip_holidays(unit: Unit) -> None:
    workspaces.ensure(unit, team_id=TEAM, now=datetime(2026, 11, 1, tzinfo=UTC))
    workspaces.change(unit, team_id=TEAM, holidays_country="GB")


def drain(svc: Services) -> int:
    return Engine(svc, planners=catalog.PLANNERS, senders=catalog.SENDERS).drain()


def asked(slack: FakeSlack, channel: str) -> list[str]:
    return [m.question for m in slack.posts_to(channel) if isinstance(m, CheckinPost)]


def test_send_now_posts_one_question_from_the_bank(svc: Services, crew: FakeSlack) -> None:
    posting = manage.send_now(svc, BOSS, channel_id="C1")
    assert posting.channel_id == "C1"
    assert asked(crew, "C1") == []  # the engine posts it, not the use case
    drain(svc)
    [question] = asked(crew, "C1")
    assert question in QUESTIONS
    with svc.db.unit() as unit:
        assert store.recent_questions(unit, team_id=TEAM, channel_id="C1", limit=5) == [question]
        assert store.recent_questions(unit, team_id=TEAM, channel_id="C2", limit=5) == []


def test_only_managers_post_or_schedule(svc: Services, crew: FakeSlack) -> None:
    with pytest.raises(NotAllowed):
        manage.send_now(svc, MEMBER, channel_id="C1")
    with pytest.raises(NotAllowed):
        manage.schedule(svc, MEMBER, cron="0 10 * * 5", channel_id="C1")
    assert drain(svc) == 0


def test_a_check_in_needs_a_channel_the_bot_is_in(svc: Services, crew: FakeSlack) -> None:
    for channel in ("D1", "U1ANA"):
        with pytest.raises(UsageError, match="channel the crew shares"):
            manage.send_now(svc, BOSS, channel_id=channel)
    with pytest.raises(UsageError, match="/invite"):
        manage.send_now(svc, BOSS, channel_id="C3")
    with pytest.raises(NotFound):
        manage.send_now(svc, BOSS, channel_id="C404")
    assert drain(svc) == 0


def test_never_the_same_question_twice_in_a_row(
    svc: Services, crew: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    choose = bank.choose_question

    def two(recent: Sequence[str], rng: random.Random) -> str:
        return choose(recent, rng, bank=("Best catering?", "Favourite cue?"))

    monkeypatch.setattr(bank, "choose_question", two)
    for _ in range(4):
        for channel in ("C1", "C2"):
            manage.send_now(svc, BOSS, channel_id=channel)
            drain(svc)
    for channel in ("C1", "C2"):
        questions = asked(crew, channel)
        assert len(questions) == 4
        assert all(a != b for a, b in zip(questions, questions[1:], strict=False))


def test_schedule_stores_a_ritual_and_skips_holidays(
    svc: Services, crew: FakeSlack, clock: FakeClock
) -> None:
    scheduled = manage.schedule(svc, BOSS, cron="0 10 * * 5", channel_id="C1")
    assert scheduled.tz == "Europe/London"
    with svc.db.unit() as unit:
        [ritual] = schedules.of_team(unit, team_id=TEAM)
        skip_holidays(unit)
    assert (ritual.kind, ritual.channel_id) == ("checkin", "C1")
    christmas = datetime(2026, 12, 25, 10, 0, tzinfo=UTC)
    clock.set(christmas)
    drain(svc)
    assert asked(crew, "C1") == []
    clock.set(datetime(2027, 1, 1, 10, 0, tzinfo=UTC))  # New Year's Day: a holiday too
    drain(svc)
    clock.set(datetime(2027, 1, 8, 10, 0, tzinfo=UTC))
    drain(svc)
    assert len(asked(crew, "C1")) == 1


def test_a_manual_send_goes_out_on_a_holiday(
    svc: Services, crew: FakeSlack, clock: FakeClock
) -> None:
    with svc.db.unit() as unit:
        skip_holidays(unit)
    clock.set(datetime(2026, 12, 25, 10, 0, tzinfo=UTC))
    manage.send_now(svc, BOSS, channel_id="C1")
    drain(svc)
    assert len(asked(crew, "C1")) == 1

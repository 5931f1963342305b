"""The digest's use cases called directly: whose figures it reports (a channel's crew or the
whole workspace), posting now and on a schedule, the engine's plan and post, the chart, and
the privacy auditor over everything it released."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rituals import catalog
from rituals.actors import Actor
from rituals.clock import FakeClock
from rituals.digest import DigestPost, manage
from rituals.digest.crew import crew_for
from rituals.engine.engine import Engine
from rituals.errors import NotAllowed, UsageError
from rituals.scheduled import create
from rituals.services import Services
from tests.fakes import FakeSlack
from tests.rituals.figures.seed import TEAM, Seed, audit, truth

BOSS = Actor(TEAM, "U0BOSS")
AFTER = datetime(2026, 11, 30, 8, tzinfo=UTC)  # W49 has begun: W48 is the last complete week
VFX = {"Uvfx0": 4, "Uvfx1": 4, "Uvfx2": 5, "Uvfx3": 3}  # mean 4.0
SOUND = {"Usnd0": 2, "Usnd1": 2, "Usnd2": 3, "Usnd3": 2, "Usnd4": 1}  # mean 2.0


@pytest.fixture
def crews(svc: Services, slack: FakeSlack, clock: FakeClock) -> Seed:
    seed = Seed(svc.db)
    slack.add_person("U0BOSS", is_admin=True, tz="Europe/London")
    slack.add_person("UBOT", is_bot=True)
    for people, role, channel in ((VFX, "vfx", "C1"), (SOUND, "sound", "C2")):
        for user, score in people.items():
            slack.add_person(user, tz="Europe/London")
            seed.member(user, role)
            seed.answer(user, score, channel=channel)
    slack.add_channel("C1", "vfx", [*VFX, "UBOT"])
    slack.add_channel("C2", "sound", list(SOUND))
    slack.add_channel("C3", "leads", ["U0BOSS"])
    clock.set(AFTER)
    return seed


def drain(svc: Services) -> int:
    return Engine(svc, planners=catalog.PLANNERS, senders=catalog.SENDERS).drain()


def digests(slack: FakeSlack, channel: str) -> list[DigestPost]:
    return [m for m in slack.posts_to(channel) if isinstance(m, DigestPost)]


def test_a_channel_digest_reports_its_crew_only(svc: Services, crews: Seed) -> None:
    slack: FakeSlack = svc.messenger  # type: ignore[assignment]
    posting = manage.send_now(svc, BOSS, channel_id="C1")
    assert (posting.crew.label(), posting.week_label) == (
        "#vfx crew, 4 people",  # the bot is not crew
        "2026-W48 (23–29 Nov 2026)",
    )
    drain(svc)
    [post] = digests(slack, "C1")
    assert post.crew.channel_id == "C1"
    assert post.metrics["channel_id"] == "C1"
    assert post.metrics["pulse"]["mean"] == 4.0
    assert post.metrics["pulse"]["responses"] == 4
    assert list(post.metrics["pulse"]["by_role"]) == ["vfx"]  # not sound's role
    [(channel, chart)] = slack.uploads
    assert channel == "C1" and chart.png.startswith(b"\x89PNG")
    assert chart.title == (
        "8-week trend of the pulse mean, response rate and cross-role share to 2026-W48 "
        "— #vfx crew, 4 people"
    )
    assert audit(svc.db, truth(svc.db)) == []


def test_team_reports_the_whole_workspace(svc: Services, crews: Seed) -> None:
    slack: FakeSlack = svc.messenger  # type: ignore[assignment]
    posting = manage.send_now(svc, BOSS, channel_id="C3", whole_team=True)
    assert posting.crew.label() == "whole workspace"
    drain(svc)
    [post] = digests(slack, "C3")
    assert post.crew.whole_team and post.metrics["channel_id"] is None
    assert post.metrics["pulse"]["responses"] == 9
    assert {"vfx", "sound"} <= set(post.metrics["pulse"]["by_role"])
    assert audit(svc.db, truth(svc.db)) == []


def test_a_scheduled_digest_covers_the_crew_its_ritual_names(
    svc: Services, crews: Seed, clock: FakeClock
) -> None:
    slack: FakeSlack = svc.messenger  # type: ignore[assignment]
    clock.set(datetime(2026, 11, 29, 12, tzinfo=UTC))
    create(
        svc, BOSS, kind="digest", cron="0 9 * * 1", channel_id="C3", config={"crew_channel": "C2"}
    )
    clock.set(datetime(2026, 11, 30, 9, 1, tzinfo=UTC))
    drain(svc)
    [post] = digests(slack, "C3")
    assert post.crew.label() == "#sound crew, 5 people"
    assert post.metrics["pulse"]["mean"] == 2.0
    assert list(post.metrics["pulse"]["by_role"]) == ["sound"]


def test_schedule_in_words_defaults_to_monday_nine(svc: Services, crews: Seed) -> None:
    scheduled = manage.schedule(svc, BOSS, channel_id="C3", whole_team=True)
    assert scheduled.words == "Mondays at 09:00, Europe/London"
    with pytest.raises(UsageError, match="same channel|already|edit"):
        manage.schedule(svc, BOSS, channel_id="C3")
    with pytest.raises(UsageError, match="pick a zone"):
        manage.schedule(svc, BOSS, channel_id="C1", member_local=True)


def test_the_crew_knows_what_is_already_scheduled_for_it(svc: Services, crews: Seed) -> None:
    create(svc, BOSS, kind="pulse", cron="0 9 * * 1-5", channel_id="C1")
    crew, members = crew_for(svc, TEAM, "C1")
    assert crew.scheduled == frozenset({"pulse"}) and members == frozenset(VFX)
    other, _ = crew_for(svc, TEAM, "C2")
    assert other.scheduled == frozenset()


def test_only_managers_and_only_channels(svc: Services, crews: Seed, slack: FakeSlack) -> None:
    with pytest.raises(NotAllowed):
        manage.send_now(svc, Actor(TEAM, "Uvfx0"), channel_id="C1")
    slack.add_channel("D1", "", ["U0BOSS"], is_im=True)
    with pytest.raises(UsageError, match="channel the leads read"):
        manage.send_now(svc, BOSS, channel_id="D1")

"""The members' use cases called directly: a real database, a fake clock, Slack in memory."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rituals.actors import Actor
from rituals.errors import NotAllowed, NotFound, UsageError
from rituals.interactions import Reaction, ReactionKey, Reply, capture, first_delivery
from rituals.members import forget, rights, roles, settings, welcome
from rituals.ports import UserGroup
from rituals.services import Services
from storage import interactions as interaction_store
from storage import schedules
from tests.fakes import FakeSlack

TEAM = "T1"
CREW = "C1"


@pytest.fixture
def crew(svc: Services, slack: FakeSlack) -> list[str]:
    """An admin (first) and three members, all in #crew."""
    ids = ["U0BOSS", "U1", "U2", "U3"]
    for user in ids:
        slack.add_person(user, is_admin=user == "U0BOSS", tz="Europe/London")
    slack.add_channel(CREW, "crew", ids)
    return ids


def me(user: str) -> Actor:
    return Actor(TEAM, user)


# manager rights ----------------------------------------------------------------------------


def test_manager_add_and_remove(svc: Services, crew: list[str]) -> None:
    boss, ana, ben, _ = crew
    with pytest.raises(NotAllowed):
        rights.add(svc, me(ana), user_id=ben)
    added = rights.add(svc, me(boss), user_id=ana)
    assert (added.before, added.after, added.inherent) == (False, True, None)
    assert rights.add(svc, me(ana), user_id=ben).after  # a new manager may add others
    assert rights.remove(svc, me(boss), user_id=boss).inherent == "a workspace admin"
    removed = rights.remove(svc, me(boss), user_id=ana)
    assert (removed.before, removed.after) == (True, False)
    with pytest.raises(NotFound):
        rights.add(svc, me(boss), user_id="U0NOBODY")


# away, back, opt-out, holidays --------------------------------------------------------------


def test_away_counts_days_in_the_team_zone(svc: Services, crew: list[str]) -> None:
    ana = crew[1]
    today = settings.today(svc, TEAM)
    assert settings.away(svc, me(ana), days=1) == today
    assert settings.back(svc, me(ana)) is True
    assert settings.back(svc, me(ana)) is False
    with pytest.raises(UsageError, match="in the past"):
        settings.away(svc, me(ana), until=today - timedelta(days=1))
    with pytest.raises(UsageError, match="more than 365"):
        settings.away(svc, me(ana), days=400)
    settings.opt(svc, me(ana), out=True)
    assert svc.people.get(TEAM, ana).opted_out  # type: ignore[union-attr]


def test_holidays_for_managers_only(svc: Services, crew: list[str]) -> None:
    with pytest.raises(NotAllowed):
        settings.set_holidays(svc, me(crew[1]), code="GB")
    with pytest.raises(UsageError, match="not a country code"):
        settings.set_holidays(svc, me(crew[0]), code="XX")
    found = settings.set_holidays(svc, me(crew[0]), code="gb")
    assert (
        found.country == "GB" and found.next_day is not None and found.next_day >= date(2026, 1, 1)
    )
    assert settings.holidays_now(svc, TEAM) == "GB"
    assert settings.set_holidays(svc, me(crew[0]), code=None).country is None


# forget-me ---------------------------------------------------------------------------------


def test_forget_me_asks_then_erases_and_keeps_an_opt_out(svc: Services, crew: list[str]) -> None:
    boss, ana, _, _ = crew
    rights.add(svc, me(boss), user_id=ana)
    settings.opt(svc, me(ana), out=True)
    asked = forget.forget(svc, me(ana), confirmed=False)
    assert not asked.done and asked.erased.member_rows == 1
    assert asked.stays_opted_out and asked.loses_manager
    assert svc.people.get(TEAM, ana, refresh=False) is not None  # nothing changed yet
    done = forget.forget(svc, me(ana), confirmed=True)
    assert done.done and done.erased == asked.erased
    kept = svc.people.get(TEAM, ana, refresh=False)
    assert kept is not None and kept.opted_out and not kept.is_manager and kept.name == ""
    assert forget.forget(svc, me(ana), confirmed=False).erased.member_rows == 1  # the marker


# roles -------------------------------------------------------------------------------------


def test_roles_normalised_new_departments_and_suggestions(svc: Services, crew: list[str]) -> None:
    boss, ana, ben, cat = crew
    first = roles.my_role(svc, me(ana), raw="Lighting Dept")
    assert (first.role, first.new_department, first.did_you_mean) == ("lighting", True, None)
    assert not roles.my_role(svc, me(ben), raw="LIGHTING").new_department
    close = roles.my_role(svc, me(cat), raw="gaffer")
    assert (close.role, close.new_department, close.did_you_mean) == ("gaffer", True, "lighting")
    with pytest.raises(NotAllowed):
        roles.set_role(svc, me(ana), user_id=ben, raw="sound")
    assert roles.set_role(svc, me(boss), user_id=ben, raw="none").role is None
    found = roles.in_channel(svc, me(ana), channel_id=CREW)
    assert {role: len(names) for role, names in found.by_role.items()} == {
        "lighting": 1,
        "gaffer": 1,
    }


def test_a_private_channel_is_unknown_to_outsiders(
    svc: Services, slack: FakeSlack, crew: list[str]
) -> None:
    slack.add_channel("G9", "casting", [crew[1]], is_private=True)
    with pytest.raises(NotFound) as outside:
        roles.in_channel(svc, me(crew[2]), channel_id="G9")
    with pytest.raises(NotFound) as unknown:
        roles.in_channel(svc, me(crew[2]), channel_id="G8")
    assert outside.value.message == unknown.value.message.replace("G8", "G9")
    assert roles.in_channel(svc, me(crew[1]), channel_id="G9").unassigned


def test_roles_sync_from_user_groups(svc: Services, slack: FakeSlack, crew: list[str]) -> None:
    slack.groups = [
        UserGroup("S1", "gaffers", "Gaffers", (crew[1],)),
        UserGroup("S2", "crew", "Crew", tuple(crew[1:])),
        UserGroup("S3", "!!", "??", (crew[3],)),
    ]
    synced = roles.sync(svc, me(crew[0]))
    assert synced.counts == {"gaffers": 1, "crew": 2} and synced.changed == 3
    assert synced.skipped == [("@!!", "its handle and name are not valid role names")]


# welcome and direct messages -----------------------------------------------------------------


def test_welcome_once_per_person_per_channel_with_rituals(
    svc: Services, slack: FakeSlack, crew: list[str]
) -> None:
    newcomer = slack.add_person("U9", tz="Europe/London")
    assert not welcome.joined(svc, team_id=TEAM, channel_id=CREW, user_id=newcomer)
    with svc.db.unit() as unit:
        schedules.create(
            unit,
            team_id=TEAM,
            kind="pulse",
            channel_id=CREW,
            cron="0 9 * * 1-5",
            tz="Europe/London",
            config={},
            next_run_at=None,
            created_by=crew[0],
            now=svc.clock.now(),
        )
    assert welcome.joined(svc, team_id=TEAM, channel_id=CREW, user_id=newcomer)
    assert not welcome.joined(svc, team_id=TEAM, channel_id=CREW, user_id=newcomer)
    [sent] = slack.posts_to(newcomer)
    assert isinstance(sent, welcome.Welcome) and sent.rituals[0].kind == "pulse"
    robot = slack.add_person("U8", is_bot=True)
    assert not welcome.joined(svc, team_id=TEAM, channel_id=CREW, user_id=robot)
    assert not welcome.direct_message(svc, team_id=TEAM, channel_id="D8", user_id=robot)
    assert welcome.direct_message(svc, team_id=TEAM, channel_id="D1", user_id=crew[1])


# interaction capture ---------------------------------------------------------------------------


def test_capture_counts_each_reaction_once_and_removes_it(svc: Services, crew: list[str]) -> None:
    now = svc.clock.now()
    key = ReactionKey(TEAM, CREW, "1.0", crew[1], "clap")
    added = Reaction(key, crew[2], now, added=True)
    assert capture(svc, added, event_id="Ev1")
    assert not capture(svc, added, event_id="Ev2")
    assert capture(svc, Reaction(key, crew[2], now, added=False), event_id="Ev3")
    reply = Reply(TEAM, CREW, "2.1", "2.0", crew[2], crew[1], now)
    assert capture(svc, reply, event_id="Ev4") and not capture(svc, reply, event_id="Ev5")
    assert first_delivery(svc, team_id=TEAM, event_id="Ev1")
    assert not first_delivery(svc, team_id=TEAM, event_id="Ev1")
    assert first_delivery(svc, team_id="T2", event_id="Ev1")
    with svc.db.unit() as unit:
        assert interaction_store.remove_reply(unit, team_id=TEAM, channel_id=CREW, reply_ts="2.1")

"""Members' self-service and manager rights end to end through the sandbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from rituals.eligibility import why_left_out
from storage import workspaces
from storage.models import (
    Member,
    Workspace,
)
from tests.bot.test_rituals_admin import ask
from tests.conftest import RunningBot

TEAM = "T0SANDBOX"
OTHER = "T0OTHER"


@dataclass
class Crew:
    boss: str
    ana: str
    ben: str
    owner: str
    robot: str
    crew: str


@pytest.fixture
def crew(bot: RunningBot) -> Crew:
    ws: Any = bot.sandbox.workspace
    boss = ws.add_user("mo", "Mo Daniels", tz="Europe/London", is_admin=True)
    ana = ws.add_user("ana", "Ana Ruiz", tz="Europe/London", title="Gaffer")
    ben = ws.add_user("ben", "Ben Cole", tz="Europe/London", title="Sound Mixer")
    owner = ws.add_user("ola", "Ola Berg", tz="Europe/London", is_owner=True)
    robot = ws.add_user("rota", "Rota Bot", is_bot=True)
    return Crew(boss, ana, ben, owner, robot, ws.add_channel("crew", [boss, ana, ben]))


def member(bot: RunningBot, user: str, team: str = TEAM) -> Member | None:
    with bot.db.session() as session:
        return session.scalar(select(Member).where(Member.team_id == team, Member.user_id == user))


def is_manager(bot: RunningBot, user: str) -> bool:
    return bot.app.deps.svc.people.is_manager(TEAM, user)


# manager add / remove ---------------------------------------------------------------------


def test_admin_adds_and_removes_a_manager(bot: RunningBot, crew: Crew) -> None:
    assert not is_manager(bot, crew.ana)
    text = ask(bot, crew.boss, f"manager add <@{crew.ana}|ana>")
    assert f"<@{crew.ana}> is now a Greenroom manager" in text
    assert is_manager(bot, crew.ana)
    assert "already" in ask(bot, crew.boss, f"manager add <@{crew.ana}>")
    # the new manager can use manager-only commands, e.g. add someone else
    assert "now a Greenroom manager" in ask(bot, crew.ana, f"manager add <@{crew.ben}>")

    assert "no longer a Greenroom manager" in ask(bot, crew.boss, f"manager remove <@{crew.ana}>")
    assert not is_manager(bot, crew.ana)
    assert "nothing to remove" in ask(bot, crew.boss, f"manager remove <@{crew.ana}>")


def test_non_managers_cannot_change_managers(bot: RunningBot, crew: Crew) -> None:
    text = ask(bot, crew.ana, f"manager add <@{crew.ben}>")
    assert "Only managers can use `/greenroom manager add`" in text
    assert not is_manager(bot, crew.ben)
    assert "Only managers" in ask(bot, crew.ana, f"manager remove <@{crew.boss}>")


@pytest.mark.parametrize(("who", "says"), [("boss", "workspace admin"), ("owner", "owner")])
def test_slack_given_rights_cannot_be_removed(
    bot: RunningBot, crew: Crew, who: str, says: str
) -> None:
    target = getattr(crew, who)
    text = ask(bot, crew.boss, f"manager remove <@{target}>")
    assert says in text and "can't take away rights that come from Slack" in text
    assert is_manager(bot, target)
    assert says in ask(bot, crew.boss, f"manager add <@{target}>")


def test_the_installer_stays_a_manager(bot: RunningBot, crew: Crew) -> None:
    bot.app.deps.svc.people.ensure_workspace(TEAM)
    with bot.db.session() as session:
        session.get(Workspace, TEAM).installer_user_id = crew.ben  # type: ignore[union-attr]
    assert "installed Greenroom" in ask(bot, crew.boss, f"manager remove <@{crew.ben}>")
    assert is_manager(bot, crew.ben)


def test_manager_add_refuses_bots_unknown_people_and_missing_names(
    bot: RunningBot, crew: Crew
) -> None:
    assert "bot" in ask(bot, crew.boss, f"manager add <@{crew.robot}>")
    assert "can't find <@U0NOBODY>" in ask(bot, crew.boss, "manager add <@U0NOBODY>")
    assert "Name someone with @" in ask(bot, crew.boss, "manager add")
    assert "didn't understand" in ask(bot, crew.boss, f"manager add <@{crew.ana}> please")
    assert not is_manager(bot, crew.ana)


# away / back ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "last"),
    [
        ("1d", date(2026, 11, 23)),
        ("3d", date(2026, 11, 25)),
        ("2w", date(2026, 12, 6)),
        ("365d", date(2027, 11, 22)),
        ("until 2026-12-24", date(2026, 12, 24)),
        ("until 2026-11-23", date(2026, 11, 23)),
    ],
)
def test_away_sets_the_last_day_away(bot: RunningBot, crew: Crew, args: str, last: date) -> None:
    text = ask(bot, crew.ana, f"away {args}")
    assert f"{last:%a %d %b %Y}" in text and "/greenroom back" in text
    row = member(bot, crew.ana)
    assert row is not None and row.away_until == last
    person = bot.app.deps.svc.people.get(TEAM, crew.ana)
    assert person is not None and why_left_out(person, date(2026, 11, 23)) is not None


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ("", "For how long?"),
        ("until", "Until when?"),
        ("until 2026-11-22", "in the past"),
        ("until 2027-11-24", "more than 365 days"),
        ("until 24/12/2026", "is not a date like"),
        ("366d", "more than 365 days"),
        ("0d", "at least one"),
        ("12h", "whole days"),
        ("soon", "is not a duration"),
        ("3d extra", "didn't understand"),
    ],
)
def test_away_refuses_bad_input(bot: RunningBot, crew: Crew, args: str, says: str) -> None:
    text = ask(bot, crew.ana, f"away {args}".strip())
    assert says in text
    row = member(bot, crew.ana)
    assert row is None or row.away_until is None


def test_back_ends_away_time(bot: RunningBot, crew: Crew) -> None:
    assert "weren't marked away" in ask(bot, crew.ana, "back")
    ask(bot, crew.ana, "away 5d")
    assert "Welcome back" in ask(bot, crew.ana, "back")
    row = member(bot, crew.ana)
    assert row is not None and row.away_until is None


def test_away_counts_days_in_the_team_zone(bot: RunningBot, crew: Crew) -> None:
    bot.clock.set(datetime(2026, 11, 23, 23, 30, tzinfo=UTC))  # already Tuesday in Tokyo
    bot.app.deps.svc.people.ensure_workspace(TEAM)
    with bot.db.session() as session:
        session.get(Workspace, TEAM).tz = "Asia/Tokyo"  # type: ignore[union-attr]
    ask(bot, crew.ana, "away 1d")
    row = member(bot, crew.ana)
    assert row is not None and row.away_until == date(2026, 11, 24)


# optout / optin ---------------------------------------------------------------------------


def test_optout_and_optin(bot: RunningBot, crew: Crew) -> None:
    assert "opted out" in ask(bot, crew.ana, "optout")
    person = bot.app.deps.svc.people.get(TEAM, crew.ana)
    assert (
        person is not None
        and person.opted_out
        and why_left_out(person, date(2026, 11, 23)) is not None
    )
    assert "You're in" in ask(bot, crew.ana, "optin")
    row = member(bot, crew.ana)
    assert row is not None and not row.opted_out


# holidays ---------------------------------------------------------------------------------


def holidays_country(bot: RunningBot) -> str | None:
    with bot.db.unit() as unit:
        return workspaces.holidays_country(unit, team_id=TEAM)


@pytest.mark.parametrize(
    ("code", "next_one"),
    [("GB", "Christmas Day, Fri 25 Dec 2026"), ("us", "Thanksgiving Day, Thu 26 Nov 2026")],
)
def test_holidays_sets_the_country_and_names_the_next_holiday(
    bot: RunningBot, crew: Crew, code: str, next_one: str
) -> None:
    text = ask(bot, crew.boss, f"holidays {code}")
    assert f"public holidays in {code.upper()}" in text and next_one in text
    assert holidays_country(bot) == code.upper()
    assert "no longer skip" in ask(bot, crew.boss, "holidays off")
    assert holidays_country(bot) is None


@pytest.mark.parametrize("code", ["XX", "England", "G"])
def test_holidays_refuses_unknown_countries(bot: RunningBot, crew: Crew, code: str) -> None:
    ask(bot, crew.boss, "holidays FR")
    text = ask(bot, crew.boss, f"holidays {code}")
    assert f"`{code}` is not a country code" in text and "GB" in text
    assert holidays_country(bot) == "FR"


def test_holidays_without_a_code_shows_the_setting_and_usage(bot: RunningBot, crew: Crew) -> None:
    ask(bot, crew.boss, "holidays GB")
    text = ask(bot, crew.boss, "holidays")
    assert "GB" in text and "holidays <country code> | off" in text


def test_only_managers_set_holidays(bot: RunningBot, crew: Crew) -> None:
    assert "Only managers" in ask(bot, crew.ana, "holidays GB")
    assert holidays_country(bot) is None


# forget-me --------------------------------------------------------------------------------


def test_help_lists_every_members_command(bot: RunningBot, crew: Crew) -> None:
    text = ask(bot, crew.ana, "help")
    for usage in (
        "manager add @someone",
        "manager remove @someone",
        "away <N>d | until YYYY-MM-DD",
        "back",
        "optout",
        "optin",
        "holidays <country code> | off",
        "forget-me",
        "rituals",
        "pause <id>",
        "resume <id>",
        "delete <id>",
    ):
        assert f"`/greenroom {usage}" in text
    assert "`/greenroom away <N>d | until YYYY-MM-DD` — no prompts" in ask(
        bot, crew.ana, "help away"
    )

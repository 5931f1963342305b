"""The member's App Home end to end through the sandbox: streak, group, away, role, avoid
list, opt-out and the privacy note — each control a real click on the published Home."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.views.home import ActionId, OptOut
from bot.views.home_forms import ROLE_INPUT
from bot.views.home_rituals import RitualAction
from storage.models import (
    AvoidPair,
    Delivery,
    Member,
    Occurrence,
    Pairing,
    PairingMember,
    PulseAnswer,
)
from tests.bot.home_support import (
    TEAM,
    buttons,
    click,
    click_for_modal,
    fill,
    open_home,
    published,
    text_of,
)
from tests.conftest import RunningBot


@dataclass
class Crew:
    ana: str  # a workspace admin: a manager
    ben: str
    cleo: str
    crew: str


@pytest.fixture
def crew(bot: RunningBot) -> Crew:
    ws = bot.sandbox.workspace
    ana = ws.add_user("ana", "Ana Ruiz", tz="Europe/London", is_admin=True, title="Producer")
    ben = ws.add_user("ben", "Ben Cole", tz="Europe/London", title="Sound Mixer")
    cleo = ws.add_user("cleo", "Cleo Park", tz="Europe/Madrid", title="Editor")
    return Crew(ana, ben, cleo, ws.add_channel("crew", [ana, ben, cleo]))


def member(bot: RunningBot, user: str) -> Member:
    with bot.db.session() as session:
        return session.scalars(select(Member).where(Member.user_id == user)).one()


def seed_pulse(bot: RunningBot, user: str, days: list[date], answered: list[date]) -> None:
    with bot.db.session() as session:
        for day in days:
            at = datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)
            occurrence = Occurrence(
                team_id=TEAM,
                kind="pulse",
                channel_id="C1",
                scheduled_for=at,
                status="planned",
                config={},
                created_at=at,
            )
            session.add(occurrence)
            session.flush()
            session.add(
                Delivery(
                    team_id=TEAM,
                    occurrence_id=occurrence.id,
                    kind="pulse_prompt",
                    recipient=user,
                    payload={},
                    status="sent",
                    not_before=at,
                    attempts=0,
                    created_at=at,
                    sent_at=at,
                )
            )
            if day in answered:
                session.add(
                    PulseAnswer(
                        team_id=TEAM,
                        occurrence_id=occurrence.id,
                        channel_id="C1",
                        user_id=user,
                        score=4,
                        answered_at=at + timedelta(hours=26),  # answered late: the day still counts
                        updated_at=at + timedelta(hours=26),
                    )
                )


def seed_pair(bot: RunningBot, members: list[str], suggestion: str, at: datetime) -> None:
    with bot.db.session() as session:
        occurrence = Occurrence(
            team_id=TEAM,
            kind="shadow",
            channel_id="C1",
            scheduled_for=at,
            status="planned",
            config={},
            created_at=at,
        )
        session.add(occurrence)
        session.flush()
        pairing = Pairing(
            team_id=TEAM,
            occurrence_id=occurrence.id,
            channel_id="C1",
            cross_role=True,
            suggestion=suggestion,
            created_at=at,
        )
        session.add(pairing)
        session.flush()
        for user in members:
            session.add(PairingMember(pairing_id=pairing.id, user_id=user, team_id=TEAM))


def test_a_member_sees_their_streak_and_latest_group(bot: RunningBot, crew: Crew) -> None:
    today = bot.clock.now().date()
    week = [today - timedelta(days=n) for n in (7, 6, 5, 4, 3)]  # Mon 16 – Fri 20 Nov
    seed_pulse(bot, crew.ben, [*week, today], week)
    seed_pulse(bot, crew.cleo, week, week[:3])  # missed Thursday and Friday
    seed_pair(bot, [crew.ben, crew.ana], "Old pairing", bot.clock.now() - timedelta(days=30))
    seed_pair(bot, [crew.cleo, crew.ben], "Shadow the mix on Thursday", bot.clock.now())
    view = open_home(bot, crew.ben)
    text = text_of(view)
    assert "5 days in a row" in text
    assert f"<@{crew.cleo}>" in text and "Shadow the mix on Thursday" in text
    assert f"<@{crew.ana}>" not in text and "Old pairing" not in text
    assert "Crew rituals" not in text and RitualAction.NEW not in dict(buttons(view))
    assert "Team this week" not in text and "Cohesion" not in text
    assert "What Greenroom does with your answers" in text
    assert "none yet" in text_of(open_home(bot, crew.cleo))


def test_the_opt_out_toggle_updates_the_member_and_republishes(bot: RunningBot, crew: Crew) -> None:
    open_home(bot, crew.ben)
    view = click(bot, crew.ben, ActionId.TOGGLE_OPT_OUT, OptOut.OUT)
    assert (ActionId.TOGGLE_OPT_OUT, OptOut.IN) in buttons(view)
    assert member(bot, crew.ben).opted_out is True
    view = click(bot, crew.ben, ActionId.TOGGLE_OPT_OUT, OptOut.IN)
    assert (ActionId.TOGGLE_OPT_OUT, OptOut.OUT) in buttons(view)
    assert member(bot, crew.ben).opted_out is False
    assert "Welcome back" in text_of(view)


def test_away_until_a_date_then_back(bot: RunningBot, crew: Crew) -> None:
    open_home(bot, crew.ben)
    view = click(bot, crew.ben, ActionId.AWAY_UNTIL, "2026-12-04")
    assert "away until Fri 04 Dec 2026 (included)" in text_of(view)
    assert member(bot, crew.ben).away_until == date(2026, 12, 4)
    assert (ActionId.BACK, "back") in buttons(view)
    assert "in the past" in text_of(click(bot, crew.ben, ActionId.AWAY_UNTIL, "2026-11-01"))
    assert member(bot, crew.ben).away_until == date(2026, 12, 4)
    view = click(bot, crew.ben, ActionId.BACK, "back")
    assert "Welcome back" in text_of(view) and member(bot, crew.ben).away_until is None
    assert ActionId.BACK not in dict(buttons(view))


def test_role_from_the_crews_list_or_a_new_one(bot: RunningBot, crew: Crew) -> None:
    bot.app.deps.svc.people.update(TEAM, crew.cleo, role="editing-and-post")
    bot.app.deps.svc.people.update(TEAM, crew.ana, role="lighting")
    open_home(bot, crew.ben)
    view = click(bot, crew.ben, ActionId.ROLE_PICK, "lighting")
    assert "Your role is now *lighting*" in text_of(view)
    assert member(bot, crew.ben).role == "lighting"
    modal_id = click_for_modal(bot, crew.ben, ActionId.ROLE_NEW, "new")
    assert "errors" in fill(bot, crew.ben, modal_id, **{ROLE_INPUT: "sound & <fx>"})
    assert fill(bot, crew.ben, modal_id, **{ROLE_INPUT: "Gaffer"}) == {}
    view = published(bot, crew.ben)
    assert "*gaffer*" in text_of(view) and "new department" in text_of(view)
    assert "Did you mean *lighting*" in text_of(view)
    assert member(bot, crew.ben).role == "gaffer"


def test_the_avoid_list_is_the_members_own(bot: RunningBot, crew: Crew) -> None:
    open_home(bot, crew.ben)
    view = click(bot, crew.ben, ActionId.AVOID_ADD, crew.cleo)
    assert f"won't be paired with <@{crew.cleo}>" in text_of(view)
    assert (ActionId.AVOID_REMOVE, crew.cleo) in buttons(view)
    assert "That's you" in text_of(click(bot, crew.ben, ActionId.AVOID_ADD, crew.ben))
    assert f"<@{crew.ben}>" not in text_of(open_home(bot, crew.cleo))  # never shown to others
    view = click(bot, crew.ben, ActionId.AVOID_REMOVE, crew.cleo)
    assert "off your list" in text_of(view)
    with bot.db.session() as session:
        assert session.scalars(select(AvoidPair)).all() == []


def test_the_privacy_button_opens_what_happens_to_answers(bot: RunningBot, crew: Crew) -> None:
    open_home(bot, crew.ben)
    click_for_modal(bot, crew.ben, ActionId.PRIVACY, "privacy")
    [call] = bot.sandbox.calls_to("views.open")
    assert "seen by you alone" in str(call.args["view"])


def test_the_messages_tab_publishes_nothing(bot: RunningBot, crew: Crew) -> None:
    event = {"type": "app_home_opened", "user": crew.ben, "channel": "D1", "tab": "messages"}
    assert bot.sandbox.send_event(TEAM, event).status == 200
    bot.settle()
    assert bot.sandbox.calls_to("views.publish") == []

"""The App Home: the view builders, the streak rule, and the tab end to end through the sandbox."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from slack_sdk.models.views import View
from sqlalchemy import select

from bot.listeners import home
from bot.views.home import (
    MAX_RITUALS,
    ActionId,
    ManagerPanel,
    MemberHome,
    OptOut,
    PairCard,
    RitualRow,
    home_view,
)
from rituals.errors import NotFound
from storage.models import Delivery, Member, Occurrence, Pairing, PairingMember, PulseAnswer, Ritual
from tests.conftest import RunningBot

TEAM = "T0SANDBOX"
FIGURES = {
    "team_id": TEAM,
    "channel_id": None,
    "week": "2026-W48",
    "members": 12,
    "pulse": {
        "prompted": 40,
        "responses": 30,
        "response_rate": 0.75,
        "mean": 3.9,
        "previous_mean": 3.7,
        "distribution": {"1": 0, "2": 2, "3": 6, "4": 14, "5": 8},
        "by_role": {},
    },
    "shadowing": {"pairs": 4, "cross_role_pairs": 3, "met": 2, "completion_rate": 0.5},
    "retros": {"held": 1, "cards": 9, "action_items_open": 2, "action_items_done": 1},
    "interactions": {"reactions": 31, "replies": 1, "cross_role_share": 0.42},
    "cohesion_score": 71,
}


def validated(view: dict[str, Any]) -> dict[str, Any]:
    """The view, after slack_sdk's View model accepted it unchanged."""
    assert View(**view).to_dict() == view
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    return view


def text_of(view: dict[str, Any]) -> str:
    parts = []
    for block in view["blocks"]:
        if isinstance(block.get("text"), dict):
            parts.append(block["text"]["text"])
        for element in block.get("elements") or []:
            parts.append(element.get("text", "") if isinstance(element, dict) else "")
    return "\n".join(str(p) for p in parts)


def buttons(view: dict[str, Any]) -> list[tuple[str, str]]:
    found = []
    for block in view["blocks"]:
        for element in [block.get("accessory"), *(block.get("elements") or [])]:
            if isinstance(element, dict) and element.get("type") == "button":
                found.append((element["action_id"], element.get("value", "")))
    return found


# views -----------------------------------------------------------------------------------


def test_member_view_shows_streak_pair_and_opt_out() -> None:
    member = MemberHome(
        user_id="U1",
        streak=5,
        pair=PairCard(partners=("U2", "U3"), suggestion="Sit in on the sound check", met=None),
        opted_out=False,
    )
    view = validated(home_view(member))
    text = text_of(view)
    assert "5 days in a row" in text
    assert "<@U2>, <@U3>" in text and "Sit in on the sound check" in text
    assert buttons(view) == [(ActionId.TOGGLE_OPT_OUT, OptOut.OUT)]
    assert "Rituals" not in text and "Team this week" not in text


def test_member_view_without_streak_or_pair_and_opted_out() -> None:
    view = validated(home_view(MemberHome("U1", 0, None, True), notice="You're opted out."))
    text = text_of(view)
    assert "none yet" in text and "haven't been paired" in text and "opted out" in text
    assert buttons(view) == [(ActionId.TOGGLE_OPT_OUT, OptOut.IN)]
    one_day = text_of(home_view(MemberHome("U1", 1, PairCard(("U2",), "", met=True), False)))
    assert "1 day in a row" in one_day and "You met" in one_day


def test_manager_view_adds_figures_and_rituals_with_pause_and_resume() -> None:
    rituals = (
        RitualRow(1, "pulse", "C1", "0 9 * * 1-5", False, "Tue 24 Nov 09:00 (Europe/London)"),
        RitualRow(2, "checkin", "C2", "0 10 * * 5", True, None),
    )
    view = validated(
        home_view(MemberHome("U1", 2, None, False), ManagerPanel("2026-W48", FIGURES, rituals))
    )
    text = text_of(view)
    for expected in (
        "Team this week (2026-W48)",
        "71/100",
        "75% answered (30 answers to 40 prompts), mean 3.9 (last week 3.7)",
        "4 groups, 3 across roles, 50% met",
        "31 reactions, 1 thread reply, 42% across roles",
        "*#1 Daily pulse* in <#C1> — `0 9 * * 1-5` — next: Tue 24 Nov 09:00 (Europe/London)",
        "*#2 Informal check-in* in <#C2> — `0 10 * * 5` — _paused_",
    ):
        assert expected in text
    assert buttons(view)[1:] == [(ActionId.PAUSE_RITUAL, "1"), (ActionId.RESUME_RITUAL, "2")]


def test_manager_view_when_figures_are_missing_or_hidden() -> None:
    hidden = {
        **FIGURES,
        "cohesion_score": None,
        "pulse": {**FIGURES["pulse"], "mean": None, "previous_mean": None},  # type: ignore[dict-item]
        "shadowing": {"pairs": 0, "cross_role_pairs": 0, "met": 0, "completion_rate": None},
    }
    text = text_of(
        validated(home_view(MemberHome("U1", 0, None, False), ManagerPanel("W", hidden)))
    )
    assert "not enough data" in text and "mean not enough answers" in text and "— met" in text
    assert "No rituals scheduled" in text
    missing = text_of(home_view(MemberHome("U1", 0, None, False), ManagerPanel("W", None)))
    assert "aren't available yet" in missing


def test_a_long_ritual_list_is_cut_to_fit_the_home_tab() -> None:
    rows = tuple(RitualRow(n, "pulse", "C1", "0 9 * * *", False, "soon") for n in range(1, 90))
    view = validated(home_view(MemberHome("U1", 0, None, False), ManagerPanel("W", FIGURES, rows)))
    assert len([b for b in buttons(view) if b[0] == ActionId.PAUSE_RITUAL]) == MAX_RITUALS
    assert f"{89 - MAX_RITUALS} more" in text_of(view)


# the streak rule -------------------------------------------------------------------------


def test_answer_streak() -> None:
    today = date(2026, 11, 23)  # a Monday
    weekdays = [today - timedelta(days=n) for n in (3, 4, 5, 6, 7)]  # Mon 16 – Fri 20
    assert home.answer_streak(weekdays + [today], weekdays, today) == 5  # today still open
    assert home.answer_streak(weekdays + [today], weekdays + [today], today) == 6
    missed_thursday = [d for d in weekdays if d != date(2026, 11, 19)]
    assert home.answer_streak(weekdays, missed_thursday, today) == 1
    assert home.answer_streak(weekdays, [], today) == 0
    assert home.answer_streak([], [], today) == 0
    assert home.answer_streak([today + timedelta(days=1)], [], today) == 0


# end to end ------------------------------------------------------------------------------


@dataclass
class Crew:
    ana: str  # a workspace admin: a manager
    ben: str
    cleo: str
    crew: str


@pytest.fixture
def crew(bot: RunningBot) -> Crew:
    ws = bot.sandbox.workspace  # type: ignore[attr-defined]
    ana = ws.add_user("ana", "Ana Ruiz", tz="Europe/London", is_admin=True, title="Producer")
    ben = ws.add_user("ben", "Ben Cole", tz="Europe/London", title="Sound Mixer")
    cleo = ws.add_user("cleo", "Cleo Park", tz="Europe/Madrid", title="Editor")
    return Crew(ana, ben, cleo, ws.add_channel("crew", [ana, ben, cleo]))


def published(bot: RunningBot, user: str) -> dict[str, Any]:
    """The last view the bot published for ``user``, validated."""
    bot.settle()
    calls = [c for c in bot.sandbox.calls_to("views.publish") if c.args["user_id"] == user]  # type: ignore[attr-defined]
    assert calls, f"nothing published for {user}"
    assert calls[-1].response["ok"], calls[-1].response
    return validated(calls[-1].args["view"])


def open_home(bot: RunningBot, user: str) -> dict[str, Any]:
    assert bot.sandbox.open_home(user).status == 200  # type: ignore[attr-defined]
    return published(bot, user)


def click(bot: RunningBot, user: str, action_id: str, value: str) -> dict[str, Any]:
    before = len(bot.sandbox.calls_to("views.publish"))  # type: ignore[attr-defined]
    view_id = bot.sandbox.workspace.home_views[user]["id"]  # type: ignore[attr-defined]
    assert bot.sandbox.click_view(user, view_id, action_id, value).status == 200  # type: ignore[attr-defined]
    view = published(bot, user)
    assert len(bot.sandbox.calls_to("views.publish")) == before + 1  # type: ignore[attr-defined]
    return view


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


def test_a_member_sees_their_streak_and_latest_pair(bot: RunningBot, crew: Crew) -> None:
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
    assert buttons(view) == [(ActionId.TOGGLE_OPT_OUT, OptOut.OUT)]
    assert "Team this week" not in text
    assert "none yet" in text_of(open_home(bot, crew.cleo))


def test_the_opt_out_toggle_updates_the_member_and_republishes(bot: RunningBot, crew: Crew) -> None:
    open_home(bot, crew.ben)
    view = click(bot, crew.ben, ActionId.TOGGLE_OPT_OUT, OptOut.OUT)
    assert buttons(view) == [(ActionId.TOGGLE_OPT_OUT, OptOut.IN)]
    with bot.db.session() as session:
        member = session.scalars(select(Member).where(Member.user_id == crew.ben)).one()
    assert member.opted_out is True
    assert bot.app.deps.directory.get(TEAM, crew.ben).opted_out  # type: ignore[union-attr]
    view = click(bot, crew.ben, ActionId.TOGGLE_OPT_OUT, OptOut.IN)
    assert buttons(view) == [(ActionId.TOGGLE_OPT_OUT, OptOut.OUT)]
    assert not bot.app.deps.directory.get(TEAM, crew.ben).opted_out  # type: ignore[union-attr]
    assert "Welcome back" in text_of(view)


def test_the_messages_tab_publishes_nothing(bot: RunningBot, crew: Crew) -> None:
    event = {"type": "app_home_opened", "user": crew.ben, "channel": "D1", "tab": "messages"}
    assert bot.sandbox.send_event(TEAM, event).status == 200  # type: ignore[attr-defined]
    bot.settle()
    assert bot.sandbox.calls_to("views.publish") == []  # type: ignore[attr-defined]


def schedule(bot: RunningBot, user: str, text: str) -> int:
    response = bot.sandbox.slash_command(user, "/greenroom", text)  # type: ignore[attr-defined]
    assert "Scheduled" in response.json()["text"], response.json()
    with bot.db.session() as session:
        return int(session.scalars(select(Ritual.id).order_by(Ritual.id.desc())).first() or 0)


def test_a_manager_sees_the_team_figures_and_rituals(bot: RunningBot, crew: Crew) -> None:
    ritual = schedule(bot, crew.ana, f'checkin schedule "0 10 * * 5" <#{crew.crew}|crew>')
    ts = bot.sandbox.workspace.post_as(crew.ben, crew.crew, "Gel swatches are in").ts  # type: ignore[attr-defined]
    bot.sandbox.workspace.react(crew.cleo, crew.crew, ts, "tada")  # type: ignore[attr-defined]
    bot.settle()  # the reaction is written after the ack
    view = open_home(bot, crew.ana)
    text = text_of(view)
    assert "Team this week (2026-W48)" in text
    if importlib.util.find_spec("rituals.figures") is not None:
        assert "*Interactions:* 1 reaction, 0 thread replies" in text
        assert "*Cohesion score:*" in text
    else:
        assert "aren't available yet" in text
    assert f"*#{ritual} Informal check-in* in <#{crew.crew}>" in text
    assert "next: Fri 27 Nov 10:00 (Europe/London)" in text
    assert (ActionId.PAUSE_RITUAL, str(ritual)) in buttons(view)


def test_team_figures_fall_back_when_the_metrics_module_is_absent(
    bot: RunningBot, crew: Crew, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(__import__("sys").modules, "rituals.figures.home", None)
    assert "aren't available yet" in text_of(open_home(bot, crew.ana))


def test_pause_and_resume_from_the_home_tab(bot: RunningBot, crew: Crew) -> None:
    ritual = schedule(bot, crew.ana, f'checkin schedule "0 10 * * 5" <#{crew.crew}|crew>')
    open_home(bot, crew.ana)
    view = click(bot, crew.ana, ActionId.PAUSE_RITUAL, str(ritual))
    assert (ActionId.RESUME_RITUAL, str(ritual)) in buttons(view)
    assert f"Paused ritual #{ritual}" in text_of(view)
    with bot.db.session() as session:
        assert session.get(Ritual, ritual).paused is True  # type: ignore[union-attr]
    bot.clock.set(datetime(2026, 12, 9, 12, 0, tzinfo=UTC))  # two Fridays pass while paused
    bot.drain()
    assert bot.sandbox.workspace.messages(crew.crew) == []  # type: ignore[attr-defined]
    view = click(bot, crew.ana, ActionId.RESUME_RITUAL, str(ritual))
    assert (ActionId.PAUSE_RITUAL, str(ritual)) in buttons(view)
    assert "next: Fri 11 Dec 10:00" in text_of(view)
    with bot.db.session() as session:
        resumed = session.get(Ritual, ritual)
    assert resumed is not None and not resumed.paused
    assert resumed.next_run_at == datetime(2026, 12, 11, 10, 0, tzinfo=UTC)
    bot.drain()  # nothing is caught up from the paused weeks
    assert bot.sandbox.workspace.messages(crew.crew) == []  # type: ignore[attr-defined]


def test_a_click_is_refused_when_the_member_is_no_longer_a_manager(
    bot: RunningBot, crew: Crew
) -> None:
    ritual = schedule(bot, crew.ana, f'checkin schedule "0 10 * * 5" <#{crew.crew}|crew>')
    bot.app.deps.directory.update(TEAM, crew.ben, is_manager=True)
    view = open_home(bot, crew.ben)
    assert (ActionId.PAUSE_RITUAL, str(ritual)) in buttons(view)
    bot.app.deps.directory.update(TEAM, crew.ben, is_manager=False)
    view = click(bot, crew.ben, ActionId.PAUSE_RITUAL, str(ritual))
    assert "Only managers can pause rituals" in text_of(view)
    assert "Team this week" not in text_of(view)
    with bot.db.session() as session:
        assert session.get(Ritual, ritual).paused is False  # type: ignore[union-attr]


def test_a_ritual_of_another_workspace_cannot_be_paused(
    bot: RunningBot, crew: Crew, monkeypatch: pytest.MonkeyPatch
) -> None:
    ritual = schedule(bot, crew.ana, f'checkin schedule "0 10 * * 5" <#{crew.crew}|crew>')
    deps = bot.app.deps
    monkeypatch.setattr(deps.directory, "is_manager", lambda team_id, user_id: True)
    with pytest.raises(NotFound):
        home._set_paused(deps, "T0SECOND", "U_ELSEWHERE", str(ritual), paused=True)
    with pytest.raises(NotFound):
        home._set_paused(deps, TEAM, crew.ana, "not-a-number", paused=True)
    with bot.db.session() as session:
        assert session.get(Ritual, ritual).paused is False  # type: ignore[union-attr]

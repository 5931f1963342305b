"""The scheduled pulse end to end: the FakeClock moves, the engine drains, the sandbox records."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.views.pulse import ActionId, BlockId
from storage.models import Delivery, Occurrence, PulseAnswer, Ritual, Workspace
from tests.conftest import RunningBot

TEAM = "T0SANDBOX"
MONDAY_9 = datetime(2026, 11, 23, 9, tzinfo=UTC)  # 09:00 in London


def add_people(bot: RunningBot, zones: dict[str, str]) -> tuple[Any, str, dict[str, str]]:
    """A manager and members with these names and zones, all in #crew."""
    ws = bot.sandbox.workspace
    manager = ws.add_user("maya", "Maya Stone", tz="Europe/London", is_admin=True)
    people = {name: ws.add_user(name, name.title(), tz=tz) for name, tz in zones.items()}
    ws.add_channel("crew", [manager, *people.values()])
    return ws, manager, people


def command(bot: RunningBot, user: str, text: str) -> str:
    ws = bot.sandbox.workspace
    response = bot.sandbox.slash_command(user, "/greenroom", text, channel_id=ws.channel_id("crew"))
    assert response.status == 200
    return str(bot.answer(response)["text"])


def buttons(message: dict[str, Any]) -> bool:
    return any(b.get("block_id") == BlockId.ANSWERS for b in message.get("blocks") or [])


def pulse_dms(ws: Any, user: str) -> list[dict[str, Any]]:
    return [m for m in ws.dm_messages(user) if buttons(m)]


def at(bot: RunningBot, when: datetime) -> None:
    bot.clock.set(when)
    bot.drain()


def deliveries(bot: RunningBot, kind: str) -> dict[str, Delivery]:
    with bot.db.session() as session:
        rows = session.scalars(select(Delivery).where(Delivery.kind == kind).order_by(Delivery.id))
        return {d.recipient: d for d in rows}


def test_schedule_fires_once_and_reminds_only_those_who_have_not_answered(
    bot: RunningBot,
) -> None:
    ws, manager, people = add_people(
        bot, {"ana": "Europe/London", "ben": "Europe/London", "cleo": "Europe/London"}
    )
    ava = ws.add_user("ava", "Ava Away", tz="Europe/London")
    ws.join(ava, ws.channel_id("crew"))
    bot.settle()  # the bot learns about the newcomer in the background
    command(bot, ava, "away 5d")
    assert bot.app.deps.svc.people.get(TEAM, ava).away_until == date(2026, 11, 27)  # type: ignore[union-attr]
    reply = command(bot, manager, 'pulse schedule "0 9 * * 1-5" #crew')
    assert "Scheduled the daily pulse in" in reply and "as ritual #" in reply
    assert "weekdays at 09:00, Europe/London" in reply
    assert "Next run: Mon 23 Nov 09:00 (Europe/London)" in reply
    assert "one gentle reminder at 75%" in reply
    bot.drain()
    assert bot.sandbox.calls_to("chat.postMessage") == []

    at(bot, MONDAY_9)
    asked = [manager, *people.values()]
    assert all(len(pulse_dms(ws, u)) == 1 for u in asked)
    assert ws.dm_messages(ava) == []
    at(bot, MONDAY_9 + timedelta(minutes=5))
    assert len(bot.sandbox.calls_to("chat.postMessage")) == len(asked)

    ana = people["ana"]
    bot.sandbox.click(ana, pulse_dms(ws, ana)[0], ActionId.SCORE_5)
    at(bot, MONDAY_9 + timedelta(hours=2, minutes=59))
    assert len(bot.sandbox.calls_to("chat.postMessage")) == len(asked)

    at(bot, MONDAY_9 + timedelta(hours=3))  # 75% of the 4-hour window
    assert len(pulse_dms(ws, ana)) == 1
    for user in (manager, people["ben"], people["cleo"]):
        prompt, reminder = ws.dm_messages(user)
        assert "No worries if today's not the day." in str(reminder["blocks"])
        assert buttons(reminder)
    assert ws.dm_messages(ava) == []
    reminders = deliveries(bot, "pulse_reminder")
    assert (reminders[ana].status, reminders[ana].error) == ("skipped", "already answered")
    assert {reminders[u].status for u in (manager, people["ben"], people["cleo"])} == {"sent"}
    assert ava not in reminders

    # Answering from the reminder updates both messages of the day.
    ben = people["ben"]
    reminder = ws.dm_messages(ben)[1]
    bot.sandbox.click(ben, reminder, ActionId.SCORE_3)
    bot.settle()
    assert all("You answered *3*" in str(m["blocks"]) for m in ws.dm_messages(ben))

    # Answers after the window still count for the day.
    at(bot, MONDAY_9 + timedelta(hours=7))
    cleo = people["cleo"]
    bot.sandbox.click(cleo, ws.dm_messages(cleo)[0], ActionId.SCORE_4)
    bot.settle()
    with bot.db.session() as session:
        assert {a.user_id: a.score for a in session.scalars(select(PulseAnswer))} == {
            ana: 5,
            ben: 3,
            cleo: 4,
        }
        occurrence = session.scalars(select(Occurrence)).one()
        assert occurrence.scheduled_for == MONDAY_9 and occurrence.status == "planned"


def test_weekends_and_public_holidays_are_skipped(bot: RunningBot) -> None:
    ws, manager, people = add_people(bot, {"ana": "Europe/London", "ben": "Europe/London"})
    command(bot, manager, "holidays GB")
    with bot.db.session() as session:
        assert session.get(Workspace, TEAM).holidays_country == "GB"  # type: ignore[union-attr]
    bot.clock.set(datetime(2026, 12, 24, 10, tzinfo=UTC))
    command(bot, manager, 'pulse schedule "0 9 * * 1-5" #crew')

    at(bot, datetime(2026, 12, 25, 9, tzinfo=UTC))  # Christmas Day, a Friday
    assert bot.sandbox.calls_to("chat.postMessage") == []
    with bot.db.session() as session:
        christmas = session.scalars(select(Occurrence)).one()
        assert christmas.status == "skipped"
        assert christmas.reason == "public holiday: Christmas Day"

    for day in (26, 27, 28):  # Saturday, Sunday, then the Boxing Day substitute holiday
        at(bot, datetime(2026, 12, day, 9, tzinfo=UTC))
    assert bot.sandbox.calls_to("chat.postMessage") == []

    at(bot, datetime(2026, 12, 29, 9, tzinfo=UTC))
    assert all(len(pulse_dms(ws, u)) == 1 for u in [manager, *people.values()])
    with bot.db.session() as session:
        runs = {
            o.scheduled_for.day: (o.status, o.reason)
            for o in session.scalars(select(Occurrence).order_by(Occurrence.scheduled_for))
        }
    assert runs[28][0] == "skipped"
    assert str(runs[28][1]).startswith("public holiday: Boxing Day")
    assert runs[29] == ("planned", None)
    assert set(runs) == {25, 28, 29}


def test_a_manual_send_on_a_holiday_goes_out(bot: RunningBot) -> None:
    ws, manager, people = add_people(bot, {"ana": "Europe/London"})
    command(bot, manager, "holidays GB")
    at(bot, datetime(2026, 12, 25, 11, tzinfo=UTC))
    command(bot, manager, "pulse send")
    bot.drain()
    assert len(pulse_dms(ws, people["ana"])) == 1


def test_local_time_delivery_follows_each_members_zone(bot: RunningBot) -> None:
    zones = {"ana": "Europe/London", "nate": "America/New_York", "kenji": "Asia/Tokyo"}
    ws, manager, people = add_people(bot, zones)
    reply = command(bot, manager, 'pulse schedule "0 9 * * 1-5" #crew local')
    assert "weekdays at 09:00 in each member's zone" in reply

    at(bot, MONDAY_9)
    assert len(pulse_dms(ws, people["ana"])) == 1 and len(pulse_dms(ws, manager)) == 1
    assert pulse_dms(ws, people["nate"]) == [] and pulse_dms(ws, people["kenji"]) == []

    at(bot, datetime(2026, 11, 23, 13, 59, tzinfo=UTC))
    assert pulse_dms(ws, people["nate"]) == []
    at(bot, datetime(2026, 11, 23, 14, tzinfo=UTC))
    assert len(pulse_dms(ws, people["nate"])) == 1
    assert pulse_dms(ws, people["kenji"]) == []

    at(bot, datetime(2026, 11, 24, 0, tzinfo=UTC))
    assert len(pulse_dms(ws, people["kenji"])) == 1

    prompts = deliveries(bot, "pulse_prompt")
    for name, zone in zones.items():
        sent = prompts[people[name]].sent_at
        assert sent is not None
        assert sent.astimezone(ZoneInfo(zone)).hour == 9
    reminders = deliveries(bot, "pulse_reminder")
    assert reminders[people["nate"]].not_before == datetime(2026, 11, 23, 17, tzinfo=UTC)
    with bot.db.session() as session:
        assert len(session.scalars(select(Occurrence)).all()) == 1  # Tuesday's has not fired


def test_a_member_who_opts_out_before_their_local_hour_gets_nothing(bot: RunningBot) -> None:
    ws, manager, people = add_people(bot, {"kenji": "Asia/Tokyo"})
    command(bot, manager, 'pulse schedule "0 9 * * 1-5" #crew local')
    at(bot, MONDAY_9)
    kenji = people["kenji"]
    command(bot, kenji, "optout")
    at(bot, datetime(2026, 11, 24, 0, tzinfo=UTC))
    assert ws.dm_messages(kenji) == []
    prompt = deliveries(bot, "pulse_prompt")[kenji]
    assert (prompt.status, prompt.error) == ("skipped", "opted out")
    at(bot, datetime(2026, 11, 24, 3, tzinfo=UTC))
    assert deliveries(bot, "pulse_reminder")[kenji].status == "skipped"
    assert ws.dm_messages(kenji) == []


def test_schedule_with_a_question_and_window(bot: RunningBot) -> None:
    ws, manager, people = add_people(bot, {"ana": "Europe/London"})
    reply = command(
        bot,
        manager,
        'pulse schedule window 2h #crew question "How was yesterday\'s shoot?" "30 8 * * 1-5"',
    )
    assert "“How was yesterday's shoot?”" in reply and "open for 2h" in reply
    with bot.db.session() as session:
        ritual = session.scalars(select(Ritual)).one()
        assert (ritual.kind, ritual.cron, ritual.tz) == ("pulse", "30 8 * * 1-5", "Europe/London")
        assert ritual.config == {
            "question": "How was yesterday's shoot?",
            "window_hours": 2.0,
            "reminder_at": 0.75,
            "local_time": False,
            "in_channel": False,
        }
    at(bot, datetime(2026, 11, 23, 8, 30, tzinfo=UTC))
    (prompt,) = pulse_dms(ws, people["ana"])
    assert "How was yesterday's shoot?" in prompt["blocks"][0]["text"]["text"]
    reminder = deliveries(bot, "pulse_reminder")[people["ana"]]
    assert reminder.not_before == datetime(2026, 11, 23, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('pulse schedule "0 9 * *" #crew', "five fields"),
        ('pulse schedule "0 9 * * 1-5" #crew window 30m', "window 4h"),
        ('pulse schedule "0 9 * * 1-5" #crew window 48h', "from 1h to 24h"),
        ('pulse schedule "0 9 * * 1-5" #crew question "' + "why " * 80 + '"', "300"),
        ('pulse schedule "0 9 * * 1-5" #crew How rested do you feel?', 'question "How rested'),
        ('pulse schedule "0 9 * * 1-5" #crew tz Mars/Olympus', "Mars/Olympus"),
        ('pulse schedule "0 9 * * 1-5" #crew local in-channel', "don't go together"),
        ("pulse schedule weekdays 25:00 #crew", "25:00"),
    ],
)
def test_schedule_usage_errors(bot: RunningBot, text: str, problem: str) -> None:
    _, manager, _ = add_people(bot, {"ana": "Europe/London"})
    assert problem in command(bot, manager, text)
    with bot.db.session() as session:
        assert session.scalars(select(Ritual)).all() == []


def test_only_managers_schedule(bot: RunningBot) -> None:
    _, _, people = add_people(bot, {"ana": "Europe/London"})
    assert "Only managers" in command(bot, people["ana"], 'pulse schedule "0 9 * * 1-5"')


def test_options_in_any_order_with_words_and_a_zone_of_its_own(bot: RunningBot) -> None:
    _, manager, _ = add_people(bot, {"ana": "Europe/London"})
    reply = command(
        bot,
        manager,
        'pulse schedule #crew tz America/New_York question "How rested do you feel?" '
        "mon,wed,fri 17:30 in-channel",
    )
    assert "Mon, Wed and Fri at 17:30, America/New_York" in reply
    assert "as one post in the channel" in reply
    with bot.db.session() as session:
        ritual = session.scalars(select(Ritual)).one()
    assert (ritual.cron, ritual.tz) == ("30 17 * * 1,3,5", "America/New_York")
    assert ritual.config["question"] == "How rested do you feel?"
    assert ritual.config["in_channel"] is True

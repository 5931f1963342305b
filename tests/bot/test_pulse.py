"""The pulse end to end: `/greenroom pulse send` and answers, over signed HTTP
between the bot and the Slack sandbox (notes and results have their own files)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import select

from bot.views.pulse import SCORE_ACTIONS, ActionId, BlockId
from sandbox import payloads
from storage.models import Delivery, Occurrence, PulseAnswer
from tests.conftest import RunningBot

TEAM = "T0SANDBOX"


@dataclass
class Crew:
    """A channel with a manager, members who can be asked, and people who must not be."""

    ws: Any
    manager: str
    members: list[str]
    channel: str
    not_asked: dict[str, str] = field(default_factory=dict)

    @property
    def asked(self) -> list[str]:
        return [self.manager, *self.members]


def make_crew(bot: RunningBot, size: int = 3, *, others: bool = True) -> Crew:
    """``size`` members plus a manager in #crew; with ``others``, a bot and people left out."""
    ws = bot.sandbox.workspace
    manager = ws.add_user("maya", "Maya Stone", tz="Europe/London", is_admin=True, title="PM")
    members = [
        ws.add_user(f"crew{n}", f"Crew Member {n}", tz="Europe/London", title="Grip")
        for n in range(size)
    ]
    not_asked: dict[str, str] = {}
    if others:
        not_asked = {
            "bot": ws.add_user("slate", "Slate Bot", is_bot=True),
            "deactivated": ws.add_user("gone", "Gone Person", deleted=True),
            "opted out": ws.add_user("olive", "Olive Out"),
            "away": ws.add_user("ava", "Ava Away"),
        }
    channel = ws.add_channel("crew", [manager, *members, *not_asked.values()])
    if others:
        assert "opted out" in command(bot, not_asked["opted out"], "optout", channel).lower()
        command(bot, not_asked["away"], "away until 2026-11-30", channel)
        assert bot.app.deps.svc.people.get(TEAM, not_asked["away"]).away_until == date(2026, 11, 30)  # type: ignore[union-attr]
    return Crew(ws, manager, members, channel, not_asked)


def command(bot: RunningBot, user: str, text: str, channel: str) -> str:
    """Run a /greenroom command; the ephemeral answer's text."""
    response = bot.sandbox.slash_command(user, "/greenroom", text, channel_id=channel)
    assert response.status == 200
    body = bot.answer(response)
    assert body["response_type"] == "ephemeral"
    return str(body["text"])


def send_pulse(bot: RunningBot, crew: Crew) -> str:
    reply = command(bot, crew.manager, f"pulse send <#{crew.channel}|crew>", crew.channel)
    bot.drain()
    return reply


def answer_buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    for block in message.get("blocks") or []:
        if block.get("block_id") == BlockId.ANSWERS:
            return list(block["elements"])
    return []


def pulse_dms(crew: Crew, user: str) -> list[dict[str, Any]]:
    """The pulse messages in a member's DM with the bot."""
    return [m for m in crew.ws.dm_messages(user) if answer_buttons(m)]


def click(bot: RunningBot, user: str, message: dict[str, Any], action_id: str) -> Any:
    response = bot.sandbox.click(user, message, action_id, block_id=BlockId.ANSWERS)
    assert response.status == 200
    bot.settle()
    return response


def answers(bot: RunningBot) -> dict[str, PulseAnswer]:
    with bot.db.session() as session:
        return {a.user_id: a for a in session.scalars(select(PulseAnswer))}


# sending -----------------------------------------------------------------------------


def test_pulse_send_reaches_each_eligible_member_once(bot: RunningBot) -> None:
    crew = make_crew(bot, size=4)
    reply = send_pulse(bot, crew)
    assert reply.startswith(
        f"Sending today's pulse to {len(crew.asked)} people in <#{crew.channel}>…"
    )
    assert "Not asked: 1 away, 1 opted out." in reply
    for user in crew.asked:
        (prompt,) = crew.ws.dm_messages(user)
        elements = answer_buttons(prompt)
        assert [e["text"]["text"] for e in elements] == ["1", "2", "3", "4", "5", "Add a note"]
        assert "How are you feeling about work today?" in prompt["blocks"][0]["text"]["text"]
        assert prompt["metadata"]["event_type"] == "greenroom_delivery"
    for why, user in crew.not_asked.items():
        assert crew.ws.dm_messages(user) == [], why
    assert len(bot.sandbox.calls_to("chat.postMessage")) == len(crew.asked)
    with bot.db.session() as session:
        occurrence = session.scalars(select(Occurrence)).one()
        assert (occurrence.kind, occurrence.status) == ("pulse", "planned")
        assert occurrence.created_by == crew.manager
        kinds = sorted((d.kind, d.status) for d in session.scalars(select(Delivery)))
    assert kinds.count(("pulse_prompt", "sent")) == len(crew.asked)
    assert kinds.count(("pulse_reminder", "pending")) == len(crew.asked)
    # Draining again sends nothing more.
    bot.drain()
    assert len(bot.sandbox.calls_to("chat.postMessage")) == len(crew.asked)


def test_pulse_send_defaults_to_the_current_channel(bot: RunningBot) -> None:
    crew = make_crew(bot, size=2, others=False)
    command(bot, crew.manager, "pulse send", crew.channel)
    bot.drain()
    assert all(len(pulse_dms(crew, u)) == 1 for u in crew.asked)


def test_non_manager_is_refused_and_nothing_is_sent(bot: RunningBot) -> None:
    crew = make_crew(bot, size=3)
    reply = command(bot, crew.members[0], "pulse send", crew.channel)
    assert "Only managers" in reply
    bot.drain()
    assert bot.sandbox.calls_to("chat.postMessage") == []
    with bot.db.session() as session:
        assert session.scalars(select(Occurrence)).all() == []


def test_pulse_send_needs_the_bot_in_the_channel(bot: RunningBot) -> None:
    crew = make_crew(bot, size=2, others=False)
    outside = crew.ws.add_channel("wardrobe", crew.asked, bot_member=False)
    reply = command(bot, crew.manager, f"pulse send <#{outside}|wardrobe>", crew.channel)
    assert "/invite @Greenroom" in reply
    bot.drain()
    assert bot.sandbox.calls_to("chat.postMessage") == []


def test_a_second_send_the_same_day_asks_only_those_not_asked_yet(bot: RunningBot) -> None:
    crew = make_crew(bot, size=2, others=True)
    send_pulse(bot, crew)
    reply = command(bot, crew.manager, "pulse send", crew.channel)
    assert "already was (3 people)" in reply and "pulse results" in reply
    back, opted_in = crew.not_asked["away"], crew.not_asked["opted out"]
    command(bot, back, "back", crew.channel)
    command(bot, opted_in, "optin", crew.channel)
    reply = command(bot, crew.manager, "pulse send", crew.channel)
    assert reply.startswith("Asking 2 people in") and "3 people were asked already" in reply
    bot.drain()
    assert all(len(pulse_dms(crew, u)) == 1 for u in [*crew.asked, back, opted_in])


def test_the_sender_is_told_how_many_the_pulse_reached(bot: RunningBot) -> None:
    crew = make_crew(bot, size=3, others=False)
    bot.sandbox.faults.error("chat.postMessage", "account_inactive", count=1)
    send_pulse(bot, crew)
    bot.clock.advance(timedelta(seconds=30))  # the report waits for the prompts, whatever order
    bot.drain()
    [report] = [e for e in crew.ws.ephemerals_for(crew.manager) if "reached" in str(e.get("text"))]
    assert report["channel"] == crew.channel
    assert "reached 3 people" in report["text"]
    assert "1 person couldn't be reached: account_inactive (1)." in report["text"]


def test_extra_words_are_explained(bot: RunningBot) -> None:
    crew = make_crew(bot, size=1, others=False)
    reply = command(bot, crew.manager, "pulse send now please", crew.channel)
    assert "I don't understand `now please`" in reply and "pulse send [#channel]" in reply


def test_rate_limits_are_waited_out_and_nobody_is_prompted_twice(bot: RunningBot) -> None:
    crew = make_crew(bot, size=3, others=False)
    bot.sandbox.faults.rate_limit("chat.postMessage", count=3, retry_after=1)
    send_pulse(bot, crew)
    for user in crew.asked:
        assert len(crew.ws.dm_messages(user)) == 1
    posts = bot.sandbox.calls_to("chat.postMessage")
    assert [c.status for c in posts].count(429) == 3
    assert [c.status for c in posts].count(200) == len(crew.asked)
    with bot.db.session() as session:
        prompts = session.scalars(select(Delivery).where(Delivery.kind == "pulse_prompt")).all()
    assert {p.status for p in prompts} == {"sent"}


# answering ---------------------------------------------------------------------------


def test_a_click_is_stored_and_the_message_confirms_it(bot: RunningBot) -> None:
    crew = make_crew(bot, size=2, others=False)
    send_pulse(bot, crew)
    ana = crew.members[0]
    (prompt,) = pulse_dms(crew, ana)
    click(bot, ana, prompt, ActionId.SCORE_4)
    stored = answers(bot)
    assert stored[ana].score == 4 and stored[ana].channel_id == crew.channel
    first_time = stored[ana].answered_at
    (updated,) = pulse_dms(crew, ana)
    assert updated["ts"] == prompt["ts"]
    assert "You answered *4* — thanks. Change it any time today." in str(updated["blocks"])
    styles = {e["action_id"]: e.get("style") for e in answer_buttons(updated)}
    assert styles == {**dict.fromkeys(styles), ActionId.SCORE_4.value: "primary"}
    # Later, a change of heart: the last click wins, the first answer time stays.
    bot.clock.advance(timedelta(minutes=20))
    click(bot, ana, updated, ActionId.SCORE_2)
    stored = answers(bot)
    assert stored[ana].score == 2
    assert stored[ana].answered_at == first_time
    assert stored[ana].updated_at == first_time + timedelta(minutes=20)
    (again,) = pulse_dms(crew, ana)
    assert "You answered *2*" in str(again["blocks"])
    assert {e["action_id"] for e in answer_buttons(again) if e.get("style")} == {"pulse_score_2"}
    assert len(answers(bot)) == 1


def test_someone_else_cannot_answer_a_prompt(bot: RunningBot) -> None:
    crew = make_crew(bot, size=2, others=False)
    send_pulse(bot, crew)
    ana, ben = crew.members
    (prompt,) = pulse_dms(crew, ana)
    with bot.sandbox.lock:
        crew.ws.channel(crew.ws.im_with(ana)).members.append(ben)  # ben somehow sees it
    updates_before = len(bot.sandbox.calls_to("chat.update"))
    click(bot, ben, prompt, ActionId.SCORE_1)
    assert answers(bot) == {}
    assert bot.sandbox.responses[-1]["text"] == "This check-in is for someone else."
    assert bot.sandbox.responses[-1]["response_type"] == "ephemeral"
    assert len(bot.sandbox.calls_to("chat.update")) == updates_before
    assert pulse_dms(crew, ana)[0]["blocks"] == prompt["blocks"]
    # The note button is refused too.
    response = bot.sandbox.click(ben, prompt, ActionId.ADD_NOTE)
    assert response.status == 200
    bot.settle()
    assert bot.sandbox.calls_to("views.open") == []
    assert bot.sandbox.responses[-1]["text"] == "This check-in is for someone else."


# results -----------------------------------------------------------------------------


def test_pulse_commands_need_a_channel_not_a_dm(bot: RunningBot) -> None:
    crew = make_crew(bot, size=1, others=False)
    response = bot.sandbox.slash_command(crew.manager, "/greenroom", "pulse send")
    assert "Name the channel whose members to ask" in response.json()["text"]
    bot.drain()
    assert bot.sandbox.calls_to("chat.postMessage") == []


def test_each_score_button_answers_its_score_and_look_alikes_do_not(bot: RunningBot) -> None:
    """The five buttons share one listener: each stores its own score; an action id that
    only resembles one is no answer."""
    crew = make_crew(bot, size=1, others=False)
    send_pulse(bot, crew)
    ana = crew.members[0]
    sb: Any = bot.sandbox
    payload = payloads.message_action(
        sb, crew.ws, ana, pulse_dms(crew, ana)[0], "pulse_score_3", None, None
    )
    for fake in ("pulse_score_6", "pulse_score_30", "xpulse_score_3"):
        payload["actions"][0]["action_id"] = fake
        body = urlencode({"payload": json.dumps(payload)})
        sb.signed_post(sb.bot_url, body, "application/x-www-form-urlencoded")
        bot.settle()
        assert answers(bot) == {}, fake
    payload["actions"][0]["action_id"] = "pulse_score_3"  # the same payload, untouched, is one
    sb.signed_post(
        sb.bot_url, urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
    )
    bot.settle()
    assert answers(bot)[ana].score == 3
    for score, action_id in SCORE_ACTIONS.items():
        click(bot, ana, pulse_dms(crew, ana)[0], action_id)
        assert answers(bot)[ana].score == score
        assert f"You answered *{score}*" in str(pulse_dms(crew, ana)[0]["blocks"])

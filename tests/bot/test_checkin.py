"""The informal check-in end to end: slash commands, the engine, the post, its interactions."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.slack.messenger import METADATA_EVENT
from rituals.checkin import QUESTIONS, bank, choose_question
from storage.models import Delivery, Interaction, Occurrence, Ritual, Workspace
from tests.conftest import RunningBot

TEAM = "T0SANDBOX"


@dataclass
class Crew:
    ana: str  # a workspace admin, so a manager
    ben: str
    cleo: str
    crew: str
    stage: str
    quiet: str


@pytest.fixture
def crew(bot: RunningBot) -> Crew:
    ws = bot.sandbox.workspace
    ana = ws.add_user("ana", "Ana Ruiz", tz="Europe/London", is_admin=True, title="Producer")
    ben = ws.add_user("ben", "Ben Cole", tz="Europe/London", title="Sound Mixer")
    cleo = ws.add_user("cleo", "Cleo Park", tz="Europe/Madrid", title="Editor")
    return Crew(
        ana,
        ben,
        cleo,
        ws.add_channel("crew", [ana, ben, cleo]),
        ws.add_channel("stage", [ana, ben]),
        ws.add_channel("quiet", [ana], bot_member=False),
    )


def command(bot: RunningBot, user: str, text: str, channel: str | None = None) -> str:
    response = bot.sandbox.slash_command(user, "/greenroom", text, channel_id=channel)
    assert response.status == 200
    return str(bot.answer(response)["text"])  # in the ack, or later through response_url


def posts(bot: RunningBot, channel: str) -> list[dict[str, Any]]:
    """The bot's check-in posts in a channel, oldest first."""
    return [
        m
        for m in bot.sandbox.workspace.messages(channel)
        if m.get("user") == "U0BOT" and m.get("text", "").startswith("Check-in: ")
    ]


def question_of(message: dict[str, Any]) -> str:
    return str(message["text"]).removeprefix("Check-in: ")


def test_checkin_send_posts_a_question_through_the_engine(bot: RunningBot, crew: Crew) -> None:
    reply = command(bot, crew.ana, f"checkin send <#{crew.crew}|crew>", channel=crew.stage)
    assert f"<#{crew.crew}>" in reply
    assert posts(bot, crew.crew) == []  # nothing is posted on the request path
    bot.drain()
    [post] = posts(bot, crew.crew)
    assert question_of(post) in QUESTIONS
    assert question_of(post) in post["blocks"][0]["text"]["text"]
    with bot.db.session() as session:
        delivery = session.scalars(select(Delivery)).one()
        occurrence = session.get(Occurrence, delivery.occurrence_id)
    assert occurrence is not None and (occurrence.kind, occurrence.channel_id) == (
        "checkin",
        crew.crew,
    )
    assert (delivery.kind, delivery.recipient, delivery.status) == (
        "checkin_post",
        crew.crew,
        "sent",
    )
    assert delivery.payload == {"question": question_of(post)}
    assert post["metadata"]["event_type"] == METADATA_EVENT
    assert post["metadata"]["event_payload"]["delivery_id"] == delivery.id
    assert posts(bot, crew.stage) == []


def test_checkin_send_defaults_to_the_channel_it_was_typed_in(bot: RunningBot, crew: Crew) -> None:
    command(bot, crew.ana, "checkin send", channel=crew.stage)
    bot.drain()
    assert len(posts(bot, crew.stage)) == 1


def test_never_the_same_question_twice_in_a_row_per_channel(
    bot: RunningBot, crew: Crew, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With a two-question bank the only allowed sequence alternates: this proves the
    # planner reads the channel's previous check-in, and only that channel's.
    def two_questions(recent: Sequence[str], rng: random.Random) -> str:
        return choose_question(recent, rng, bank=("Best catering this week?", "Favourite cue?"))

    monkeypatch.setattr(bank, "choose_question", two_questions)
    for _ in range(4):
        for channel in (crew.crew, crew.stage):
            command(bot, crew.ana, "checkin send", channel=channel)
            bot.drain()
    for channel in (crew.crew, crew.stage):
        asked = [question_of(m) for m in posts(bot, channel)]
        assert len(asked) == 4
        assert all(a != b for a, b in zip(asked, asked[1:], strict=False)), asked


def test_a_long_run_of_check_ins_never_repeats_back_to_back(bot: RunningBot, crew: Crew) -> None:
    for _ in range(12):
        command(bot, crew.ana, "checkin send", channel=crew.crew)
        bot.drain()
    asked = [question_of(m) for m in posts(bot, crew.crew)]
    assert len(asked) == 12
    assert len(set(asked)) == 12  # fresh questions are preferred while the bank has them


def test_replies_and_reactions_to_the_check_in_are_interactions(
    bot: RunningBot, crew: Crew
) -> None:
    command(bot, crew.ana, "checkin send", channel=crew.crew)
    bot.drain()
    [post] = posts(bot, crew.crew)
    ws = bot.sandbox.workspace
    ws.react(crew.ben, crew.crew, post["ts"], "raised_hands")
    answer = ws.post_as(crew.cleo, crew.crew, "The art team's signage saved us", post["ts"]).ts
    ws.react(crew.ben, crew.crew, answer, "heart")
    bot.settle()
    with bot.db.session() as session:
        found = [
            (i.kind, i.actor_id, i.target_id)
            for i in session.scalars(select(Interaction).order_by(Interaction.id))
        ]
    assert found == [
        ("reaction", crew.ben, None),
        ("reply", crew.cleo, None),
        ("reaction", crew.ben, crew.cleo),
    ]


def test_only_managers_run_check_ins(bot: RunningBot, crew: Crew) -> None:
    for text in ("checkin send", 'checkin schedule "0 10 * * 5"'):
        assert "Only managers" in command(bot, crew.ben, text, channel=crew.crew)
    bot.drain()
    assert posts(bot, crew.crew) == []
    with bot.db.session() as session:
        assert session.scalars(select(Ritual)).all() == []


def test_bad_targets_are_explained(bot: RunningBot, crew: Crew) -> None:
    dm = command(bot, crew.ana, "checkin send")  # typed in the DM with the bot
    assert "channel the crew shares" in dm and "#crew" in dm
    assert "/invite" in command(bot, crew.ana, f"checkin send <#{crew.quiet}|quiet>")
    assert "don't understand `now please`" in command(
        bot, crew.ana, "checkin send now please", crew.crew
    )
    no_time = command(bot, crew.ana, 'checkin schedule "every friday"', crew.crew)
    assert "needs a time of day" in no_time
    bot.drain()
    with bot.db.session() as session:
        assert session.scalars(select(Occurrence)).all() == []


def test_checkin_schedule_posts_on_time_and_skips_public_holidays(
    bot: RunningBot, crew: Crew
) -> None:
    reply = command(bot, crew.ana, f'checkin schedule "0 10 * * 5" <#{crew.crew}|crew>')
    assert "Scheduled the informal check-in" in reply and "Fri 27 Nov 10:00" in reply
    with bot.db.session() as session:
        ritual = session.scalars(select(Ritual)).one()
        session.get(Workspace, TEAM).holidays_country = "GB"  # type: ignore[union-attr]
    assert (ritual.kind, ritual.channel_id, ritual.tz) == ("checkin", crew.crew, "Europe/London")
    bot.drain()
    assert posts(bot, crew.crew) == []
    fridays = [datetime(2026, 11, 27, 10, 0, tzinfo=UTC) + timedelta(weeks=n) for n in range(5)]
    for friday in fridays:  # 25 Dec is a public holiday in GB
        bot.clock.set(friday)
        bot.drain()
    asked = [question_of(m) for m in posts(bot, crew.crew)]
    assert len(asked) == 4
    assert all(a != b for a, b in zip(asked, asked[1:], strict=False))
    with bot.db.session() as session:
        skipped = session.scalars(select(Occurrence).where(Occurrence.status == "skipped")).one()
    assert skipped.scheduled_for == datetime(2026, 12, 25, 10, 0, tzinfo=UTC)
    assert skipped.reason is not None and "Christmas" in skipped.reason


def test_checkin_schedule_reads_words_in_any_order(bot: RunningBot, crew: Crew) -> None:
    reply = command(bot, crew.ana, f"checkin schedule <#{crew.crew}|crew> fridays 16:00")
    assert "Scheduled the informal check-in" in reply and "Fri 27 Nov 16:00" in reply
    with bot.db.session() as session:
        ritual = session.scalars(select(Ritual)).one()
    assert (ritual.cron, ritual.channel_id) == ("0 16 * * 5", crew.crew)


def test_checkin_schedule_with_its_own_question_asks_it_each_time(
    bot: RunningBot, crew: Crew
) -> None:
    reply = command(
        bot,
        crew.ana,
        f'checkin schedule fridays 10:00 question "Best catering this week?" <#{crew.crew}|crew>',
    )
    assert "“Best catering this week?”" in reply
    for friday in (
        datetime(2026, 11, 27, 10, 0, tzinfo=UTC),
        datetime(2026, 12, 4, 10, 0, tzinfo=UTC),
    ):
        bot.clock.set(friday)
        bot.drain()
    assert [question_of(m) for m in posts(bot, crew.crew)] == ["Best catering this week?"] * 2


def test_help_lists_the_check_in_commands(bot: RunningBot, crew: Crew) -> None:
    text = command(bot, crew.ben, "help")
    assert "checkin send [#channel]" in text
    assert 'checkin schedule "<cron>"|<words> [#channel]' in text

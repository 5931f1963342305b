"""The digest end to end: a week of pulse answers and interactions through the bot, then
``/greenroom digest send|schedule`` posting Block Kit and uploading the trend chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from typing import Any

import numpy as np
import pytest
from matplotlib.image import imread
from sqlalchemy import select

from bot.views.digest import BlockId
from bot.views.pulse import ActionId
from bot.views.pulse import BlockId as PulseBlockId
from rituals.figures.reports import compute_week
from storage.models import Delivery, Interaction, PulseAnswer, Ritual
from tests.bot.test_digest_views import PNG_SIGNATURE, by_id, texts, validated
from tests.conftest import RunningBot

TEAM = "T0SANDBOX"
NEXT_MONDAY = datetime(2026, 11, 30, 8, tzinfo=UTC)  # W49 has begun in London: W48 is complete
ROLES = {"maya": "lighting", "ana": "lighting", "bo": "lighting", "cy": "sound"}
ROLES |= {"dee": "sound", "eve": "camera"}
SCORES = {"maya": 4, "ana": 5, "bo": 4, "cy": 3, "dee": 2, "eve": 5}


@dataclass
class Crew:
    ws: Any
    people: dict[str, str]  # name → user id; maya is a workspace admin
    crew: str
    leads: str

    @property
    def maya(self) -> str:
        return self.people["maya"]


@pytest.fixture
def crew(bot: RunningBot) -> Crew:
    ws = bot.sandbox.workspace  # type: ignore[attr-defined]
    people = {
        name: ws.add_user(name, name.title(), tz="Europe/London", is_admin=name == "maya")
        for name in ROLES
    }
    crew = ws.add_channel("crew", list(people.values()))
    leads = ws.add_channel("leads", [people["maya"]])
    for name, role in ROLES.items():
        bot.app.deps.svc.people.update(TEAM, people[name], role=role)
    return Crew(ws, people, crew, leads)


def command(bot: RunningBot, user: str, text: str, channel: str) -> str:
    response = bot.sandbox.slash_command(user, "/greenroom", text, channel_id=channel)  # type: ignore[attr-defined]
    assert response.status == 200
    return str(response.json()["text"])


def play_week(bot: RunningBot, crew: Crew) -> None:
    """Monday of W48: a pulse everyone answers, a post with reactions and a reply."""
    command(bot, crew.maya, f"pulse send <#{crew.crew}|crew>", crew.crew)
    bot.drain()
    for name, score in SCORES.items():
        user = crew.people[name]
        [prompt] = [
            m
            for m in crew.ws.dm_messages(user)
            if any(b.get("block_id") == PulseBlockId.ANSWERS for b in m.get("blocks") or [])
        ]
        response = bot.sandbox.click(  # type: ignore[attr-defined]
            user, prompt, ActionId(f"pulse_score_{score}"), block_id=PulseBlockId.ANSWERS
        )
        assert response.status == 200
    bot.settle()
    people = crew.people
    crew.ws.post_as(people["ana"], crew.crew, "Lighting plot for scene 12 is up")
    post = crew.ws.messages(crew.crew)[-1]
    crew.ws.react(people["cy"], crew.crew, post["ts"], "clap")  # sound → lighting
    crew.ws.react(people["bo"], crew.crew, post["ts"], "bulb")  # lighting → lighting
    crew.ws.post_as(people["eve"], crew.crew, "Can camera see it early?", thread_ts=post["ts"])
    bot.drain()
    with bot.db.session() as session:
        assert len(session.scalars(select(PulseAnswer)).all()) == 6
        assert len(session.scalars(select(Interaction)).all()) == 3


def digest_posts(crew: Crew, channel: str) -> list[dict[str, Any]]:
    return [
        m
        for m in crew.ws.messages(channel)
        if any(b.get("block_id") == BlockId.HEADER for b in m.get("blocks") or [])
    ]


def chart_files(crew: Crew) -> list[Any]:
    return [f for f in crew.ws.files.values() if f.completed]


def assert_real_png(content: bytes) -> None:
    assert content.startswith(PNG_SIGNATURE)
    image = imread(BytesIO(content), format="png")
    assert image.shape[:2] == (400, 800)
    rgb = (image[:, :, :3] * 255).astype(np.uint8).reshape(-1, 3)
    assert len(np.unique(rgb, axis=0)) > 100


def test_digest_send_posts_the_week_and_uploads_the_chart(bot: RunningBot, crew: Crew) -> None:
    play_week(bot, crew)
    bot.clock.set(NEXT_MONDAY)

    reply = command(bot, crew.maya, f"digest send <#{crew.leads}|leads> team", crew.crew)
    assert reply == (
        f"Posting the cohesion digest for 2026-W48 (23–29 Nov 2026) in <#{crew.leads}> "
        "(whole workspace), with its trend chart."
    )
    assert digest_posts(crew, crew.leads) == []  # nothing is posted on the request path
    bot.drain()

    [post] = digest_posts(crew, crew.leads)
    blocks = post["blocks"]
    validated(blocks)
    assert post["text"].startswith("Cohesion digest — whole workspace — 2026-W48")
    figures = "\n".join(texts(by_id(blocks, BlockId.FIGURES)))
    assert "*Pulse mean*\n3.8 / 5" in figures  # (4+5+4+3+2+5) / 6
    assert "_6 of 6 prompts answered_" in figures
    assert "*Cross-role share*\n67%" in figures  # cy→ana and eve→ana of three
    roles = texts(by_id(blocks, f"{BlockId.ROLES}_0"))
    # a role's mean needs more than min_group people: lighting's three are withheld too
    assert "*lighting*\nnot enough answers yet" in roles
    assert "*sound*\nnot enough answers yet" in roles  # two people
    assert "*camera*\nnot enough answers yet" in roles  # one person
    assert post["metadata"]["event_type"] == "greenroom_delivery"

    [chart] = chart_files(crew)
    assert chart.channels == [crew.leads]
    assert chart.name == "greenroom-trend-2026-W48.png"
    assert chart.content is not None
    assert_real_png(chart.content)
    assert crew.ws.messages(crew.leads)[-1].get("files"), "the chart follows the digest"

    with bot.db.session() as session:
        [delivery] = session.scalars(select(Delivery).where(Delivery.kind == "digest_post"))
    assert (delivery.recipient, delivery.status, delivery.payload) == (
        crew.leads,
        "sent",
        {"week": "2026-W48", "team": True},
    )
    # The figures are the export's.
    week = compute_week(bot.db, team_id=TEAM, week="2026-W48", tz="Europe/London")
    assert week["pulse"]["mean"] == 3.8
    assert week["interactions"]["cross_role_share"] == 0.667
    assert week["members"] == 6


def test_digest_send_defaults_to_the_channel_it_was_typed_in(bot: RunningBot, crew: Crew) -> None:
    bot.clock.set(NEXT_MONDAY)
    command(bot, crew.maya, "digest send", crew.leads)
    bot.drain()
    [post] = digest_posts(crew, crew.leads)
    validated(post["blocks"])
    assert "not enough to score yet" in "\n".join(texts(by_id(post["blocks"], BlockId.FIGURES)))
    assert len(chart_files(crew)) == 1


def test_digest_commands_are_for_managers(bot: RunningBot, crew: Crew) -> None:
    reply = command(bot, crew.people["ana"], "digest send", crew.crew)
    assert reply.startswith("Only managers can use `/greenroom digest send`")
    reply = command(bot, crew.people["ana"], "digest schedule", crew.crew)
    assert reply.startswith("Only managers can use `/greenroom digest schedule`")
    bot.drain()
    assert digest_posts(crew, crew.crew) == []


def test_digest_schedule_defaults_to_monday_nine_and_posts_last_week(
    bot: RunningBot, crew: Crew
) -> None:
    play_week(bot, crew)
    bot.clock.set(datetime(2026, 11, 24, 10, tzinfo=UTC))  # Tuesday
    reply = command(bot, crew.maya, f"digest schedule <#{crew.leads}|leads> team", crew.crew)
    assert reply.startswith(f"Scheduled the weekly cohesion digest in <#{crew.leads}> as ritual #")
    assert "Mondays at 09:00, Europe/London, covering the whole workspace." in reply
    assert "Next run: Mon 30 Nov 09:00 (Europe/London)" in reply
    with bot.db.session() as session:
        [ritual] = session.scalars(select(Ritual))
    assert (ritual.kind, ritual.cron, ritual.channel_id, ritual.tz) == (
        "digest",
        "0 9 * * 1",
        crew.leads,
        "Europe/London",
    )
    assert ritual.next_run_at == datetime(2026, 11, 30, 9, tzinfo=UTC)

    bot.clock.set(datetime(2026, 11, 30, 8, 59, tzinfo=UTC))
    bot.drain()
    assert digest_posts(crew, crew.leads) == []
    bot.clock.set(datetime(2026, 11, 30, 9, 0, 30, tzinfo=UTC))
    bot.drain()
    [post] = digest_posts(crew, crew.leads)
    validated(post["blocks"])
    assert "2026-W48" in post["text"]
    assert "*Pulse mean*\n3.8 / 5" in "\n".join(texts(by_id(post["blocks"], BlockId.FIGURES)))
    assert len(chart_files(crew)) == 1
    with bot.db.session() as session:
        ritual = session.scalars(select(Ritual)).one()
    assert ritual.next_run_at == datetime(2026, 12, 7, 9, tzinfo=UTC)


def test_digest_schedule_takes_a_cron_and_the_current_channel(bot: RunningBot, crew: Crew) -> None:
    reply = command(bot, crew.maya, 'digest schedule "30 8 * * 5"', crew.leads)
    assert f"Fridays at 08:30, Europe/London, covering <#{crew.leads}>'s crew." in reply
    with bot.db.session() as session:
        [ritual] = session.scalars(select(Ritual))
    assert (ritual.cron, ritual.channel_id) == ("30 8 * * 5", crew.leads)
    assert ritual.config == {"crew_channel": crew.leads}


def test_digest_schedule_rejects_a_bad_cron(bot: RunningBot, crew: Crew) -> None:
    reply = command(bot, crew.maya, 'digest schedule "every monday"', crew.leads)
    assert "`every monday` needs a time of day" in reply
    reply = command(bot, crew.maya, "digest schedule mondays 09:00 #leads weekly", crew.leads)
    assert "weekly" in reply and "digest schedule" in reply
    reply = command(bot, crew.maya, "digest send #leads extra", crew.leads)
    assert "I don't understand `extra`. Usage: `digest send [#channel] [team]`" in reply
    with bot.db.session() as session:
        assert session.scalars(select(Ritual)).all() == []


def test_a_failed_chart_upload_does_not_post_the_digest_twice(
    bot: RunningBot, crew: Crew, caplog: pytest.LogCaptureFixture
) -> None:
    bot.clock.set(NEXT_MONDAY)
    bot.sandbox.faults.error("files.getUploadURLExternal", "not_allowed_token_type")  # type: ignore[attr-defined]
    command(bot, crew.maya, "digest send", crew.leads)
    bot.drain()
    bot.drain()
    assert len(digest_posts(crew, crew.leads)) == 1
    assert chart_files(crew) == []
    with bot.db.session() as session:
        [delivery] = session.scalars(select(Delivery).where(Delivery.kind == "digest_post"))
    assert delivery.status == "sent"
    assert "digest chart upload failed" in caplog.text

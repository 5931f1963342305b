"""The digest covers the crew it is posted for, end to end over signed HTTP: two channels
with different crews, ``digest send #vfx`` (that crew only, said in the header), ``team``
(the whole workspace), and a scheduled digest in #leads about #sound set up in App Home."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.views.digest import BlockId
from bot.views.home_rituals import RitualAction
from bot.views.ritual_form import Field
from tests.bot import crew_flows as flows
from tests.bot.home_support import click_for_modal, fill, open_home, pick_in_modal
from tests.bot.test_digest_views import by_id, texts, validated
from tests.conftest import RunningBot

MONDAY_W48 = datetime(2026, 11, 23, 9, tzinfo=UTC)
NEXT_MONDAY = datetime(2026, 11, 30, 8, tzinfo=UTC)  # W48 is the last complete week
VFX_SCORES = (4, 4, 5, 3)  # lead and three members: mean 4.0
SOUND_SCORES = (2, 2, 3, 2, 1)  # lead and four members: mean 2.0


@pytest.fixture
def crews(bot: RunningBot) -> tuple[flows.Crew, flows.Crew, str]:
    ws: Any = bot.sandbox.workspace  # type: ignore[attr-defined]
    vfx = flows.make_crew(ws, 3, prefix="vfx")
    sound = flows.make_crew(ws, 4, prefix="sound")
    leads = ws.add_channel("leads", [vfx.manager])
    for crew, role in ((vfx, "vfx"), (sound, "sound")):
        for person in crew.everyone:
            bot.app.deps.svc.people.update(crew.team_id, person, role=role)
    bot.clock.set(MONDAY_W48)
    for crew, scores in ((vfx, VFX_SCORES), (sound, SOUND_SCORES)):
        flows.command(bot, crew.manager, f"pulse send <#{crew.channel}>", crew.channel)
        for person, score in zip(crew.everyone, scores, strict=True):
            flows.answer_pulse(bot, crew, person, score)
    bot.settle()
    bot.clock.set(NEXT_MONDAY)
    return vfx, sound, leads


def digests(ws: Any, channel: str) -> list[dict[str, Any]]:
    return [
        m
        for m in ws.messages(channel)
        if any(b.get("block_id") == BlockId.HEADER for b in m.get("blocks") or [])
    ]


def header(post: dict[str, Any]) -> str:
    return str(by_id(post["blocks"], BlockId.HEADER)["text"]["text"])


def figures(post: dict[str, Any]) -> str:
    return "\n".join(texts(by_id(post["blocks"], BlockId.FIGURES)))


def test_a_channel_digest_shows_only_its_crew(
    bot: RunningBot, crews: tuple[flows.Crew, flows.Crew, str]
) -> None:
    vfx, _, _ = crews
    reply = flows.command(bot, vfx.manager, f"digest send <#{vfx.channel}|vfx>", vfx.channel)
    assert reply == (
        f"Posting the cohesion digest for 2026-W48 (23–29 Nov 2026) in <#{vfx.channel}> "
        "(#vfx crew, 4 people), with its trend chart."
    )
    bot.drain()
    [post] = digests(vfx.ws, vfx.channel)
    validated(post["blocks"])
    assert header(post) == "Cohesion digest — #vfx crew, 4 people — 2026-W48 (23–29 Nov 2026)"
    assert "*Pulse mean*\n4.0 / 5" in figures(post)  # vfx's answers, not sound's
    assert "_4 of 4 prompts answered_" in figures(post)
    roles = "\n".join(texts(by_id(post["blocks"], f"{BlockId.ROLES}_0")))
    assert "*vfx*" in roles and "sound" not in roles
    summary = texts(by_id(post["blocks"], BlockId.SUMMARY))[0]
    assert f"<#{vfx.channel}>'s crew" in summary


def test_team_says_whole_workspace(
    bot: RunningBot, crews: tuple[flows.Crew, flows.Crew, str]
) -> None:
    vfx, _, _ = crews
    reply = flows.command(bot, vfx.manager, f"digest send team <#{vfx.channel}>", vfx.channel)
    assert "(whole workspace)" in reply  # options in any order
    bot.drain()
    [post] = digests(vfx.ws, vfx.channel)
    validated(post["blocks"])
    assert header(post).startswith("Cohesion digest — whole workspace — 2026-W48")
    assert "_9 of 9 prompts answered_" in figures(post)


def test_schedule_in_words_and_a_digest_about_another_crew(
    bot: RunningBot, crews: tuple[flows.Crew, flows.Crew, str]
) -> None:
    vfx, sound, leads = crews
    bot.clock.set(datetime(2026, 11, 29, 12, tzinfo=UTC))
    reply = flows.command(bot, vfx.manager, f"digest schedule mondays 09:00 <#{leads}>", leads)
    assert "Mondays at 09:00, Europe/London, covering" in reply
    flows.command(bot, vfx.manager, f"delete {reply.split('ritual #')[1].split(':')[0]}", leads)
    open_home(bot, vfx.manager)
    view_id = click_for_modal(bot, vfx.manager, RitualAction.NEW, "new")
    pick_in_modal(bot, vfx.manager, view_id, Field.KIND, "digest")
    answer = fill(
        bot,
        vfx.manager,
        view_id,
        ritual_channel=leads,
        ritual_days=["1"],
        ritual_time="09:00",
        ritual_crew=sound.channel,
    )
    assert answer == {}
    bot.clock.set(datetime(2026, 11, 30, 9, 0, 30, tzinfo=UTC))
    bot.drain()
    [post] = digests(vfx.ws, leads)
    validated(post["blocks"])
    assert header(post) == "Cohesion digest — #sound crew, 5 people — 2026-W48 (23–29 Nov 2026)"
    assert "*Pulse mean*\n2.0 / 5" in figures(post)

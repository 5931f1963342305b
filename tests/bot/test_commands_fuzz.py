"""Arbitrary ``/greenroom`` and ``/retro`` text over signed HTTP: always a calm, private answer.

Whatever people type, the bot answers 200 with an ephemeral message (in the ack
or through the response_url) and logs nothing at ERROR level.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import RunningBot

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t\n"),
    max_size=40,
)
ARGUMENT = st.one_of(
    TEXT,
    st.sampled_from(
        [
            '"0 9 * * 1-5"',
            "“0 9 * * 1-5”",
            '"61 25 * * *"',
            '"0 9 1 * 1"',
            '"',
            "'",
            "#crew",
            "#nowhere",
            "<#C00000001|crew>",
            "<#C99999999>",
            "<@U00000001|mo>",
            "<@U00000002>",
            "<@U99999999|ghost>",
            "@ana",
            "@nobody",
            "3d",
            "0d",
            "400d",
            "12h",
            "until",
            "2026-12-24",
            "2020-01-01",
            "2026-02-30",
            "size",
            "2",
            "3",
            "followup",
            "window",
            "local",
            "GB",
            "off",
            "42",
            "#1",
            "-1",
            "99999999999999999999",
            "start-stop-continue",
            "4ls",
            "creative-quality",
            "lighting",
            "",
        ]
    ),
)


def _answer_text(bot: RunningBot, response: Any) -> dict[str, Any]:
    body = response.json() or {}
    if body:
        return dict(body)
    bot.settle()
    later = bot.sandbox.responses_for(response.payload["response_url"])
    assert later, "the ack was empty and nothing came through the response_url"
    return dict(later[-1])


@pytest.fixture
def people(bot: RunningBot) -> dict[str, str]:
    ws: Any = bot.sandbox.workspace
    boss = ws.add_user("mo", "Mo Daniels", tz="Europe/London", is_admin=True)
    ana = ws.add_user("ana", "Ana Ruiz", tz="Europe/London", title="Gaffer")
    ben = ws.add_user("ben", "Ben Cole", tz="Europe/Madrid", title="Sound Mixer")
    ws.add_channel("crew", [boss, ana, ben])
    return {"boss": boss, "ana": ana}


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_command_text_gets_a_private_answer_and_no_error(
    bot: RunningBot,
    people: dict[str, str],
    caplog: pytest.LogCaptureFixture,
    data: st.DataObject,
) -> None:
    command = data.draw(st.sampled_from(["/greenroom", "/retro"]), label="command")
    known = [" ".join(words) for words in bot.app.deps.commands[command].subcommands]
    start = data.draw(st.one_of(st.sampled_from(known), TEXT), label="subcommand")
    rest = data.draw(st.lists(ARGUMENT, max_size=5), label="arguments")
    text = " ".join([start, *rest])
    user = data.draw(st.sampled_from(sorted(people.values())), label="user")
    channel = data.draw(st.sampled_from([None, "C00000001"]), label="channel")
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        response = bot.sandbox.slash_command(user, command, text, channel_id=channel)
        assert response.status == 200, response.text
        answer = _answer_text(bot, response)
        bot.settle()
    assert answer.get("response_type", "ephemeral") == "ephemeral", answer
    assert (answer.get("text") or "").strip(), answer
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]

"""The page's HTTP side without a browser: state, acts, files and a bot that is not there."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.cli import build_parser
from sandbox.page_acts import REQUIRED, escape, inputs_for, missing
from sandbox.runner import Running, start

MONDAY = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)


@pytest.fixture
def running() -> Iterator[Running]:
    handle = start(port=0, now=MONDAY)
    yield handle
    handle.close()


def get(running: Running, path: str) -> Any:
    with urllib.request.urlopen(running.url + path.lstrip("/")) as reply:
        return json.loads(reply.read())


def act(running: Running, **body: Any) -> Any:
    request = urllib.request.Request(
        running.url + "ui/act", data=json.dumps(body).encode(), method="POST"
    )
    with urllib.request.urlopen(request) as reply:
        return json.loads(reply.read())


def test_the_page_and_its_files_are_served_offline(running: Running) -> None:
    with urllib.request.urlopen(running.url) as reply:
        page = reply.read().decode()
    assert "/ui/static/app.js" in page and "http" not in page.replace("http-equiv", "")
    for name in ("app.js", "style.css"):
        with urllib.request.urlopen(f"{running.url}ui/static/{name}") as reply:
            assert reply.status == 200 and b"https://" not in reply.read()
    with pytest.raises(urllib.error.HTTPError) as missing_file:
        urllib.request.urlopen(running.url + "ui/file/F404")
    assert missing_file.value.code == 404
    missing_file.value.close()


def test_state_before_and_after_picking_someone(running: Running) -> None:
    assert "Who are you today?" in get(running, "/ui/state")["welcome"]
    ana = running.sandbox.workspace.user_id("ana")
    state = get(running, f"/ui/state?as={ana}")
    assert state["conv"] == running.sandbox.workspace.channel_id("crew")
    assert state["placeholder"] == "Message #crew"
    assert state["clock"]["next"].startswith("pulse")


def test_a_message_is_sent_as_slack_sends_it(running: Running) -> None:
    ws = running.sandbox.workspace
    ana = ws.user_id("ana")
    assert act(running, type="send", **{"as": ana}, conv="", text="<b> & @kofi in #crew")["ok"]
    # the bot answers a DM with a short help; ana's own message is the last one from her
    sent = [m for m in ws.messages(ws.im_with(ana) or "") if m.get("user") == ana][-1]
    assert (
        sent["text"]
        == f"&lt;b&gt; &amp; <@{ws.user_id('kofi')}|kofi> in <#{ws.channel_id('crew')}|crew>"
    )
    assert escape(ws, "mail me@nowhere.example #nochannel") == "mail me@nowhere.example #nochannel"


def test_acts_are_refused_with_a_reason(running: Running) -> None:
    assert act(running, type="send", text="hi")["error"] == "Pick who you are first."
    ana = running.sandbox.workspace.user_id("ana")
    refused = act(running, type="send", **{"as": ana}, conv="C99999999", text="hi")
    assert refused == {"ok": False, "error": "You are not in that conversation."}
    assert act(running, type="clock", step="hour")["ok"]
    assert "09:30" in get(running, "/ui/state")["clock"]["now"]


def test_required_inputs_are_checked_before_the_bot_hears_of_them() -> None:
    view = {
        "blocks": [
            {
                "type": "input",
                "block_id": "t",
                "element": {"type": "plain_text_input", "action_id": "text"},
            },
            {
                "type": "input",
                "block_id": "o",
                "optional": True,
                "element": {"type": "checkboxes", "action_id": "anon", "options": []},
            },
            {
                "type": "input",
                "block_id": "w",
                "element": {"type": "datetimepicker", "action_id": "when"},
            },
        ]
    }
    values = inputs_for(view, {"text": "", "anon": [], "when": "2026-11-23T09:15", "x": "1"}, UTC)
    assert values == {"text": None, "anon": [], "when": 1795425300}
    assert missing(view, values) == {"t": REQUIRED}


def test_a_bot_elsewhere_gets_the_page_without_a_clock() -> None:
    running = start(port=0, bot_url="http://127.0.0.1:9/slack/events")
    try:
        ana = running.sandbox.workspace.user_id("ana")
        assert get(running, f"/ui/state?as={ana}")["clock"] is None
        assert "keeps its own time" in act(running, type="clock", step="next")["error"]
        answer = act(running, type="send", **{"as": ana}, conv="", text="/greenroom help")
        assert not answer["ok"] and "did not answer" in answer["error"]
    finally:
        running.close()


def test_the_command_line_takes_the_sandbox_and_demo_options() -> None:
    args = build_parser().parse_args(
        ["sandbox", "--port", "0", "--bot-url", "http://x/slack/events"]
    )
    assert (args.port, args.bot_url) == (0, "http://x/slack/events")
    demo = build_parser().parse_args(["demo", "--serve", "--port", "3011"])
    assert demo.serve and demo.port == 3011

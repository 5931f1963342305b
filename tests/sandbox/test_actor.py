"""Slack's requests to the bot: signed, shaped like Slack's, built from sandbox state (commands
and clicks here; views and events in test_actor_views and test_actor_events)."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest
from slack_sdk import WebClient

from sandbox import Sandbox
from tests.sandbox.conftest import Crew, Receiver


def pulse_blocks() -> list[dict[str, Any]]:
    buttons = [
        {
            "type": "button",
            "text": {"type": "plain_text", "text": str(n)},
            "action_id": f"pulse_answer_{n}",
            "value": str(n),
        }
        for n in range(1, 6)
    ]
    mood = {
        "type": "static_select",
        "action_id": "mood",
        "placeholder": {"type": "plain_text", "text": "Mood"},
        "options": [
            {"text": {"type": "plain_text", "text": t}, "value": t.lower()}
            for t in ("Calm", "Busy")
        ],
    }
    return [
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "How was today?"},
            "accessory": mood,
        },
        {"type": "actions", "elements": buttons},
    ]


def _post(url: str, payload: dict[str, Any]) -> int:
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=5) as reply:
        return int(reply.status)


def test_slash_command_is_signed_and_form_encoded(
    sb: Sandbox, client: WebClient, crew: Crew, receiver: Receiver
) -> None:
    response = sb.slash_command(
        crew.ana, "/greenroom", f"pulse send <#{crew.crew}|crew>", crew.crew
    )

    assert response.status == 200
    assert receiver.rejected == 0
    form = receiver.received[0].form()
    assert receiver.received[0].path == "/slack/events"
    assert form["command"] == "/greenroom"
    assert form["text"] == f"pulse send <#{crew.crew}|crew>"
    assert (form["team_id"], form["team_domain"]) == ("T0SANDBOX", "sandbox-crew")
    assert (form["channel_id"], form["channel_name"]) == (crew.crew, "crew")
    assert (form["user_id"], form["user_name"]) == (crew.ana, "ana")
    assert form["api_app_id"] == sb.app_id
    assert form["is_enterprise_install"] == "false"
    assert form["response_url"].startswith(f"{sb.url}response/")
    view = {"type": "modal", "title": {"type": "plain_text", "text": "Hi"}, "blocks": []}
    assert client.views_open(trigger_id=form["trigger_id"], view=view)["ok"]


def test_slash_command_from_the_bots_dm_by_default(
    sb: Sandbox, crew: Crew, receiver: Receiver
) -> None:
    sb.slash_command(crew.ben, "/retro", "actions")

    form = receiver.received[0].form()
    assert form["channel_id"] == sb.workspace.im_with(crew.ben)
    assert form["channel_name"] == "directmessage"


def test_response_urls_are_unique_and_recorded(sb: Sandbox, crew: Crew, receiver: Receiver) -> None:
    sb.slash_command(crew.ana, "/greenroom", "help", crew.crew)
    sb.slash_command(crew.ana, "/greenroom", "roles", crew.crew)
    first, second = (r.form()["response_url"] for r in receiver.received)

    assert first != second
    assert _post(first, {"text": "Usage: …"}) == 200
    assert _post(second, {"text": "Everyone sees this", "response_type": "in_channel"}) == 200

    assert sb.responses == [
        {"text": "Usage: …"},
        {"text": "Everyone sees this", "response_type": "in_channel"},
    ]
    assert sb.responses_for(first) == [{"text": "Usage: …"}]
    [ephemeral] = sb.workspace.ephemerals_for(crew.ana)
    assert (ephemeral["text"], ephemeral["channel"], ephemeral["via"]) == (
        "Usage: …",
        crew.crew,
        "response_url",
    )
    assert sb.workspace.messages(crew.crew)[0]["text"] == "Everyone sees this"
    assert _post(first, {"delete_original": True}) == 200  # nothing to delete after a command
    assert len(sb.workspace.ephemerals) == 1
    with pytest.raises(urllib.error.HTTPError) as error:
        _post(f"{sb.url}response/T0SANDBOX/999", {"text": "x"})
    error.value.close()
    assert error.value.code == 404


def test_click_builds_block_actions_from_the_posted_message(
    sb: Sandbox, client: WebClient, crew: Crew, receiver: Receiver
) -> None:
    client.chat_postMessage(channel=crew.ana, text="How was today?", blocks=pulse_blocks())
    message = sb.workspace.dm_messages(crew.ana)[0]

    sb.click(crew.ana, message, "pulse_answer_4")

    payload = receiver.received[0].payload()
    assert payload["type"] == "block_actions"
    assert payload["user"] == {
        "id": crew.ana,
        "username": "ana",
        "name": "ana",
        "team_id": "T0SANDBOX",
    }
    assert payload["team"] == {"id": "T0SANDBOX", "domain": "sandbox-crew"}
    assert payload["api_app_id"] == sb.app_id
    im = sb.workspace.im_with(crew.ana)
    assert payload["container"] == {
        "type": "message",
        "message_ts": message["ts"],
        "channel_id": im,
        "is_ephemeral": False,
    }
    assert payload["channel"] == {"id": im, "name": "directmessage"}
    assert payload["message"]["ts"] == message["ts"]
    [action] = payload["actions"]
    assert action["action_id"] == "pulse_answer_4"
    assert action["value"] == "4"
    assert action["block_id"] == message["blocks"][1]["block_id"]
    assert action["type"] == "button"
    assert payload["trigger_id"] and payload["response_url"].startswith(sb.url)


def test_click_on_a_select(sb: Sandbox, client: WebClient, crew: Crew, receiver: Receiver) -> None:
    client.chat_postMessage(channel=crew.crew, text="How was today?", blocks=pulse_blocks())

    sb.click(crew.ben, sb.workspace.messages(crew.crew)[0], "mood", value="busy")

    [action] = receiver.received[0].payload()["actions"]
    assert action["type"] == "static_select"
    assert action["selected_option"]["value"] == "busy"


def test_same_action_id_in_two_blocks_is_told_apart_by_value(
    sb: Sandbox, client: WebClient, crew: Crew, receiver: Receiver
) -> None:
    blocks = [
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": c},
                    "action_id": "vote",
                    "value": c,
                }
            ],
        }
        for c in ("card-1", "card-2")
    ]
    client.chat_postMessage(channel=crew.crew, text="Vote", blocks=blocks)
    message = sb.workspace.messages(crew.crew)[0]

    with pytest.raises(LookupError, match="pass value="):
        sb.click(crew.ana, message, "vote")
    sb.click(crew.ana, message, "vote", value="card-2")

    [action] = receiver.received[0].payload()["actions"]
    assert (action["value"], action["block_id"]) == ("card-2", message["blocks"][1]["block_id"])


def test_click_needs_an_element_that_is_there(
    sb: Sandbox, client: WebClient, crew: Crew, receiver: Receiver
) -> None:
    ts = client.chat_postMessage(channel=crew.crew, text="Q", blocks=pulse_blocks())["ts"]
    message = sb.workspace.messages(crew.crew)[0]

    with pytest.raises(LookupError, match="pulse_answer_1"):
        sb.click(crew.ana, message, "nope")
    with pytest.raises(LookupError, match="no element"):
        sb.click(crew.ana, message, "pulse_answer_1", value="2")
    client.chat_update(channel=crew.crew, ts=ts, text="Thanks!", blocks=[])
    with pytest.raises(LookupError):
        sb.click(crew.ana, message, "pulse_answer_3")
    assert receiver.received == []


def test_response_url_of_a_click_replaces_the_original(
    sb: Sandbox, client: WebClient, crew: Crew, receiver: Receiver
) -> None:
    client.chat_postMessage(channel=crew.ana, text="How was today?", blocks=pulse_blocks())
    sb.click(crew.ana, sb.workspace.dm_messages(crew.ana)[0], "pulse_answer_5")
    response_url = receiver.received[0].payload()["response_url"]

    _post(response_url, {"replace_original": True, "text": "Thanks, noted 5", "blocks": []})

    [message] = sb.workspace.dm_messages(crew.ana)
    assert (message["text"], message["blocks"]) == ("Thanks, noted 5", [])


def test_click_on_an_ephemeral_message(
    sb: Sandbox, client: WebClient, crew: Crew, receiver: Receiver
) -> None:
    client.chat_postEphemeral(channel=crew.crew, user=crew.ben, text="Q", blocks=pulse_blocks())
    [shown] = sb.workspace.ephemerals_for(crew.ben)

    sb.click(crew.ben, shown, "pulse_answer_2")
    _post(receiver.received[0].payload()["response_url"], {"delete_original": True})

    payload = receiver.received[0].payload()
    assert payload["container"]["is_ephemeral"] is True
    assert "message" not in payload
    assert sb.workspace.ephemerals_for(crew.ben) == []

"""Slack's requests to the bot: signed, shaped like Slack's, built from sandbox state."""

from __future__ import annotations

import json
import time
import urllib.request
from typing import Any

import pytest
from slack_sdk import WebClient

from sandbox import Sandbox
from tests.sandbox.conftest import Crew, Received, Receiver


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


def modal() -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": "retro_card",
        "title": {"type": "plain_text", "text": "Add a card"},
        "submit": {"type": "plain_text", "text": "Add"},
        "blocks": [
            {
                "type": "input",
                "block_id": "column",
                "label": {"type": "plain_text", "text": "Column"},
                "element": {
                    "type": "static_select",
                    "action_id": "column",
                    "options": [
                        {"text": {"type": "plain_text", "text": c}, "value": c}
                        for c in ("start", "stop")
                    ],
                },
            },
            {
                "type": "input",
                "block_id": "text",
                "label": {"type": "plain_text", "text": "Card"},
                "element": {"type": "plain_text_input", "action_id": "text"},
            },
            {
                "type": "input",
                "block_id": "anon",
                "optional": True,
                "label": {"type": "plain_text", "text": "Anonymous"},
                "element": {
                    "type": "checkboxes",
                    "action_id": "anonymous",
                    "options": [{"text": {"type": "plain_text", "text": "Yes"}, "value": "yes"}],
                },
            },
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": "Tips"},
                        "action_id": "tips",
                    }
                ],
            },
        ],
    }


def _open_modal_from_a_command(sb: Sandbox, crew: Crew, receiver: Receiver) -> str:
    """The receiver opens the modal while answering the command, as a bot would."""
    client = WebClient(token=sb.workspace.bot_token, base_url=sb.base_url)

    def reply(request: Received) -> tuple[int, bytes]:
        client.views_open(trigger_id=request.form()["trigger_id"], view=modal())
        return 200, b""

    receiver.reply = reply
    sb.slash_command(crew.ana, "/retro", "card")
    receiver.reply = lambda _: (200, b"")
    [view] = sb.workspace.open_views(crew.ana)
    return str(view["id"])


def test_fill_view_submits_state_built_from_the_inputs(
    sb: Sandbox, crew: Crew, receiver: Receiver
) -> None:
    view_id = _open_modal_from_a_command(sb, crew, receiver)

    response = sb.fill_view(crew.ana, view_id, {"column": "stop", "text": "Late call sheets"})

    payload = receiver.received[-1].payload()
    assert payload["type"] == "view_submission"
    assert payload["view"]["id"] == view_id
    assert payload["view"]["callback_id"] == "retro_card"
    assert payload["view"]["state"]["values"] == {
        "column": {
            "column": {
                "type": "static_select",
                "selected_option": {
                    "text": {"type": "plain_text", "text": "stop"},
                    "value": "stop",
                },
            }
        },
        "text": {"text": {"type": "plain_text_input", "value": "Late call sheets"}},
        "anon": {"anonymous": {"type": "checkboxes", "selected_options": []}},
    }
    assert response.status == 200
    assert sb.workspace.open_views(crew.ana) == []


def test_fill_view_refuses_what_slack_would(sb: Sandbox, crew: Crew, receiver: Receiver) -> None:
    view_id = _open_modal_from_a_command(sb, crew, receiver)

    with pytest.raises(ValueError, match="required"):
        sb.fill_view(crew.ana, view_id, {"column": "stop"})
    with pytest.raises(ValueError, match="no input"):
        sb.fill_view(crew.ana, view_id, {"column": "stop", "text": "x", "colour": "red"})
    with pytest.raises(LookupError):
        sb.fill_view(crew.ana, view_id, {"column": "sideways", "text": "x"})


def test_response_actions_of_a_submission(sb: Sandbox, crew: Crew, receiver: Receiver) -> None:
    view_id = _open_modal_from_a_command(sb, crew, receiver)
    answers = iter(
        [
            {"response_action": "errors", "errors": {"text": "Too short"}},
            {
                "response_action": "update",
                "view": {**modal(), "title": {"type": "plain_text", "text": "Edit"}},
            },
            {"response_action": "push", "view": modal()},
            {"response_action": "clear"},
        ]
    )
    receiver.reply = lambda _: (200, json.dumps(next(answers)).encode())
    values = {"text": {"text": {"type": "plain_text_input", "value": "x"}}}

    errors = sb.submit_view(crew.ana, view_id, values)
    assert errors.json()["errors"] == {"text": "Too short"}
    assert [v["id"] for v in sb.workspace.open_views(crew.ana)] == [view_id]
    sb.submit_view(crew.ana, view_id, values)
    assert sb.workspace.views[view_id]["title"]["text"] == "Edit"
    sb.submit_view(crew.ana, view_id, values)
    assert len(sb.workspace.open_views(crew.ana)) == 2
    sb.submit_view(crew.ana, view_id, values)
    assert sb.workspace.open_views(crew.ana) == []


def test_click_in_a_view(sb: Sandbox, crew: Crew, receiver: Receiver) -> None:
    view_id = _open_modal_from_a_command(sb, crew, receiver)

    sb.click_view(crew.ana, view_id, "tips", values={"text": "draft"})

    payload = receiver.received[-1].payload()
    assert payload["type"] == "block_actions"
    assert payload["container"] == {"type": "view", "view_id": view_id}
    assert payload["actions"][0]["action_id"] == "tips"
    assert payload["view"]["state"]["values"]["text"]["text"]["value"] == "draft"
    assert payload["trigger_id"]


def test_events_api_envelope_and_retries(sb: Sandbox, crew: Crew, receiver: Receiver) -> None:
    event = {"type": "reaction_added", "user": crew.ana, "reaction": "tada"}

    sb.send_event("T0SANDBOX", event)
    sb.send_event("T0SANDBOX", event, event_id="Ev1", retry_num=1, retry_reason="http_timeout")

    first, retry = receiver.received
    envelope = first.payload()
    assert envelope["type"] == "event_callback"
    assert envelope["team_id"] == "T0SANDBOX" and envelope["api_app_id"] == sb.app_id
    assert envelope["event"]["reaction"] == "tada" and envelope["event"]["event_ts"]
    assert envelope["event_id"].startswith("Ev")
    assert envelope["event_time"] == int(sb.now().timestamp())
    assert envelope["authorizations"][0]["user_id"] == "U0BOT"
    assert "x-slack-retry-num" not in first.headers
    assert retry.payload()["event_id"] == "Ev1"
    assert (retry.headers["x-slack-retry-num"], retry.headers["x-slack-retry-reason"]) == (
        "1",
        "http_timeout",
    )


def test_url_verification(sb: Sandbox, receiver: Receiver) -> None:
    receiver.reply = lambda r: (200, json.dumps({"challenge": r.payload()["challenge"]}).encode())

    response = sb.url_verification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P")

    assert response.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}
    assert receiver.received[0].payload()["type"] == "url_verification"


def test_human_helpers_change_state_and_send_events(
    sb: Sandbox, client: WebClient, crew: Crew, receiver: Receiver
) -> None:
    ws = sb.workspace
    ts = client.chat_postMessage(channel=crew.crew, text="What made today good?")["ts"]

    reply = ws.post_as(crew.ben, crew.crew, "the catering", thread_ts=ts)
    ws.react(crew.ana, crew.crew, ts, "tada")
    ws.unreact(crew.ana, crew.crew, ts, ":tada:")
    dana = ws.add_user("dana")
    ws.join(dana, crew.crew)

    events = [r.payload()["event"] for r in receiver.received]
    assert [e["type"] for e in events] == [
        "message",
        "reaction_added",
        "reaction_removed",
        "member_joined_channel",
    ]
    assert reply is not None and reply.ts == events[0]["ts"]
    assert events[0]["thread_ts"] == ts and events[0]["channel_type"] == "channel"
    assert events[0]["parent_user_id"] == "U0BOT"
    assert events[1]["item"] == {"type": "message", "channel": crew.crew, "ts": ts}
    assert events[1]["item_user"] == "U0BOT"
    assert events[3]["channel_type"] == "C"
    assert dana in ws.channel(crew.crew).members
    assert "reactions" not in ws.messages(crew.crew)[0]
    assert ws.messages(crew.crew)[1]["text"] == "the catering"


def test_no_event_where_the_bot_cannot_see(sb: Sandbox, crew: Crew, receiver: Receiver) -> None:
    assert sb.workspace.post_as(crew.ana, crew.quiet, "just us") is None
    assert receiver.received == []
    assert sb.workspace.messages(crew.quiet)[0]["text"] == "just us"
    with pytest.raises(ValueError):
        sb.workspace.post_as(crew.ben, crew.quiet, "not a member")


def test_open_home(sb: Sandbox, client: WebClient, crew: Crew, receiver: Receiver) -> None:
    home = {
        "type": "home",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Hi"}}],
    }
    client.views_publish(user_id=crew.cleo, view=home)

    sb.open_home(crew.cleo)

    event = receiver.received[0].payload()["event"]
    assert event["type"] == "app_home_opened" and event["tab"] == "home"
    assert event["channel"] == sb.workspace.im_with(crew.cleo)
    assert event["view"]["id"] == sb.workspace.home_views[crew.cleo]["id"]


@pytest.mark.parametrize(
    "tamper",
    [{"sign": False}, {"secret": "not-the-secret"}, {"timestamp": int(time.time()) - 600}],
    ids=["missing", "wrong", "stale"],
)
def test_signed_post_can_be_tampered_with(
    sb: Sandbox, receiver: Receiver, tamper: dict[str, Any]
) -> None:
    good = sb.signed_post("/slack/events", b'{"type":"url_verification","challenge":"c"}')
    bad = sb.signed_post("/slack/events", b'{"type":"url_verification","challenge":"c"}', **tamper)

    assert good.status == 200
    assert bad.status == 401
    assert receiver.rejected == 1


def test_uninstall_revokes_tokens_and_tells_the_bot(
    sb: Sandbox, client: WebClient, receiver: Receiver
) -> None:
    sb.uninstall("T0SANDBOX")

    assert [r.payload()["event"]["type"] for r in receiver.received] == [
        "app_uninstalled",
        "tokens_revoked",
    ]
    with pytest.raises(Exception, match="token_revoked"):
        client.auth_test()


def test_actor_needs_a_bot_url(sb: Sandbox, crew: Crew) -> None:
    with pytest.raises(RuntimeError, match="bot_url"):
        sb.slash_command(crew.ana, "/greenroom", "help")
    assert sb.workspace.post_as(crew.ana, crew.crew, "nobody listening") is None

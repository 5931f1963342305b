"""Modals through the actor: submissions from their inputs, response actions, the home tab."""

from __future__ import annotations

import json
from typing import Any

import pytest
from slack_sdk import WebClient

from sandbox import Sandbox
from tests.sandbox.conftest import Crew, Received, Receiver


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

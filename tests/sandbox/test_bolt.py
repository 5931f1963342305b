"""A real slack_bolt App served over HTTP works against the sandbox end to end."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from slack_bolt import Ack, App, Respond, Say
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from sandbox import Sandbox
from sandbox.server import stop_serving
from tests.sandbox.conftest import SECRET, Crew

CARD_VIEW = {
    "type": "modal",
    "callback_id": "card",
    "title": {"type": "plain_text", "text": "Add a card"},
    "submit": {"type": "plain_text", "text": "Add"},
    "blocks": [
        {
            "type": "input",
            "block_id": "text",
            "label": {"type": "plain_text", "text": "Card"},
            "element": {"type": "plain_text_input", "action_id": "text"},
        }
    ],
}
PROMPT = [
    {
        "type": "actions",
        "block_id": "pulse",
        "elements": [
            {
                "type": "button",
                "text": {"type": "plain_text", "text": "3"},
                "action_id": "pulse_3",
                "value": "3",
            }
        ],
    }
]


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


def build_app(sb: Sandbox) -> App:
    client = WebClient(token=sb.workspace.bot_token, base_url=sb.base_url)
    app = App(signing_secret=SECRET, client=client)

    @app.command("/greenroom")
    def command(ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ack()
        if command["text"] == "card":
            client.views_open(trigger_id=command["trigger_id"], view=CARD_VIEW)
        else:
            respond(f"Hello {command['user_name']}")

    @app.action("pulse_3")
    def pulse(ack: Ack, respond: Respond) -> None:
        ack()
        respond(replace_original=True, text="Thanks, you answered 3")

    @app.view("card")
    def card(ack: Ack, view: dict[str, Any]) -> None:
        text = view["state"]["values"]["text"]["text"]["value"]
        if len(text) < 5:
            ack(response_action="errors", errors={"text": "A bit more, please"})
        else:
            ack()

    @app.event("reaction_added")
    def reaction(event: dict[str, Any], say: Say) -> None:
        say(channel=event["item"]["channel"], text=f"Nice :{event['reaction']}:")

    return app


@pytest.fixture
def bolt(sb: Sandbox) -> Iterator[App]:
    app = build_app(sb)
    handler = SlackRequestHandler(app)
    server: WSGIServer = make_server("127.0.0.1", 0, handler, handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    sb.bot_url = f"http://127.0.0.1:{server.server_port}/slack/events"
    yield app
    stop_serving(server)
    thread.join()


def test_bolt_checks_its_token_on_start(sb: Sandbox, bolt: App) -> None:
    assert sb.calls_to("auth.test")[0].response["bot_id"] == "B0BOT"


def test_command_and_respond(sb: Sandbox, crew: Crew, bolt: App) -> None:
    response = sb.slash_command(crew.ana, "/greenroom", "help", crew.crew)

    assert response.status == 200
    shown = sb.wait_for(lambda: sb.workspace.ephemerals_for(crew.ana))
    assert shown[0]["text"] == "Hello ana"


def test_button_replaces_the_prompt(sb: Sandbox, client: WebClient, crew: Crew, bolt: App) -> None:
    client.chat_postMessage(channel=crew.ben, text="How was today?", blocks=PROMPT)

    sb.click(crew.ben, sb.workspace.dm_messages(crew.ben)[0], "pulse_3")

    sb.wait_for(lambda: sb.workspace.dm_messages(crew.ben)[0]["text"] != "How was today?")
    assert sb.workspace.dm_messages(crew.ben)[0]["text"] == "Thanks, you answered 3"


def test_modal_round_trip(sb: Sandbox, crew: Crew, bolt: App) -> None:
    sb.slash_command(crew.cleo, "/greenroom", "card")
    [view] = sb.wait_for(lambda: sb.workspace.open_views(crew.cleo))

    rejected = sb.fill_view(crew.cleo, view["id"], {"text": "meh"})
    accepted = sb.fill_view(crew.cleo, view["id"], {"text": "Call sheets went out late"})

    assert rejected.json() == {
        "response_action": "errors",
        "errors": {"text": "A bit more, please"},
    }
    assert accepted.status == 200 and accepted.body == b""
    assert sb.workspace.open_views(crew.cleo) == []


def test_event_listener_says_something(
    sb: Sandbox, client: WebClient, crew: Crew, bolt: App
) -> None:
    ts = client.chat_postMessage(channel=crew.crew, text="Wrap party Friday")["ts"]

    assert sb.workspace.react(crew.ana, crew.crew, ts, "tada") is not None

    said = sb.wait_for(lambda: sb.calls_to("chat.postMessage")[1:])
    assert said[0].args["text"] == "Nice :tada:"

"""Events through the actor: the Events API envelope, human helpers, tampering, uninstall."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from slack_sdk import WebClient

from sandbox import Sandbox
from tests.sandbox.conftest import Crew, Receiver


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

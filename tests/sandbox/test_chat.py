"""chat.*, reactions.add and message metadata."""

from __future__ import annotations

from datetime import timedelta

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from rituals.clock import FakeClock
from sandbox import Sandbox
from tests.sandbox.conftest import Crew

BUTTONS = [
    {
        "type": "actions",
        "elements": [
            {"type": "button", "text": {"type": "plain_text", "text": "Yes"}, "action_id": "yes"},
        ],
    }
]


def _error(call: object) -> str:
    with pytest.raises(SlackApiError) as error:
        call()  # type: ignore[operator]
    return str(error.value.response["error"])


def test_post_to_channel_uses_the_clock_for_ts(
    sb: Sandbox, client: WebClient, crew: Crew, clock: FakeClock
) -> None:
    first = client.chat_postMessage(channel=crew.crew, text="call time 7am")
    second = client.chat_postMessage(channel=crew.crew, text="same instant")
    clock.advance(timedelta(minutes=5))
    third = client.chat_postMessage(channel=crew.crew, text="later")

    start = int(clock.now().timestamp()) - 300
    assert first["ts"] == f"{start}.000000"
    assert second["ts"] == f"{start}.000001"
    assert third["ts"] == f"{start + 300}.000000"
    assert first["channel"] == crew.crew
    assert first["message"]["bot_id"] == "B0BOT"
    assert first["message"]["user"] == "U0BOT"
    assert [m["text"] for m in sb.workspace.messages(crew.crew)] == [
        "call time 7am",
        "same instant",
        "later",
    ]


def test_post_to_user_id_opens_the_bots_im(sb: Sandbox, client: WebClient, crew: Crew) -> None:
    response = client.chat_postMessage(channel=crew.ben, text="How was today?")

    im = sb.workspace.im_with(crew.ben)
    assert im is not None and im.startswith("D")
    assert response["channel"] == im
    assert client.chat_postMessage(channel=crew.ben, text="again")["channel"] == im
    assert [m["text"] for m in sb.workspace.dm_messages(crew.ben)] == ["How was today?", "again"]
    assert sb.workspace.im_with(crew.cleo) is None


def test_blocks_get_slack_block_ids(sb: Sandbox, client: WebClient, crew: Crew) -> None:
    message = client.chat_postMessage(channel=crew.crew, text="fallback", blocks=BUTTONS)["message"]

    block = message["blocks"][0]
    assert block["block_id"]
    assert sb.workspace.messages(crew.crew)[0]["blocks"][0]["block_id"] == block["block_id"]


def test_invalid_blocks_are_rejected_like_slack(client: WebClient, crew: Crew) -> None:
    long_button = [
        {
            "type": "actions",
            "elements": [{"type": "button", "text": {"type": "plain_text", "text": "x" * 76}}],
        }
    ]
    with pytest.raises(SlackApiError) as error:
        client.chat_postMessage(channel=crew.crew, text="t", blocks=long_button)

    assert error.value.response["error"] == "invalid_blocks"
    assert "elements/0/text" in error.value.response["response_metadata"]["messages"][0]
    bad_json = {"channel": crew.crew, "text": "t", "blocks": "[{"}
    assert (
        _error(lambda: client.api_call("chat.postMessage", data=bad_json))
        == "invalid_blocks_format"
    )
    unknown = [{"type": "carousel"}]
    assert (
        _error(lambda: client.chat_postMessage(channel=crew.crew, text="t", blocks=unknown))
        == "invalid_blocks"
    )


def test_post_errors(client: WebClient, crew: Crew) -> None:
    assert _error(lambda: client.chat_postMessage(channel="C404", text="x")) == "channel_not_found"
    assert _error(lambda: client.chat_postMessage(channel=crew.quiet, text="x")) == "not_in_channel"
    empty = {"channel": crew.crew, "text": ""}
    assert _error(lambda: client.api_call("chat.postMessage", json=empty)) == "no_text"
    assert _error(lambda: client.chat_postMessage(channel="U404", text="x")) == "channel_not_found"
    bad = {"channel": crew.crew, "text": "x", "metadata": {"event_type": "x"}}
    assert (
        _error(lambda: client.api_call("chat.postMessage", json=bad)) == "invalid_metadata_schema"
    )


def test_threads(sb: Sandbox, client: WebClient, crew: Crew) -> None:
    parent = client.chat_postMessage(channel=crew.crew, text="Did you meet?")["ts"]
    reply = client.chat_postMessage(channel=crew.crew, text="first", thread_ts=parent)["ts"]
    nested = client.chat_postMessage(channel=crew.crew, text="second", thread_ts=reply)

    assert nested["message"]["thread_ts"] == parent
    messages = sb.workspace.messages(crew.crew)
    assert [(m["text"], m.get("thread_ts")) for m in messages] == [
        ("Did you meet?", parent),
        ("first", parent),
        ("second", parent),
    ]
    assert messages[0]["reply_count"] == 2


def test_metadata_round_trips_through_history(sb: Sandbox, client: WebClient, crew: Crew) -> None:
    metadata = {"event_type": "pulse_prompt", "event_payload": {"delivery_id": 42}}
    client.chat_postMessage(channel=crew.ana, text="How are you?", metadata=metadata)
    im = sb.workspace.im_with(crew.ana)

    with_meta = client.conversations_history(channel=im, include_all_metadata=True)
    without = client.conversations_history(channel=im)

    assert with_meta["messages"][0]["metadata"] == metadata
    assert "metadata" not in without["messages"][0]
    assert sb.workspace.dm_messages(crew.ana)[0]["metadata"] == metadata


def test_update_keeps_what_is_not_sent(sb: Sandbox, client: WebClient, crew: Crew) -> None:
    metadata = {"event_type": "pulse_prompt", "event_payload": {"delivery_id": 7}}
    posted = client.chat_postMessage(channel=crew.crew, text="Q", blocks=BUTTONS, metadata=metadata)

    updated = client.chat_update(channel=crew.crew, ts=posted["ts"], text="Thanks!")
    cleared = client.chat_update(channel=crew.crew, ts=posted["ts"], text="Done", blocks=[])

    assert updated["message"]["blocks"] == posted["message"]["blocks"]
    assert updated["text"] == "Thanks!"
    current = sb.workspace.messages(crew.crew)[0]
    assert current["text"] == "Done" and current["blocks"] == []
    assert current["metadata"] == metadata
    assert current["edited"]["user"] == "U0BOT"
    assert cleared["ts"] == posted["ts"]


def test_update_and_delete_errors(sb: Sandbox, client: WebClient, crew: Crew) -> None:
    sb.workspace.post_as(crew.ana, crew.crew, "mine")
    human_ts = sb.workspace.messages(crew.crew)[0]["ts"]

    update_human = lambda: client.chat_update(channel=crew.crew, ts=human_ts, text="x")  # noqa: E731
    assert _error(update_human) == "cant_update_message"
    assert (
        _error(lambda: client.chat_delete(channel=crew.crew, ts=human_ts)) == "cant_delete_message"
    )
    assert (
        _error(lambda: client.chat_update(channel=crew.crew, ts="1.2", text="x"))
        == "message_not_found"
    )


def test_delete(sb: Sandbox, client: WebClient, crew: Crew) -> None:
    ts = client.chat_postMessage(channel=crew.crew, text="oops")["ts"]

    assert client.chat_delete(channel=crew.crew, ts=ts)["ts"] == ts
    assert sb.workspace.messages(crew.crew) == []
    assert _error(lambda: client.chat_delete(channel=crew.crew, ts=ts)) == "message_not_found"


def test_ephemeral(sb: Sandbox, client: WebClient, crew: Crew) -> None:
    outsider = sb.workspace.add_user("zed")

    response = client.chat_postEphemeral(channel=crew.crew, user=crew.ben, text="only you")

    assert response["message_ts"]
    [shown] = sb.workspace.ephemerals
    assert (shown["channel"], shown["user"], shown["text"]) == (crew.crew, crew.ben, "only you")
    assert sb.workspace.ephemerals_for(crew.ben) == [shown]
    assert sb.workspace.messages(crew.crew) == []
    not_member = lambda: client.chat_postEphemeral(channel=crew.crew, user=outsider, text="x")  # noqa: E731
    assert _error(not_member) == "user_not_in_channel"


def test_permalink(client: WebClient, crew: Crew) -> None:
    ts = client.chat_postMessage(channel=crew.crew, text="link me")["ts"]

    link = client.chat_getPermalink(channel=crew.crew, message_ts=ts)["permalink"]

    assert link == f"https://sandbox-crew.slack.com/archives/{crew.crew}/p{ts.replace('.', '')}"
    missing = lambda: client.chat_getPermalink(channel=crew.crew, message_ts="1.000001")  # noqa: E731
    assert _error(missing) == "message_not_found"


def test_reactions_add(sb: Sandbox, client: WebClient, crew: Crew) -> None:
    ts = client.chat_postMessage(channel=crew.crew, text="retro closed")["ts"]

    client.reactions_add(channel=crew.crew, timestamp=ts, name="tada")

    assert sb.workspace.messages(crew.crew)[0]["reactions"] == [
        {"name": "tada", "users": ["U0BOT"], "count": 1}
    ]
    again = lambda: client.reactions_add(channel=crew.crew, timestamp=ts, name="tada")  # noqa: E731
    assert _error(again) == "already_reacted"
    nothing = lambda: client.reactions_add(channel=crew.crew, timestamp="1.1", name="x")  # noqa: E731
    assert _error(nothing) == "message_not_found"

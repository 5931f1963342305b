"""conversations.*: IMs and group DMs, listing with cursors, history and replies."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from sandbox import Sandbox
from tests.sandbox.conftest import Crew


def test_open_im_is_stable(sb: Sandbox, client: WebClient, crew: Crew) -> None:
    first = client.conversations_open(users=crew.ana)
    again = client.conversations_open(users=crew.ana, return_im=True)

    assert first["channel"] == {"id": sb.workspace.im_with(crew.ana)}
    assert first["channel"]["id"].startswith("D")
    assert again["channel"]["id"] == first["channel"]["id"]
    assert again["channel"]["is_im"] is True and again["channel"]["user"] == crew.ana
    assert again["already_open"] is True


def test_open_group_dm_is_stable_for_the_same_people(
    sb: Sandbox, client: WebClient, crew: Crew
) -> None:
    group = client.conversations_open(users=f"{crew.ana},{crew.ben},{crew.cleo}")["channel"]
    same = client.conversations_open(users=f"{crew.cleo},{crew.ana},{crew.ben}")["channel"]
    pair = client.conversations_open(users=[crew.ana, crew.ben])["channel"]

    assert group["id"].startswith("G") and group["is_mpim"] is True
    assert same["id"] == group["id"]
    assert pair["id"] != group["id"] and pair["id"].startswith("G")
    members = client.conversations_members(channel=group["id"])["members"]
    assert set(members) == {crew.ana, crew.ben, crew.cleo, "U0BOT"}
    assert sb.workspace.mpim_with([crew.ben, crew.cleo, crew.ana]) == group["id"]


def test_open_errors(sb: Sandbox, client: WebClient) -> None:
    gone = sb.workspace.add_user("gone", deleted=True)
    cases = {"U404": "user_not_found", gone: "user_disabled"}
    for users, expected in cases.items():
        with pytest.raises(SlackApiError) as error:
            client.conversations_open(users=users)
        assert error.value.response["error"] == expected
    with pytest.raises(SlackApiError) as error:
        client.api_call("conversations.open", json={})
    assert error.value.response["error"] == "users_list_not_supplied"


def test_members_paginate_with_cursor(sb: Sandbox, client: WebClient) -> None:
    people = [sb.workspace.add_user(f"p{i}") for i in range(7)]
    channel = sb.workspace.add_channel("big", people)

    pages = [page["members"] for page in client.conversations_members(channel=channel, limit=3)]

    assert [len(p) for p in pages] == [3, 3, 2]
    assert [m for p in pages for m in p] == [*people, "U0BOT"]
    first = client.conversations_members(channel=channel, limit=3)
    assert first["response_metadata"]["next_cursor"]
    with pytest.raises(SlackApiError) as error:
        client.conversations_members(channel=channel, cursor="bm9wZQ==")
    assert error.value.response["error"] == "invalid_cursor"


def test_list_filters_types_and_paginates(sb: Sandbox, client: WebClient, crew: Crew) -> None:
    secret = sb.workspace.add_channel("secret", [crew.ana], is_private=True)
    hidden = sb.workspace.add_channel("hidden", [crew.ana], is_private=True, bot_member=False)
    client.conversations_open(users=crew.ben)

    public = [c["id"] for page in client.conversations_list(limit=1) for c in page["channels"]]
    everything = client.conversations_list(types="public_channel,private_channel,im")["channels"]

    assert public == [crew.crew, crew.quiet]
    ids = [c["id"] for c in everything]
    assert secret in ids and hidden not in ids
    assert sb.workspace.im_with(crew.ben) in ids
    quiet = next(c for c in everything if c["id"] == crew.quiet)
    assert quiet["is_member"] is False
    with pytest.raises(SlackApiError) as error:
        client.conversations_list(types="shared_channel")
    assert error.value.response["error"] == "invalid_types"
    with pytest.raises(SlackApiError) as error:
        client.conversations_list(limit=5000)
    assert error.value.response["error"] == "invalid_limit"


def test_info_says_whether_the_bot_is_a_member(client: WebClient, crew: Crew) -> None:
    crew_info = client.conversations_info(channel=crew.crew, include_num_members=True)["channel"]
    quiet_info = client.conversations_info(channel=crew.quiet)["channel"]

    assert crew_info["name"] == "crew" and crew_info["is_member"] is True
    assert crew_info["num_members"] == 4
    assert quiet_info["is_member"] is False
    with pytest.raises(SlackApiError) as error:
        client.conversations_info(channel="C404")
    assert error.value.response["error"] == "channel_not_found"


def test_history_window_limit_and_cursor(sb: Sandbox, client: WebClient, crew: Crew) -> None:
    stamps = [client.chat_postMessage(channel=crew.crew, text=f"m{i}")["ts"] for i in range(5)]
    client.chat_postMessage(channel=crew.crew, text="reply", thread_ts=stamps[0])

    newest_first = client.conversations_history(channel=crew.crew)["messages"]
    window = client.conversations_history(channel=crew.crew, oldest=stamps[1], latest=stamps[3])
    inclusive = client.conversations_history(
        channel=crew.crew, oldest=stamps[1], latest=stamps[3], inclusive=True
    )
    pages = [
        ([m["text"] for m in page["messages"]], page["has_more"])
        for page in client.conversations_history(channel=crew.crew, limit=2)
    ]

    assert [m["text"] for m in newest_first] == ["m4", "m3", "m2", "m1", "m0"]
    assert newest_first[-1]["reply_count"] == 1
    assert [m["text"] for m in window["messages"]] == ["m2"]
    assert [m["text"] for m in inclusive["messages"]] == ["m3", "m2", "m1"]
    assert pages == [(["m4", "m3"], True), (["m2", "m1"], True), (["m0"], False)]
    with pytest.raises(SlackApiError) as error:
        client.conversations_history(channel=crew.crew, oldest="yesterday")
    assert error.value.response["error"] == "invalid_ts_oldest"
    with pytest.raises(SlackApiError) as error:
        client.conversations_history(channel=crew.quiet)
    assert error.value.response["error"] == "not_in_channel"


def test_replies(sb: Sandbox, client: WebClient, crew: Crew) -> None:
    parent = client.chat_postMessage(channel=crew.crew, text="What went well?")["ts"]
    sb.workspace.post_as(crew.ana, crew.crew, "the lighting rig", thread_ts=parent)
    sb.workspace.post_as(crew.ben, crew.crew, "sound was clean", thread_ts=parent)

    thread = client.conversations_replies(channel=crew.crew, ts=parent)["messages"]
    page = client.conversations_replies(channel=crew.crew, ts=parent, limit=2)

    assert [m["text"] for m in thread] == ["What went well?", "the lighting rig", "sound was clean"]
    assert thread[0]["reply_users"] == [crew.ana, crew.ben]
    assert thread[1]["parent_user_id"] == "U0BOT"
    assert page["has_more"] is True
    with pytest.raises(SlackApiError) as error:
        client.conversations_replies(channel=crew.crew, ts="1.000001")
    assert error.value.response["error"] == "thread_not_found"

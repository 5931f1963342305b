"""users.*, team.info and usergroups.*."""

from __future__ import annotations

from datetime import timedelta

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from rituals.clock import FakeClock
from sandbox import Sandbox
from tests.sandbox.conftest import Crew


def test_users_info_fields(client: WebClient, crew: Crew) -> None:
    user = client.users_info(user=crew.ana)["user"]

    assert user["id"] == crew.ana
    assert user["name"] == "ana"
    assert user["tz"] == "Europe/London"
    assert user["is_admin"] is True and user["is_owner"] is False
    assert user["is_bot"] is False and user["deleted"] is False
    assert user["profile"]["title"] == "Gaffer"
    assert user["profile"]["real_name"] == "Ana Ruiz"
    assert user["profile"]["display_name"] == "ana"
    with pytest.raises(SlackApiError) as error:
        client.users_info(user="U404")
    assert error.value.response["error"] == "user_not_found"


def test_tz_offset_follows_daylight_saving(client: WebClient, crew: Crew, clock: FakeClock) -> None:
    before = client.users_info(user=crew.ana)["user"]
    clock.advance(timedelta(days=1))
    after = client.users_info(user=crew.ana)["user"]

    assert before["tz_offset"] == 0
    assert after["tz_offset"] == 3600
    assert client.users_info(user=crew.ben)["user"]["tz_offset"] == -4 * 3600


def test_users_list_includes_the_bot_and_paginates(
    sb: Sandbox, client: WebClient, crew: Crew
) -> None:
    gone = sb.workspace.add_user("gone", deleted=True)

    ids = [m["id"] for page in client.users_list(limit=2) for m in page["members"]]
    members = {m["id"]: m for m in client.users_list()["members"]}

    assert ids == ["U0BOT", crew.ana, crew.ben, crew.cleo, gone]
    assert members["U0BOT"]["is_bot"] is True
    assert members[gone]["deleted"] is True


def test_team_info(client: WebClient) -> None:
    team = client.team_info()["team"]

    assert (team["id"], team["name"], team["domain"]) == (
        "T0SANDBOX",
        "Sandbox Crew",
        "sandbox-crew",
    )
    with pytest.raises(SlackApiError) as error:
        client.team_info(team="T404")
    assert error.value.response["error"] == "team_not_found"


def test_usergroups(sb: Sandbox, client: WebClient, crew: Crew) -> None:
    lighting = sb.workspace.add_usergroup(handle="lighting", name="Lighting", users=[crew.ana])
    sound = sb.workspace.add_usergroup(handle="sound", name="Sound", users=[crew.ben, crew.cleo])

    groups = client.usergroups_list(include_users=True)["usergroups"]
    bare = client.usergroups_list()["usergroups"]

    assert [(g["id"], g["handle"], g["users"]) for g in groups] == [
        (lighting, "lighting", [crew.ana]),
        (sound, "sound", [crew.ben, crew.cleo]),
    ]
    assert bare[1]["user_count"] == "2" and "users" not in bare[1]
    assert client.usergroups_users_list(usergroup=sound)["users"] == [crew.ben, crew.cleo]
    with pytest.raises(SlackApiError) as error:
        client.usergroups_users_list(usergroup="S404")
    assert error.value.response["error"] == "no_such_subteam"


def test_workspace_lookups(sb: Sandbox, crew: Crew) -> None:
    ws = sb.workspace

    assert ws.user_id("ben") == crew.ben
    assert ws.channel_id("#crew") == crew.crew
    assert ws.user(crew.cleo).tz == "Asia/Seoul"
    with pytest.raises(ValueError):
        ws.add_channel("crew")
    with pytest.raises(KeyError):
        ws.add_channel("ghosts", ["U404"])

"""The Web API front door: tokens, errors, recording, several workspaces."""

from __future__ import annotations

import json
import threading
import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from sandbox import Sandbox
from tests.sandbox.conftest import Crew


def _raw(sb: Sandbox, method: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict]:
    request = urllib.request.Request(f"{sb.base_url}{method}", data=body, headers=headers)
    with urllib.request.urlopen(request, timeout=5) as reply:
        return reply.status, json.loads(reply.read())


def test_auth_test_answers_for_the_default_workspace(sb: Sandbox, client: WebClient) -> None:
    response = client.auth_test()

    assert response["team_id"] == "T0SANDBOX"
    assert response["team"] == "Sandbox Crew"
    assert response["user_id"] == "U0BOT"
    assert response["bot_id"] == "B0BOT"
    assert sb.workspace.bot_token == "xoxb-sandbox-T0SANDBOX"
    assert sb.base_url == f"http://127.0.0.1:{sb.port}/api/"


def test_token_may_come_as_a_form_argument(sb: Sandbox) -> None:
    body = f"token={sb.workspace.bot_token}".encode()
    status, data = _raw(
        sb, "auth.test", body, {"Content-Type": "application/x-www-form-urlencoded"}
    )

    assert status == 200
    assert data["ok"] is True
    assert "token" not in sb.calls[-1].args


def test_missing_token_is_not_authed_and_unknown_token_invalid_auth(sb: Sandbox) -> None:
    with pytest.raises(SlackApiError) as missing:
        WebClient(base_url=sb.base_url).auth_test()
    with pytest.raises(SlackApiError) as wrong:
        WebClient(token="xoxb-nope", base_url=sb.base_url).auth_test()

    assert missing.value.response["error"] == "not_authed"
    assert wrong.value.response["error"] == "invalid_auth"


def test_unknown_method(sb: Sandbox, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as error:
        client.api_call("chat.teleport", json={"channel": "C1"})

    assert error.value.response["error"] == "unknown_method"
    assert sb.calls_to("chat.teleport")[0].response == {"ok": False, "error": "unknown_method"}


def test_bad_json_body(sb: Sandbox) -> None:
    headers = {
        "Content-Type": "application/json",
        "Authorization": f"Bearer {sb.workspace.bot_token}",
    }

    assert _raw(sb, "auth.test", b"{nope", headers)[1]["error"] == "invalid_json"
    assert _raw(sb, "auth.test", b"[1]", headers)[1]["error"] == "json_not_object"


def test_calls_are_recorded_with_decoded_json_arguments(
    sb: Sandbox, client: WebClient, crew: Crew
) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*hi*"}}]
    client.chat_postMessage(channel=crew.crew, text="hi", blocks=blocks)
    client.api_call(
        "chat.postMessage",
        data={"channel": crew.crew, "text": "form", "blocks": json.dumps(blocks)},
    )

    json_call, form_call = sb.calls_to("chat.postMessage")
    assert json_call.args["blocks"] == blocks
    assert form_call.args["blocks"] == blocks
    assert json_call.team_id == "T0SANDBOX"
    assert json_call.status == 200
    assert json_call.response["ok"] is True
    assert json_call.at == sb.now()


def test_second_workspace_sees_only_its_own_state(
    sb: Sandbox, client: WebClient, crew: Crew
) -> None:
    other = sb.add_workspace(team_id="T0OTHER", name="Other Show", bot_token="xoxb-other")
    dana = other.add_user("dana", "Dana Wu")
    stage = other.add_channel("stage", [dana])
    other_client = WebClient(token="xoxb-other", base_url=sb.base_url)

    assert other_client.auth_test()["team_id"] == "T0OTHER"
    assert other_client.auth_test()["user_id"] == other.bot_user_id != "U0BOT"
    with pytest.raises(SlackApiError) as error:
        other_client.chat_postMessage(channel=crew.crew, text="wrong workspace")
    assert error.value.response["error"] == "channel_not_found"
    other_client.chat_postMessage(channel=stage, text="right workspace")
    assert [m["text"] for m in other.messages(stage)] == ["right workspace"]
    names = {m["name"] for m in other_client.users_list()["members"]}
    assert "ana" not in names and "dana" in names
    assert sb.calls[-1].team_id == "T0OTHER"


def test_wait_for_wakes_on_a_call_from_another_thread(
    sb: Sandbox, client: WebClient, crew: Crew
) -> None:
    worker = threading.Thread(
        target=lambda: client.chat_postMessage(channel=crew.ana, text="later")
    )
    worker.start()

    messages = sb.wait_for(lambda: sb.workspace.dm_messages(crew.ana))
    worker.join()

    assert messages[0]["text"] == "later"


def test_wait_for_times_out_with_an_error(sb: Sandbox) -> None:
    with pytest.raises(TimeoutError):
        sb.wait_for(lambda: sb.calls_to("chat.postMessage"), timeout=0.05)


def test_context_manager_starts_and_stops() -> None:
    with Sandbox() as sandbox:
        url = sandbox.base_url
        assert WebClient(token=sandbox.workspace.bot_token, base_url=url).auth_test()["ok"]
    with pytest.raises(RuntimeError):
        _ = sandbox.url

"""oauth.v2.access (install, token rotation) and apps.connections.open."""

from __future__ import annotations

from datetime import timedelta

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from rituals.clock import FakeClock
from sandbox import Sandbox
from tests.sandbox.conftest import Crew

CLIENT = {"client_id": "sandbox-client-id", "client_secret": "sandbox-client-secret"}


def _error(call: object) -> str:
    with pytest.raises(SlackApiError) as error:
        call()  # type: ignore[operator]
    return str(error.value.response["error"])


def test_install_exchanges_a_code_for_the_bot_token(sb: Sandbox, crew: Crew) -> None:
    other = sb.add_workspace(team_id="T0OTHER", name="Other", bot_token="xoxb-other")
    code = sb.issue_oauth_code("T0OTHER", "U0INSTALLER")
    anonymous = WebClient(base_url=sb.base_url)

    response = anonymous.oauth_v2_access(**CLIENT, code=code, redirect_uri="https://bot/oauth")

    assert response["access_token"] == other.bot_token
    assert response["token_type"] == "bot"
    assert response["team"] == {"name": "Other", "id": "T0OTHER"}
    assert response["bot_user_id"] == other.bot_user_id
    assert response["authed_user"] == {"id": "U0INSTALLER"}
    assert "chat:write" in response["scope"].split(",")
    assert "refresh_token" not in response.data
    assert sb.calls_to("oauth.v2.access")[0].team_id == "T0OTHER"
    assert _error(lambda: anonymous.oauth_v2_access(**CLIENT, code=code)) == "invalid_code"


def test_client_credentials_are_checked(sb: Sandbox) -> None:
    anonymous = WebClient(base_url=sb.base_url)
    code = sb.issue_oauth_code("T0SANDBOX", "U1")

    wrong_id = lambda: anonymous.oauth_v2_access(  # noqa: E731
        client_id="nope", client_secret=CLIENT["client_secret"], code=code
    )
    wrong_secret = lambda: anonymous.oauth_v2_access(  # noqa: E731
        client_id=CLIENT["client_id"], client_secret="nope", code=code
    )
    assert _error(wrong_id) == "invalid_client_id"
    assert _error(wrong_secret) == "bad_client_secret"
    bad_grant = lambda: anonymous.oauth_v2_access(**CLIENT, grant_type="password")  # noqa: E731
    assert _error(bad_grant) == "invalid_grant_type"


def test_redirect_uri_must_match_when_configured(sb: Sandbox) -> None:
    sb.redirect_uri = "https://greenroom.example/slack/oauth_redirect"
    anonymous = WebClient(base_url=sb.base_url)
    code = sb.issue_oauth_code("T0SANDBOX", "U1")

    wrong = lambda: anonymous.oauth_v2_access(**CLIENT, code=code, redirect_uri="https://evil")  # noqa: E731
    assert _error(wrong) == "bad_redirect_uri"
    assert anonymous.oauth_v2_access(**CLIENT, code=code, redirect_uri=sb.redirect_uri)["ok"]


def test_token_rotation(sb: Sandbox, clock: FakeClock) -> None:
    sb.token_rotation = True
    anonymous = WebClient(base_url=sb.base_url)
    installed = anonymous.oauth_v2_access(**CLIENT, code=sb.issue_oauth_code("T0SANDBOX", "U1"))

    assert installed["access_token"].startswith("xoxe.xoxb-")
    assert installed["refresh_token"].startswith("xoxe-")
    assert installed["expires_in"] == 43200
    rotated_client = WebClient(token=installed["access_token"], base_url=sb.base_url)
    assert rotated_client.auth_test()["team_id"] == "T0SANDBOX"

    refreshed = anonymous.oauth_v2_access(
        **CLIENT, grant_type="refresh_token", refresh_token=installed["refresh_token"]
    )
    assert refreshed["access_token"] != installed["access_token"]
    assert refreshed["refresh_token"] != installed["refresh_token"]
    spent = lambda: anonymous.oauth_v2_access(  # noqa: E731
        **CLIENT, grant_type="refresh_token", refresh_token=installed["refresh_token"]
    )
    assert _error(spent) == "invalid_refresh_token"

    clock.advance(timedelta(seconds=43200))
    assert _error(rotated_client.auth_test) == "token_expired"
    assert WebClient(token=sb.workspace.bot_token, base_url=sb.base_url).auth_test()["ok"]


def test_connections_open_needs_an_app_token(sb: Sandbox, client: WebClient) -> None:
    bot_token = sb.workspace.bot_token
    assert (
        _error(lambda: client.apps_connections_open(app_token=bot_token))
        == "not_allowed_token_type"
    )

    sb.app_token = "xapp-1-sandbox"
    response = WebClient(base_url=sb.base_url).apps_connections_open(app_token="xapp-1-sandbox")

    assert response["url"].startswith("ws://127.0.0.1:")

"""The Web API client's retry policy against the sandbox."""

from __future__ import annotations

import pytest

from bot.slack.client import is_transient, make_client
from sandbox import Sandbox


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_passing_server_errors_are_retried(sandbox: Sandbox, status: int) -> None:
    client = make_client(sandbox.workspace.bot_token, base_url=sandbox.base_url)
    sandbox.faults.status("auth.test", status, count=2)
    assert client.auth_test()["ok"] is True
    seen = [call.status for call in sandbox.calls_to("auth.test")]
    assert seen == [status, status, 200]


def test_transient_and_permanent_errors_are_told_apart() -> None:
    assert is_transient("ratelimited")
    assert is_transient(None, 502)
    assert not is_transient("channel_not_found", 200)
    assert not is_transient("account_inactive")

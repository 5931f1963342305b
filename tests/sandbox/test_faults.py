"""Injected faults, and slack_sdk's retry handlers riding them out."""

from __future__ import annotations

import time

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator

from sandbox import Sandbox
from tests.sandbox.conftest import Crew


def test_429_is_waited_out_by_the_rate_limit_retry_handler(
    sb: Sandbox, client: WebClient, crew: Crew
) -> None:
    fault = sb.faults.rate_limit("chat.postMessage", count=1, retry_after=1)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=1))

    started = time.monotonic()
    response = client.chat_postMessage(channel=crew.crew, text="after the wait")

    assert response["ok"] is True
    assert time.monotonic() - started >= 1.0
    limited, ok = sb.calls_to("chat.postMessage")
    assert (limited.status, limited.response) == (429, {"ok": False, "error": "ratelimited"})
    assert ok.status == 200
    assert fault.hits == 1 and fault.remaining == 0
    assert [m["text"] for m in sb.workspace.messages(crew.crew)] == ["after the wait"]


def test_429_without_a_handler_shows_retry_after(sb: Sandbox, client: WebClient) -> None:
    sb.faults.rate_limit("auth.test", count=2, retry_after=7)

    with pytest.raises(SlackApiError) as error:
        client.auth_test()

    assert error.value.response.status_code == 429
    assert error.value.response.headers["Retry-After"] == "7"
    assert error.value.response["error"] == "ratelimited"


def test_5xx_is_retried_by_the_server_error_handler(
    sb: Sandbox, client: WebClient, crew: Crew
) -> None:
    sb.faults.status("chat.postMessage", 500, count=2)
    fast = FixedValueRetryIntervalCalculator(0.01)
    client.retry_handlers.append(
        ServerErrorRetryHandler(max_retry_count=2, interval_calculator=fast)
    )

    assert client.chat_postMessage(channel=crew.crew, text="third time lucky")["ok"] is True

    assert [c.status for c in sb.calls_to("chat.postMessage")] == [500, 500, 200]
    assert len(sb.workspace.messages(crew.crew)) == 1


def test_503_without_retries_fails(sb: Sandbox, client: WebClient) -> None:
    sb.faults.status("auth.test", 503)

    with pytest.raises(SlackApiError) as error:
        client.auth_test()

    assert error.value.response.status_code == 503
    assert client.auth_test()["ok"] is True


def test_error_fault_only_for_matching_calls(sb: Sandbox, client: WebClient, crew: Crew) -> None:
    fault = sb.faults.error(
        "chat.postMessage", "channel_not_found", count=1, match=lambda a: a["channel"] == crew.ben
    )

    client.chat_postMessage(channel=crew.crew, text="fine")
    with pytest.raises(SlackApiError) as error:
        client.chat_postMessage(channel=crew.ben, text="fails once")
    client.chat_postMessage(channel=crew.ben, text="fine again")

    assert error.value.response["error"] == "channel_not_found"
    assert fault.hits == 1
    assert [m["text"] for m in sb.workspace.dm_messages(crew.ben)] == ["fine again"]


def test_latency_fault_delays_answers(sb: Sandbox, client: WebClient) -> None:
    sb.faults.latency("auth.test", 0.3, count=1)

    started = time.monotonic()
    client.auth_test()
    slow = time.monotonic() - started
    started = time.monotonic()
    client.auth_test()
    fast = time.monotonic() - started

    assert slow >= 0.3
    assert fast < 0.3


def test_wildcard_and_clear(sb: Sandbox, client: WebClient) -> None:
    sb.faults.error("*", "fatal_error", count=None)

    with pytest.raises(SlackApiError):
        client.auth_test()
    with pytest.raises(SlackApiError):
        client.team_info()
    assert len(sb.faults.active) == 1
    sb.faults.clear()

    assert client.auth_test()["ok"] is True
    assert sb.faults.active == []

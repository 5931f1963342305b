"""Realistic rate limits: per-method tiers, chat.postMessage per channel and per workspace."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from sandbox import RateLimits, Sandbox
from sandbox.ratelimit import RateLimiter
from tests.sandbox.conftest import Crew


def _frozen(limits: RateLimits) -> RateLimiter:
    """Limits on a clock that does not move, so nothing refills during a test."""
    return RateLimiter(limits, monotonic=lambda: 0.0)


def _status(call: object) -> tuple[int, str | None]:
    try:
        call()  # type: ignore[operator]
    except SlackApiError as error:
        return error.response.status_code, error.response.headers.get("Retry-After")
    return 200, None


def test_off_by_default(sb: Sandbox, client: WebClient, crew: Crew) -> None:
    for i in range(5):
        client.chat_postMessage(channel=crew.crew, text=f"burst {i}")

    assert sb.rate_limits is None
    assert len(sb.workspace.messages(crew.crew)) == 5


def test_one_message_per_second_per_channel(sb: Sandbox, client: WebClient, crew: Crew) -> None:
    sb.rate_limiter = _frozen(RateLimits())

    first = _status(lambda: client.chat_postMessage(channel=crew.crew, text="one"))
    second = _status(lambda: client.chat_postMessage(channel=crew.crew, text="two"))
    elsewhere = _status(lambda: client.chat_postMessage(channel=crew.ana, text="dm"))

    assert first == (200, None)
    assert second == (429, "1")
    assert elsewhere == (200, None)
    assert [c.status for c in sb.calls_to("chat.postMessage")] == [200, 429, 200]
    assert [m["text"] for m in sb.workspace.messages(crew.crew)] == ["one"]


def test_workspace_wide_ceiling(sb: Sandbox, client: WebClient, crew: Crew) -> None:
    sb.rate_limiter = _frozen(RateLimits(workspace_post_per_second=2))

    results = [
        _status(lambda u=u: client.chat_postMessage(channel=u, text="hi"))  # type: ignore[misc]
        for u in (crew.ana, crew.ben, crew.cleo)
    ]

    assert [status for status, _ in results] == [200, 200, 429]


def test_tier_limits_come_from_the_reference(sb: Sandbox, client: WebClient, crew: Crew) -> None:
    sb.rate_limiter = _frozen(RateLimits(tiers={"t4": 2, "t3": 50}))

    statuses = [_status(lambda: client.users_info(user=crew.ana)) for _ in range(3)]

    assert statuses[:2] == [(200, None), (200, None)]
    assert statuses[2] == (429, "30")
    assert _status(lambda: client.conversations_info(channel=crew.crew)) == (200, None)


def test_per_method_override(sb: Sandbox, client: WebClient) -> None:
    sb.rate_limits = RateLimits(per_method={"auth.test": 1})

    assert _status(client.auth_test) == (200, None)
    assert _status(client.auth_test)[0] == 429
    assert sb.rate_limits == RateLimits(per_method={"auth.test": 1})


def test_buckets_refill_with_time() -> None:
    now = [0.0]
    limiter = RateLimiter(RateLimits(), monotonic=lambda: now[0])
    args = {"channel": "C1"}

    assert limiter.check("T1", "chat.postMessage", args) is None
    assert limiter.check("T1", "chat.postMessage", args) == 1
    now[0] += 1.0
    assert limiter.check("T1", "chat.postMessage", args) is None
    assert limiter.check("T2", "chat.postMessage", args) is None


@pytest.mark.parametrize("burst", [1, 3])
def test_post_message_burst(burst: int) -> None:
    limiter = RateLimiter(RateLimits(post_message_burst=burst), monotonic=lambda: 0.0)

    allowed = [limiter.check("T1", "chat.postMessage", {"channel": "C1"}) for _ in range(burst + 1)]

    assert allowed == [None] * burst + [1]

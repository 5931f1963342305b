"""The post pacer on a fake monotonic clock: holds, the learnt ceiling, per-channel limits."""

from __future__ import annotations

import json

import pytest
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.slack.pacing import (
    BURST,
    DECREASE,
    FORGET_AFTER,
    MARGIN,
    PROBE_EVERY,
    PROBE_STEP,
    PacedRetry,
    Pacer,
    retry_after,
)

TEAM = "T0SANDBOX"


class Ticks:
    """A monotonic clock that moves when the pacer sleeps (or the test says so)."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        if round(seconds, 6):  # float noise is no pause
            self.slept.append(round(seconds, 6))
        self.now += seconds


@pytest.fixture
def ticks() -> Ticks:
    return Ticks()


@pytest.fixture
def pacer(ticks: Ticks) -> Pacer:
    return Pacer(monotonic=ticks.monotonic, sleep=ticks.sleep)


def post(pacer: Pacer, ticks: Ticks, channel: str, *, seconds: float = 0.0) -> None:
    """One post that goes through, taking ``seconds``."""
    pacer.wait_turn(TEAM, channel)
    ticks.now += seconds
    pacer.delivered(TEAM, channel)


def test_posts_are_not_paced_before_any_429(pacer: Pacer, ticks: Ticks) -> None:
    for n in range(50):
        post(pacer, ticks, f"U{n}")
    assert ticks.slept == [] and pacer.rate(TEAM) is None


def test_a_429_holds_every_sender_of_the_workspace_for_retry_after(
    pacer: Pacer, ticks: Ticks
) -> None:
    post(pacer, ticks, "U1")
    pacer.wait_turn(TEAM, "U2")
    pacer.rate_limited(TEAM, "U2", 2)
    ticks.now += 0.5
    pacer.rate_limited(TEAM, "U3", 2)  # was in flight: does not extend the hold
    pacer.wait_turn(TEAM, "U4")
    assert ticks.slept == [1.5]
    assert pacer.rate(TEAM) is None  # one 429 says nothing about the rate


def test_two_429s_give_the_ceiling_and_later_posts_are_spaced_under_it(
    pacer: Pacer, ticks: Ticks
) -> None:
    pacer.wait_turn(TEAM, "U0")
    pacer.rate_limited(TEAM, "U0", 1)
    # after the 1 s hold, 150 posts go through in 1.5 s: 150 posts in the 2.5 s between 429s
    for n in range(1, 151):
        post(pacer, ticks, f"U{n}", seconds=0.01)
    pacer.wait_turn(TEAM, "U151")
    pacer.rate_limited(TEAM, "U151", 1)
    assert pacer.rate(TEAM) == pytest.approx(MARGIN * 150 / 2.5, rel=0.01)
    ticks.slept.clear()
    for n in range(200, 260):  # 60 posts at once, after the hold
        pacer.wait_turn(TEAM, f"U{n}")
    interval = 1 / pacer.rate(TEAM)  # type: ignore[operator]
    assert ticks.slept[0] == pytest.approx(1.0)  # the hold first
    assert len(ticks.slept) == 1 + 60 - 1 - BURST  # then a burst, then one post per interval
    assert ticks.slept[1:] == pytest.approx([interval] * (60 - 1 - BURST), abs=1e-5)


def test_time_lost_between_posts_is_caught_up_in_a_short_burst(pacer: Pacer, ticks: Ticks) -> None:
    pacer.wait_turn(TEAM, "U0")
    pacer.rate_limited(TEAM, "U0", 1)
    for n in range(1, 101):
        post(pacer, ticks, f"U{n}", seconds=0.01)
    pacer.wait_turn(TEAM, "U101")
    pacer.rate_limited(TEAM, "U101", 1)
    interval = 1 / pacer.rate(TEAM)  # type: ignore[operator]
    for n in range(102, 202):  # well paced for a while
        pacer.wait_turn(TEAM, f"U{n}")
    ticks.slept.clear()
    ticks.now += 5 * interval  # a pause: five posts' worth of time
    for n in range(202, 207):
        pacer.wait_turn(TEAM, f"U{n}")
    assert ticks.slept == []
    pacer.wait_turn(TEAM, "U207")
    assert ticks.slept == pytest.approx([interval], abs=1e-5)


def test_the_pace_creeps_up_while_senders_wait_on_it(pacer: Pacer, ticks: Ticks) -> None:
    pacer.wait_turn(TEAM, "U0")
    pacer.rate_limited(TEAM, "U0", 1)
    for n in range(1, 101):
        post(pacer, ticks, f"U{n}", seconds=0.01)
    pacer.wait_turn(TEAM, "U101")
    pacer.rate_limited(TEAM, "U101", 1)
    learnt = pacer.rate(TEAM)
    assert learnt is not None
    n = 200
    while ticks.now < 100 + 30:  # senders always waiting for their turn
        pacer.wait_turn(TEAM, f"U{n}")
        n += 1
    raised = pacer.rate(TEAM)
    assert raised is not None and learnt < raised <= learnt * PROBE_STEP ** (30 / PROBE_EVERY)


def test_a_429_while_paced_slows_the_pace_by_a_step_at_most(pacer: Pacer, ticks: Ticks) -> None:
    pacer.wait_turn(TEAM, "U0")
    pacer.rate_limited(TEAM, "U0", 1)
    for n in range(1, 101):
        post(pacer, ticks, f"U{n}", seconds=0.01)
    pacer.wait_turn(TEAM, "U101")
    pacer.rate_limited(TEAM, "U101", 1)
    paced = pacer.rate(TEAM)
    assert paced is not None
    for n in range(102, 122):  # the senders fall far behind for a minute less a second
        post(pacer, ticks, f"U{n}", seconds=2.9)
    pacer.wait_turn(TEAM, "U122")
    pacer.rate_limited(TEAM, "U122", 1)
    assert pacer.rate(TEAM) == pytest.approx(paced * DECREASE)


def test_too_few_posts_between_429s_give_no_estimate(pacer: Pacer, ticks: Ticks) -> None:
    pacer.wait_turn(TEAM, "U1")
    pacer.rate_limited(TEAM, "U1", 1)
    pacer.wait_turn(TEAM, "U1")  # the retry, after the hold
    pacer.rate_limited(TEAM, "U1", 1)
    assert pacer.rate(TEAM) is None


def test_a_429_right_after_posting_to_the_channel_holds_that_channel_only(
    pacer: Pacer, ticks: Ticks
) -> None:
    post(pacer, ticks, "C1")
    ticks.now += 0.2
    pacer.wait_turn(TEAM, "C1")
    pacer.rate_limited(TEAM, "C1", 1)
    pacer.wait_turn(TEAM, "U9")  # other channels go on
    assert ticks.slept == []
    pacer.wait_turn(TEAM, "C1")
    assert ticks.slept == [1.0]


def test_the_estimate_is_forgotten_after_a_quiet_minute(pacer: Pacer, ticks: Ticks) -> None:
    pacer.wait_turn(TEAM, "U0")
    pacer.rate_limited(TEAM, "U0", 1)
    for n in range(1, 31):
        post(pacer, ticks, f"U{n}", seconds=0.05)
    pacer.wait_turn(TEAM, "U31")
    pacer.rate_limited(TEAM, "U31", 1)
    assert pacer.rate(TEAM) is not None
    ticks.now += FORGET_AFTER + 5
    pacer.wait_turn(TEAM, "U32")
    assert pacer.rate(TEAM) is None


def test_workspaces_are_paced_apart(pacer: Pacer, ticks: Ticks) -> None:
    pacer.wait_turn(TEAM, "U1")
    pacer.rate_limited(TEAM, "U1", 5)
    pacer.wait_turn("T0OTHER", "U1")
    assert ticks.slept == []


def _request(method: str, body: dict[str, str]) -> HttpRequest:
    return HttpRequest(
        method="POST",
        url=f"http://127.0.0.1:1/api/{method}",
        headers={},
        data=json.dumps(body).encode(),
    )


def test_the_retry_handler_takes_429s_on_posts_only(pacer: Pacer, ticks: Ticks) -> None:
    handler = PacedRetry(pacer, TEAM)
    limited = HttpResponse(status_code=429, headers={"Retry-After": ["3"]}, body={})
    ok = HttpResponse(status_code=200, headers={}, body={"ok": True})
    posting = _request("chat.postMessage", {"channel": "U7"})
    state = RetryState()
    assert handler.can_retry(state=state, request=posting, response=limited)
    assert not handler.can_retry(state=state, request=posting, response=ok)
    update = _request("chat.update", {"channel": "D7"})
    assert not handler.can_retry(state=state, request=update, response=limited)
    handler.prepare_for_next_attempt(state=state, request=posting, response=limited)
    assert state.next_attempt_requested and state.current_attempt == 1
    assert ticks.slept == [3.0]  # the retry waited its turn behind the hold


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"Retry-After": "7"}, 7.0),
        ({"retry-after": ["2"]}, 2.0),
        ({}, 1.0),
        ({"Retry-After": "x"}, 1.0),
    ],
)
def test_retry_after_header(headers: dict[str, object], seconds: float) -> None:
    assert retry_after(headers) == seconds

"""Pacing the engine's posts per workspace: honour Retry-After together, learn Slack's ceiling.

Slack limits chat.postMessage to about one message per second per channel and, with a
ceiling it does not publish, per workspace. Retrying each HTTP 429 in the thread that got
it stalls that thread for Retry-After while the other senders keep running into the limit,
so a large fan-out crawls. The pacer instead:

- holds every sender of the workspace until Retry-After has passed (the first 429 of a
  burst sets the hold; the ones already in flight only confirm it);
- estimates the ceiling: at each 429 Slack's bucket is empty, so between two of them
  exactly what the bucket refilled went through — posts between them divided by the
  seconds between them is the workspace's rate;
- from then on spaces posts just under that rate (a token bucket of ``BURST`` posts, so
  time lost between posts is caught up), and the rest of the fan-out runs at the ceiling.
  While senders wait on the pace it creeps up by 1 % every 5 s, so an estimate taken
  over a short, noisy window does not keep the fan-out slow: the next 429 re-estimates
  over the longer window since the last one, but never more than 5 % below the pace
  that met it (a window in which the senders fell behind reads low). After a quiet
  minute it forgets.

A 429 on a channel posted to within the last second and a half is taken for the
per-channel limit: that channel alone waits.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

logger = logging.getLogger(__name__)

MARGIN = 0.97  # pace at this share of the estimated ceiling
BURST = 20  # posts that may go at once to catch up, once paced
MIN_POSTS_FOR_ESTIMATE = 10
CHANNEL_WINDOW = 1.5  # seconds: a 429 this soon after posting to the channel is the channel's
FORGET_AFTER = 60.0  # seconds without a post: the estimate is dropped
PROBE_EVERY = 5.0  # seconds of waiting on the pace without a 429 before it is raised
PROBE_STEP = 1.01  # by this factor: an estimate on the low side does not stay low
DECREASE = 0.95  # a 429 while paced slows the pace by at most this factor
MAX_RATE_LIMITED = 8  # 429s in a row for one post before it fails (the engine retries later)


@dataclass
class _Workspace:
    hold_until: float = 0.0
    interval: float | None = None  # seconds between posts once the ceiling is known
    next_at: float = 0.0
    granted: int = 0  # turns handed out
    limited: int = 0  # of which answered 429
    last_grant: float = 0.0
    last_limit: tuple[float, int] | None = None  # (when, posts that had gone through)
    last_raise: float = 0.0
    waited: bool = False  # a sender waited on the pace since the last raise
    delivered: dict[str, float] = field(default_factory=dict)  # channel -> last post that landed
    channel_holds: dict[str, float] = field(default_factory=dict)


class Pacer:
    """Spaces each workspace's posts; shared by the engine's sender threads."""

    def __init__(
        self,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._monotonic = monotonic
        self._sleep = sleep
        self._lock = threading.Lock()
        self._teams: dict[str, _Workspace] = {}

    def rate(self, team_id: str) -> float | None:
        """The posts per second the workspace is paced at (None: not paced)."""
        with self._lock:
            state = self._teams.get(team_id)
            interval = state.interval if state else None
        return None if interval is None else 1 / interval

    def wait_turn(self, team_id: str, channel: str) -> None:
        """Block until this workspace (and channel) may post again."""
        with self._lock:
            now = self._monotonic()
            state = self._teams.setdefault(team_id, _Workspace())
            if state.interval is not None and now - state.last_grant > FORGET_AFTER:
                state.interval, state.last_limit = None, None
            start = max(now, state.hold_until, state.channel_holds.get(channel, 0.0))
            if state.interval is not None:
                if state.waited and now - state.last_raise >= PROBE_EVERY:
                    state.interval /= PROBE_STEP
                    state.last_raise, state.waited = now, False
                # a short burst may catch up time lost between posts (a claim, a slow send)
                paced = max(start, state.next_at - BURST * state.interval)
                state.waited = state.waited or paced > start
                start = paced
                state.next_at = max(state.next_at, start) + state.interval
            state.granted += 1
            state.last_grant = start
        if start > now:
            self._sleep(start - now)

    def delivered(self, team_id: str, channel: str) -> None:
        """A post to ``channel`` went through."""
        with self._lock:
            now = self._monotonic()
            state = self._teams.setdefault(team_id, _Workspace())
            state.delivered[channel] = now
            if len(state.delivered) > 10_000:
                state.delivered = {
                    c: t for c, t in state.delivered.items() if now - t < CHANNEL_WINDOW
                }
            if len(state.channel_holds) > 1_000:
                state.channel_holds = {c: t for c, t in state.channel_holds.items() if t > now}

    def rate_limited(self, team_id: str, channel: str, retry_after: float) -> None:
        """Record a 429 for a post to ``channel``; holds the channel or the workspace."""
        with self._lock:
            now = self._monotonic()
            state = self._teams.setdefault(team_id, _Workspace())
            state.limited += 1
            until = now + retry_after
            if now - state.delivered.get(channel, -CHANNEL_WINDOW) < CHANNEL_WINDOW:
                state.channel_holds[channel] = max(state.channel_holds.get(channel, 0.0), until)
                return
            if now < state.hold_until:
                return  # a post already in flight when the hold began
            state.hold_until = until
            through = state.granted - state.limited
            if state.last_limit is not None:
                since, before = state.last_limit
                posts, seconds = through - before, now - since
                if posts >= MIN_POSTS_FOR_ESTIMATE and seconds > 0:
                    rate = MARGIN * posts / seconds
                    if state.interval is not None:
                        # a window in which the senders fell behind reads low: the pace
                        # that just overran the ceiling, less a step, bounds it from below
                        rate = max(rate, DECREASE / state.interval)
                    state.interval = 1 / rate
                    state.next_at = until
                    state.last_raise, state.waited = until, False
                    logger.info(
                        "pacing posts in %s at %.1f/s after a 429", team_id, 1 / state.interval
                    )
            state.last_limit = (now, through)


class PacedRetry(RetryHandler):
    """Takes a workspace client's 429s on chat.postMessage from slack_sdk's own handler.

    Instead of sleeping in the thread that got the 429, it tells the pacer (which holds
    every sender of the workspace) and waits for its turn like any other post.
    """

    def __init__(self, pacer: Pacer, team_id: str) -> None:
        super().__init__(max_retry_count=MAX_RATE_LIMITED)
        self.pacer = pacer
        self.team_id = team_id

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return (
            response is not None
            and response.status_code == 429
            and request.url.rstrip("/").endswith("/chat.postMessage")
        )

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        channel = _channel_of(request)
        headers = response.headers if response is not None else {}
        self.pacer.rate_limited(self.team_id, channel, retry_after(headers))
        self.pacer.wait_turn(self.team_id, channel)
        state.next_attempt_requested = True
        state.increment_current_attempt()


def _channel_of(request: HttpRequest) -> str:
    """The ``channel`` argument of a Web API request (JSON or form body)."""
    if request.body_params and request.body_params.get("channel"):
        return str(request.body_params["channel"])
    data = request.data or b""
    try:
        if data[:1] == b"{":
            return str(json.loads(data).get("channel") or "")
        return str(dict(parse_qsl(data.decode())).get("channel") or "")
    except (ValueError, UnicodeDecodeError):
        return ""


def retry_after(headers: Any) -> float:
    """Seconds from a 429's Retry-After header (1 when missing or unreadable)."""
    for name, value in dict(headers or {}).items():
        if str(name).lower() == "retry-after":
            raw = value[0] if isinstance(value, list | tuple) else value
            try:
                return max(0.0, float(raw))
            except (TypeError, ValueError):
                return 1.0
    return 1.0

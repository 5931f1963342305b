"""Optional realistic rate limits (token buckets on real monotonic time)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sandbox import reference


@dataclass(frozen=True)
class RateLimits:
    """Limits to enforce; assign to ``Sandbox.rate_limits`` to switch them on.

    ``tiers`` and ``per_method`` are requests per minute per workspace and method (a bucket that
    also allows a burst of that size); the tier of a method comes from the reference file.
    ``chat.postMessage`` (tier "special") is limited per channel and, optionally, per workspace.
    """

    tiers: Mapping[str, float] = field(default_factory=lambda: dict(reference.TIER_PER_MINUTE))
    per_method: Mapping[str, float] = field(default_factory=dict)
    post_message_per_channel: float = 1.0
    post_message_burst: int = 1
    workspace_post_per_second: float | None = None


class TokenBucket:
    """Classic token bucket; ``wait`` says how long until one token is available."""

    def __init__(self, rate: float, capacity: float, now: float) -> None:
        self.rate = rate
        self.capacity = capacity
        self.tokens = capacity
        self.updated = now

    def _refill(self, now: float) -> None:
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    def wait(self, now: float) -> float:
        self._refill(now)
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self) -> None:
        self.tokens -= 1


class RateLimiter:
    """Applies a :class:`RateLimits` to calls; not thread-safe (the sandbox lock guards it)."""

    def __init__(self, limits: RateLimits, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._monotonic = monotonic
        self._buckets: dict[tuple[str, ...], TokenBucket] = {}

    def _bucket(
        self, key: tuple[str, ...], rate: float, capacity: float, now: float
    ) -> TokenBucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = TokenBucket(rate, capacity, now)
        return bucket

    def _per_minute(self, method: str) -> float | None:
        if method in self.limits.per_method:
            return self.limits.per_method[method]
        tier = reference.tier(method)
        return self.limits.tiers.get(tier) if tier else None

    def check(self, team_id: str, method: str, args: Mapping[str, Any]) -> int | None:
        """Record a call; return the Retry-After seconds if it exceeds a limit, else None."""
        now = self._monotonic()
        buckets: list[TokenBucket] = []
        per_minute = self._per_minute(method)
        if per_minute:
            buckets.append(
                self._bucket((team_id, method), per_minute / 60, max(1.0, per_minute), now)
            )
        if method == "chat.postMessage":
            limits = self.limits
            channel = str(args.get("channel") or "")
            buckets.append(
                self._bucket(
                    (team_id, method, channel),
                    limits.post_message_per_channel,
                    max(1, limits.post_message_burst),
                    now,
                )
            )
            if limits.workspace_post_per_second:
                rate = limits.workspace_post_per_second
                buckets.append(self._bucket((team_id, "post:*"), rate, max(1.0, rate), now))
        wait = max((b.wait(now) for b in buckets), default=0.0)
        if wait > 0:
            return max(1, math.ceil(wait))
        for bucket in buckets:
            bucket.take()
        return None

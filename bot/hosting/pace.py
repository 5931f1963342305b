"""A pace for Web API calls made after the ack: a token bucket shared by the threads that call.

Slack rate-limits ``chat.update`` per workspace (Tier 3: a sustained few a second, with
bursts); a burst of clicks confirmed one update each would spend CPU on calls Slack
refuses anyway. Paced, a burst's confirmations go out at ``rate`` a second after the first
``burst``, and the clicks that arrive meanwhile coalesce (``bot.hosting.tasks.Keyed``): a
member who clicked three times while waiting gets one update showing the last answer.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

CONFIRMATIONS_PER_SECOND = 50.0
CONFIRMATIONS_BURST = 50


class Pace:
    """At most ``burst`` calls at once, then ``rate`` a second; ``wait_turn`` blocks the caller
    until its turn (time and sleeping are injectable for tests)."""

    def __init__(
        self,
        rate: float = CONFIRMATIONS_PER_SECOND,
        burst: int = CONFIRMATIONS_BURST,
        *,
        now: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("a pace needs a positive rate and a burst of at least one")
        self.rate = rate
        self.burst = burst
        self._now = now
        self._sleep = sleep
        self._lock = threading.Lock()
        self._tokens = float(burst)
        self._at = now()

    def wait_turn(self) -> float:
        """Block until a call may go; the seconds waited. A turn is taken when asked for
        (the bucket may go below zero), so waiting callers are served in order."""
        with self._lock:
            now = self._now()
            self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate) - 1.0
            self._at = now
            delay = max(0.0, -self._tokens / self.rate)
        if delay > 0.0:
            self._sleep(delay)
        return delay

"""Injected failures: rate limits, HTTP errors, Slack error codes and latency, counted."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

FaultKind = Literal["rate_limit", "status", "error", "latency"]
Matcher = Callable[[dict[str, Any]], bool]


@dataclass
class Fault:
    """One injected failure; ``remaining`` of None means it never runs out."""

    kind: FaultKind
    method: str
    remaining: int | None
    match: Matcher | None = None
    retry_after: int = 1
    status: int = 200
    error: str | None = None
    seconds: float = 0.0
    hits: int = 0

    def applies(self, method: str, args: dict[str, Any]) -> bool:
        """Whether this fault fires for a call (a failing ``match`` counts as no match)."""
        if self.remaining == 0 or self.method not in ("*", method):
            return False
        if self.match is None:
            return True
        try:
            return bool(self.match(args))
        except Exception:  # a matcher written for another method's args
            return False

    def consume(self) -> None:
        self.hits += 1
        if self.remaining is not None:
            self.remaining -= 1


class Faults:
    """Thread-safe registry of faults; the first matching fault of a call wins."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def _add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def rate_limit(
        self,
        method: str,
        count: int | None = 1,
        retry_after: int = 1,
        *,
        match: Matcher | None = None,
    ) -> Fault:
        """Answer the next ``count`` calls with HTTP 429, ``Retry-After`` and ``ratelimited``."""
        return self._add(Fault("rate_limit", method, count, match, retry_after=retry_after))

    def status(
        self, method: str, status: int, count: int | None = 1, *, match: Matcher | None = None
    ) -> Fault:
        """Answer the next ``count`` calls with this HTTP status (e.g. 500, 503)."""
        return self._add(Fault("status", method, count, match, status=status))

    def error(
        self, method: str, error: str, count: int | None = 1, *, match: Matcher | None = None
    ) -> Fault:
        """Answer the next ``count`` matching calls with ``{"ok": false, "error": error}``."""
        return self._add(Fault("error", method, count, match, error=error))

    def latency(
        self, method: str, seconds: float, count: int | None = None, *, match: Matcher | None = None
    ) -> Fault:
        """Delay matching calls (``"*"`` for all) by ``seconds`` before answering."""
        return self._add(Fault("latency", method, count, match, seconds=seconds))

    def clear(self) -> None:
        """Remove every fault."""
        with self._lock:
            self._faults.clear()

    @property
    def active(self) -> list[Fault]:
        """Faults that can still fire."""
        with self._lock:
            return [f for f in self._faults if f.remaining != 0]

    def delay_for(self, method: str, args: dict[str, Any]) -> float:
        """Total latency to add to a call, consuming the latency faults that apply."""
        with self._lock:
            total = 0.0
            for fault in self._faults:
                if fault.kind == "latency" and fault.applies(method, args):
                    fault.consume()
                    total += fault.seconds
            return total

    def take(self, method: str, args: dict[str, Any]) -> Fault | None:
        """The first failure fault that applies to a call, consumed; None if the call is clean."""
        with self._lock:
            for fault in self._faults:
                if fault.kind != "latency" and fault.applies(method, args):
                    fault.consume()
                    return fault
            return None

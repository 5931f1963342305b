"""Time as a dependency: the one place that reads the wall clock.

Everything else takes a ``Clock`` (or a ``now``) so that schedules can be tested
against a calendar without sleeping. All datetimes are timezone-aware UTC.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Anything that can tell the current time."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """Current time, aware, in UTC."""
        return datetime.now(UTC)


class FakeClock:
    """A clock that moves only when told to (tests, the demo)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._now = start.astimezone(UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """The time this clock was set to."""
        with self._lock:
            return self._now

    def set(self, when: datetime) -> None:
        """Move to ``when`` (aware)."""
        if when.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        with self._lock:
            self._now = when.astimezone(UTC)

    def advance(self, delta: timedelta) -> datetime:
        """Move forward by ``delta`` and return the new time."""
        with self._lock:
            self._now = self._now + delta
            return self._now

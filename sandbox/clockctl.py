"""The page's movable clock: fast-forward simulated time and let the bot catch up.

The sandbox and the bot read the same :class:`~rituals.clock.FakeClock` (shared in
process, or carried to a bot in another process by ``settle``). Moving forward stops at
every piece of scheduled work on the way, so a jump to tomorrow morning sends this
afternoon's reminders and tomorrow's digest in order, as a bot running all along would.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from rituals.clock import FakeClock
from sandbox.botrunner import Due

MORNING = time(8, 0)
MAX_STOPS = 500  # scheduled runs one jump may pass through


@dataclass(frozen=True)
class Moved:
    """Where a move ended, and how many scheduled runs it passed through."""

    at: datetime
    stops: int
    due: Due | None


class ClockControl:
    """Moves a FakeClock and runs the bot's due work after each step."""

    def __init__(
        self,
        clock: FakeClock,
        *,
        tz: str,
        settle: Callable[[], None],
        next_due: Callable[[datetime], Due | None],
    ) -> None:
        self.clock = clock
        self.tz = ZoneInfo(tz)
        self._settle = settle
        self._next_due = next_due
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """The simulated time."""
        return self.clock.now()

    def next_due(self) -> Due | None:
        """The bot's next scheduled work."""
        return self._next_due(self.clock.now())

    def settle(self) -> None:
        """Run what is due now (after a click or a command, say)."""
        with self._lock:
            self._settle()

    def advance_to(self, target: datetime) -> Moved:
        """Move to ``target``, stopping at each scheduled run before it."""
        stops = 0
        with self._lock:
            while stops < MAX_STOPS:
                due = self._next_due(self.clock.now())
                if due is None or due.at > target:
                    break
                self.clock.set(due.at)
                self._settle()
                stops += 1
            if target > self.clock.now():
                self.clock.set(target)
                self._settle()
            elif not stops:
                self._settle()
        return Moved(self.clock.now(), stops, self._next_due(self.clock.now()))

    def forward(self, step: str) -> Moved:
        """``next`` (the next scheduled run), ``hour`` (+1 hour) or ``morning`` (next 08:00)."""
        now = self.clock.now()
        if step == "next":
            due = self.next_due()
            target = due.at if due is not None else now
        elif step == "hour":
            target = now + timedelta(hours=1)
        elif step == "morning":
            local = now.astimezone(self.tz)
            day = local.date() + timedelta(days=1 if local.time() >= MORNING else 0)
            target = datetime.combine(day, MORNING, tzinfo=self.tz)
        else:
            raise ValueError(f"unknown step {step!r}")
        return self.advance_to(target)

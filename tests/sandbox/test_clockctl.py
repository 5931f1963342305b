"""The page's clock: forward to the next scheduled run, an hour, or the next morning."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from rituals.clock import FakeClock
from sandbox.botrunner import Due
from sandbox.clockctl import ClockControl

MONDAY = datetime(2026, 3, 30, 7, 30, tzinfo=UTC)  # 08:30 in London, the day after clocks change


class FakeBot:
    """Scheduled runs at fixed times; records the times it was asked to settle at."""

    def __init__(self, clock: FakeClock, runs: list[datetime]) -> None:
        self.clock = clock
        self.runs = runs
        self.settled: list[datetime] = []

    def settle(self) -> None:
        self.settled.append(self.clock.now())

    def next_due(self, after: datetime) -> Due | None:
        later = [r for r in self.runs if r > after]
        return Due(min(later), "pulse") if later else None


def control(runs: list[datetime]) -> tuple[ClockControl, FakeBot]:
    clock = FakeClock(MONDAY)
    bot = FakeBot(clock, runs)
    return ClockControl(clock, tz="Europe/London", settle=bot.settle, next_due=bot.next_due), bot


def test_next_goes_to_the_next_scheduled_run_and_settles_there() -> None:
    nine = MONDAY + timedelta(minutes=30)
    clock, bot = control([nine, nine + timedelta(days=1)])

    moved = clock.forward("next")

    assert moved.at == nine and bot.settled == [nine]
    assert moved.due is not None and moved.due.at == nine + timedelta(days=1)


def test_a_long_jump_stops_at_every_run_on_the_way() -> None:
    runs = [MONDAY + timedelta(hours=h) for h in (1, 2, 5)]
    clock, bot = control(runs)

    moved = clock.forward("morning")

    tuesday_eight = datetime(2026, 3, 31, 7, 0, tzinfo=UTC)  # 08:00 BST
    assert moved.at == tuesday_eight and moved.stops == 3
    assert bot.settled == [*runs, tuesday_eight]


def test_an_hour_and_nothing_scheduled() -> None:
    clock, bot = control([])
    assert clock.next_due() is None
    assert clock.forward("hour").at == MONDAY + timedelta(hours=1)
    assert clock.forward("next").at == MONDAY + timedelta(hours=1)  # stays put
    with pytest.raises(ValueError):
        clock.forward("yesterday")

"""Confirmations at a pace: a token bucket, and coalescing work that waits its turn."""

from __future__ import annotations

import threading

import pytest

from bot.hosting.pace import Pace
from bot.hosting.tasks import Keyed, Tasks
from tests.bot.test_pacing import Ticks


def test_a_burst_goes_at_once_then_the_rest_at_the_rate() -> None:
    time = Ticks()
    pace = Pace(rate=10.0, burst=3, now=time.monotonic, sleep=time.sleep)
    waited = [pace.wait_turn() for _ in range(5)]
    assert waited[:3] == [0.0, 0.0, 0.0]
    assert waited[3] == pytest.approx(0.1)
    assert waited[4] == pytest.approx(0.1)
    assert time.now == pytest.approx(100.2)


def test_turns_come_back_with_time_but_never_more_than_the_burst() -> None:
    time = Ticks()
    pace = Pace(rate=10.0, burst=2, now=time.monotonic, sleep=time.sleep)
    pace.wait_turn()
    pace.wait_turn()
    time.now += 60.0  # a quiet minute earns two turns, not six hundred
    assert [pace.wait_turn() for _ in range(2)] == [0.0, 0.0]
    assert pace.wait_turn() == pytest.approx(0.1)


def test_a_pace_needs_a_rate_and_a_burst() -> None:
    with pytest.raises(ValueError):
        Pace(rate=0.0)
    with pytest.raises(ValueError):
        Pace(burst=0)
    with pytest.raises(ValueError):
        Keyed(Tasks(workers=1, urgent=1), coalesce=False, pace=Pace())


def test_work_waiting_for_its_turn_coalesces_to_the_latest() -> None:
    """A member's clicks arriving while their confirmation waits for its turn become one
    update, showing the last click; another member's waits its own turn."""
    time = Ticks()
    waiting, go = threading.Event(), threading.Event()

    def sleep(seconds: float) -> None:
        waiting.set()
        assert go.wait(timeout=10)
        time.sleep(seconds)

    pace = Pace(rate=5.0, burst=1, now=time.monotonic, sleep=sleep)
    tasks = Tasks(workers=1, urgent=1)
    keyed = Keyed(tasks, coalesce=True, pace=pace)
    shown: list[tuple[str, int]] = []
    keyed.submit("ana", lambda: shown.append(("ana", 1)))  # the burst's one turn
    assert tasks.wait_idle(timeout=10)
    for score in (2, 3, 4):
        keyed.submit("ana", lambda score=score: shown.append(("ana", score)))
        if score == 2:
            assert waiting.wait(timeout=10)  # the paced thread now waits for a turn
    keyed.submit("ben", lambda: shown.append(("ben", 5)))
    go.set()
    assert tasks.wait_idle(timeout=10)
    tasks.shutdown()
    assert shown == [("ana", 1), ("ana", 4), ("ben", 5)]
    assert time.slept == [pytest.approx(0.2), pytest.approx(0.2)]


def test_paced_work_leaves_the_redraw_pool_free() -> None:
    """While confirmations wait for their turn, other redraws (a retro ballot) still run."""
    blocked, release = threading.Event(), threading.Event()

    def sleep(seconds: float) -> None:
        blocked.set()
        release.wait(timeout=10)

    tasks = Tasks(workers=1, urgent=1)
    paced = Keyed(tasks, coalesce=True, pace=Pace(rate=1.0, burst=1, sleep=sleep))
    redraws = Keyed(tasks, coalesce=True)
    paced.submit("first", lambda: None)
    assert tasks.wait_idle(timeout=10)
    paced.submit("second", lambda: None)
    assert blocked.wait(timeout=10)
    ran = threading.Event()
    redraws.submit("ballot", ran.set)
    assert ran.wait(timeout=10)
    release.set()
    assert tasks.wait_idle(timeout=10)
    tasks.shutdown()

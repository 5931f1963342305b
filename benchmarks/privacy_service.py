"""The gate on the real path: demo crews' answers in a SQLite database, every surface asking
through ``rituals.figures`` (the ledger loaded and stored each time), as ``pulse results``,
App Home and the digest would over four weeks.

Each pulse day: half of those answering answer by 10:00 and ``pulse results`` is read at
12:00; the rest answer by 16:00 and the results are read at 18:00 (the day's figure as the
manager last sees it), then App Home; on the Monday after a week, its digest (mean,
distribution, roles, the previous week and the 8-week trend).
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

from rituals.actors import Actor
from rituals.clock import FakeClock
from rituals.figures.home import team_week
from rituals.figures.reports import digest_report
from rituals.metrics import week_of
from rituals.privacy import Gate
from rituals.pulse import manage
from rituals.services import Config, build
from sandbox.demo.crew import make_crew
from storage.db import Database
from tests.fakes import FakeSlack
from tests.rituals.figures.seed import MONDAY, TEAM, Seed

BOSS = "U0BOSS"


def _score(rng: random.Random, mood: float) -> int:
    return min(5, max(1, round(mood + rng.gauss(0, 0.6))))


class _Timed:
    """Times every ``Gate.decide`` call while installed."""

    def __init__(self) -> None:
        self.seconds: list[float] = []
        self.per_figure: list[float] = []
        self.figures = 0
        self.original = Gate.decide

    def __enter__(self) -> _Timed:
        original, timed = self.original, self

        def decide(gate: Gate, candidates: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(gate, candidates, **kwargs)
            finally:
                took = time.perf_counter() - start
                timed.seconds.append(took)
                timed.per_figure.append(took / max(1, len(candidates)))
                timed.figures += len(candidates)

        Gate.decide = decide  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        Gate.decide = self.original  # type: ignore[method-assign]


def crew_weeks(size: int, seed: int, *, weeks: int, timed: _Timed) -> dict[str, Counter[str]]:
    """One crew through ``weeks`` weeks; what each surface showed or withheld."""
    rng = random.Random(seed)
    people = make_crew(size, seed)
    tally: dict[str, Counter[str]] = {k: Counter() for k in ("day", "week_mean", "roles")}
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{Path(folder) / 'gate.db'}")
        db.upgrade()
        clock, slack = FakeClock(MONDAY), FakeSlack()
        slack.add_person(BOSS, is_admin=True, tz="Europe/London")
        svc = build(db, clock, Config(default_tz="Europe/London"), messenger=slack, slack=slack)
        store = Seed(db)
        for p in people:
            store.member(p.handle, p.role)
        boss = Actor(TEAM, BOSS)
        for week in range(weeks):
            for weekday in range(5):
                day = 7 * week + weekday
                answering = [p for p in people if rng.random() < p.responsiveness]
                half = len(answering) // 2
                for hour, group in ((10, answering[:half]), (16, answering[half:])):
                    for p in group:
                        store.answer(p.handle, _score(rng, p.mood), day=day, hour=hour)
                    clock.set(MONDAY + timedelta(days=day, hours=hour - 9 + 2))
                    shown = manage.results(svc, boss, channel_id="C1")
                today = shown.today
                tally["day"]["withheld" if today.mean is None else "shown"] += 1
                if today.note and today.mean is not None:
                    tally["day"]["kept"] += 1
                team_week(svc, TEAM)
            clock.set(MONDAY + timedelta(days=7 * week + 7, hours=-1))
            iso = week_of((MONDAY + timedelta(days=7 * week)).date())
            report = digest_report(
                db, team_id=TEAM, week=iso, tz="Europe/London", min_group=3, now=clock.now()
            )
            pulse = report.metrics["pulse"]
            tally["week_mean"]["withheld" if pulse["mean"] is None else "shown"] += 1
            for figures in pulse["by_role"].values():
                if figures["responses"]:
                    tally["roles"]["withheld" if figures["mean"] is None else "shown"] += 1
        db.dispose()
    return tally


def service(crews: int, size: int = 6, weeks: int = 4) -> dict[str, Any]:
    """Share of figures withheld on the real path, and the gate's time per call."""
    total: dict[str, Counter[str]] = {}
    with _Timed() as timed:
        for seed in range(crews):
            for kind, counts in crew_weeks(size, seed, weeks=weeks, timed=timed).items():
                total.setdefault(kind, Counter()).update(counts)
    shares = {
        kind: round(c["withheld"] / max(1, c["withheld"] + c["shown"]), 3)
        for kind, c in total.items()
    }
    return {
        "load_average_1min": round(os.getloadavg()[0], 1),
        "crews": crews,
        "crew_size": size,
        "days": crews * weeks * 5,
        "withheld_share": shares,
        "day_kept_share": round(total["day"]["kept"] / max(1, sum(total["day"].values())), 3),
        "gate_calls": len(timed.seconds),
        "figures_per_call": round(timed.figures / max(1, len(timed.seconds)), 1),
        "call_median_ms": round(1000 * statistics.median(timed.seconds), 1),
        "call_worst_ms": round(1000 * max(timed.seconds), 1),
        "per_figure_median_ms": round(1000 * statistics.median(timed.per_figure), 1),
        "per_figure_worst_ms": round(1000 * max(timed.per_figure), 1),
    }

"""What the privacy gate costs in usefulness and in time.

    python -m benchmarks.privacy [--quick]

On the real path (``benchmarks.privacy_service``): twelve demo crews of six through
``pulse results`` twice a day, App Home and the weekly digest on a SQLite ledger, and a
realistic week of the demo's crew of forty. Measured on the 2-CPU development machine
(load average about 8 from other work): the day's mean as the manager last sees it is
withheld on 17.9 % of 240 days, the week's mean on 8.3 % of weeks, role means always
(roles of a six-person crew have one to three people); the gate takes a median 1.7 ms
per call (0.4 ms per figure), worst 145 ms (36 ms per figure). For forty people: no day or
week withheld, a quarter of role means; a median 3.1 ms per call (0.9 ms per figure),
worst 185 ms (the digest's 18 figures; 10 ms per figure at worst). Before the gate's
arithmetic moved from ``Fraction`` to integer rows (same run, same load of about 8): a
median 5.3 and 47 ms, worst 609 ms and 3.2 s per call, 165 and 180 ms per figure.

At the level of figures (below, ``tests.rituals.privacy.crew``):

Usefulness: demo-like crews of six (``sandbox.demo.crew.make_crew``: each member
answers a prompt with their own chance, 55–95 %, around their own mood) run for
four weeks of five pulse days (twelve crews; three when quick). Each day the
channel's results are looked at mid-day and at the end of the day, App Home at
the end of the day, the results again the next morning (the day now closed), and
the digest after the week. It
reports how often the closed daily figure (the team's mean of the day) is withheld,
and the same for the week's mean and distribution and the roles' weekly means.

Time: a crew of 500 in one pulse channel with 12 roles, 80 % answering each of
five days; App Home (the week's mean and distribution, 12 role means, the
previous week and today: 16 figures) and the week's digest asked for three times a
day. Reports the gate's time per call (median and worst), the ledger size, and
the same for a crew of 150 spread over six pulse channels (one day, one view).
Prints one JSON object; ``run(quick)`` returns it.

Measured on the 2-CPU development machine (load about 7): the closed daily figure of a
six-person crew (74.5 % answering on average) is withheld on 17.9 % of 240 days
(all but a few for fewer than four people answering), the week's mean 8.3 % and
its distribution 25 % of weeks, role means always (roles of one or two people).
The gate takes a median 13 ms (worst 150 ms) per call of ~15 figures for 500
people in one channel (53 ms and 711 ms before the integer arithmetic), and 5.5 ms
(worst 10 ms) for 150 people in six channels (86 ms and 172 ms before).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections import Counter
from typing import Any

from benchmarks.privacy_service import service
from rituals.privacy import Decision, Metric
from sandbox.demo.crew import make_crew
from tests.rituals.privacy.crew import TEAM, Crew

CHANNEL = "C0"


def _score(rng: random.Random, mood: float) -> int:
    return min(5, max(1, round(mood + rng.gauss(0, 0.6))))


def usefulness(crews: int, weeks: int = 4, size: int = 6) -> dict[str, Any]:
    """How often figures of a demo-like crew are withheld."""
    tally: Counter[tuple[str, str]] = Counter()
    reasons: Counter[str] = Counter()

    def note(kind: str, decision: Decision) -> None:
        tally[(kind, "withheld" if decision.value is None else "shown")] += 1
        if decision.value is None:
            reasons[decision.reason or ""] += 1

    answered = []
    for seed in range(crews):
        rng = random.Random(seed)
        people = make_crew(size, seed)
        crew = Crew()
        for person in people:
            crew.join(person.handle, CHANNEL, person.role)
        for _ in range(weeks * 5):
            members = [p for p in people if rng.random() < p.responsiveness]
            answered.append(len(members) / size)
            half = len(members) // 2
            for person in members[:half]:
                crew.answer(person.handle, CHANNEL, _score(rng, person.mood))
            crew.results(CHANNEL)
            for person in members[half:]:
                crew.answer(person.handle, CHANNEL, _score(rng, person.mood))
            crew.results(CHANNEL)
            crew.home()
            crew.next_day()
            morning = crew.results(CHANNEL)
            note("day", next(d for d in morning if d.key.period == f"d{crew.day - 1}"))
            if crew.day % 5 == 0:
                for decision in crew.digest(TEAM, crew.week_of(crew.day - 1)):
                    if decision.key.period != f"w{crew.week_of(crew.day - 1)}":
                        continue
                    if decision.key.group:
                        note("role_week_mean", decision)
                    elif decision.key.metric is Metric.MEAN:
                        note("week_mean", decision)
                    else:
                        note("week_distribution", decision)
    shares = {
        kind: round(
            tally[(kind, "withheld")] / (tally[(kind, "withheld")] + tally[(kind, "shown")]), 3
        )
        for kind in sorted({k for k, _ in tally})
    }
    return {
        "crews": crews,
        "crew_size": size,
        "days": crews * weeks * 5,
        "mean_share_answering": round(statistics.mean(answered), 3),
        "withheld_share": shares,
        "withheld_reasons": dict(reasons.most_common()),
    }


def timing(size: int, channels: int, days: int = 5, views: int = 3) -> dict[str, Any]:
    """Time per gate call for a large crew."""
    rng = random.Random(7)
    crew = Crew()
    seconds: list[float] = []
    decide = crew.gate.decide

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        out = decide(*args, **kwargs)
        seconds.append(time.perf_counter() - start)
        return out

    crew.gate.decide = timed  # type: ignore[method-assign]
    home: dict[str, str] = {}
    for i in range(size):
        channel = f"C{i % channels}"
        home[f"U{i:04d}"] = channel
        crew.join(f"U{i:04d}", channel, f"role{rng.randrange(12)}")
    candidates = 0
    for _ in range(days):
        for person, channel in home.items():
            if rng.random() < 0.8:
                crew.answer(person, channel, rng.choice((2, 3, 3, 4, 4, 4, 5, 5)))
        for _ in range(views):
            candidates += len(crew.home()) + len(crew.digest(TEAM, crew.week_of(crew.day)))
        crew.next_day()
    shown = sum(1 for d in crew.shown if d.value is not None)
    return {
        "people": size,
        "channels": channels,
        "calls": len(seconds),
        "figures_per_call": round(candidates / len(seconds), 1),
        "median_ms": round(1000 * statistics.median(seconds), 1),
        "worst_ms": round(1000 * max(seconds), 1),
        "ledger_entries": len(crew.ledger),
        "shown": shown,
    }


def run(quick: bool = False) -> dict[str, Any]:
    """Every measurement, smaller when quick."""
    started = time.perf_counter()
    report = {
        "service_demo_crew_of_6": service(crews=3 if quick else 12, size=6),
        "service_realistic_week": service(crews=1, size=20 if quick else 40, weeks=1),
        "usefulness": usefulness(crews=3 if quick else 12),
        "timing": [
            timing(100 if quick else 500, 1),
            timing(60 if quick else 150, 6, days=1, views=1),
        ],
    }
    report["benchmark_seconds"] = round(time.perf_counter() - started, 1)
    return report


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    print(json.dumps(run(parser.parse_args().quick), indent=2))


if __name__ == "__main__":
    main()

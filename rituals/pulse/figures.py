"""What ``pulse results`` shows about a channel's pulse: today and this week so far.

Counts (prompts sent, answers given) are shown as they stand. The mean and the
distribution of each period are released through the privacy gate (``rituals.figures``),
against everything shown before on every surface: a live figure moves only when the rule
still holds, and until then shows its last release "as of N answers".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial

from rituals.figures.pool import Pool, shown_mean
from rituals.figures.release import Shown, release
from rituals.metrics import guarded_ratio, week_of
from rituals.privacy import Candidate, FigureKey, Metric
from rituals.pulse.config import SCORES
from rituals.schedule import zone
from storage import pulse as store
from storage.metrics import answers_between, roles
from storage.unit import Unit


@dataclass(frozen=True)
class PulseFigures:
    """What may be shown about a period; None means "not enough answers yet"."""

    prompts: int
    answers: int | None
    response_rate: float | None
    mean: float | None
    distribution: dict[int, int | None]
    note: str | None = None  # why the mean is withheld, or that it is as of earlier answers

    @property
    def sent(self) -> bool:
        """Whether any prompt went out in the period."""
        return self.prompts > 0


def _figures(
    shown: Shown, pool: Pool, *, scope: str, period: str, counts: store.PulseCounts, k: int
) -> PulseFigures:
    mean_key = FigureKey(scope, period, Metric.MEAN)
    dist = shown.value(FigureKey(scope, period, Metric.DISTRIBUTION))
    answers = len(pool.over(scope, period))
    return PulseFigures(
        prompts=counts.prompts,
        answers=answers,
        response_rate=guarded_ratio(answers, counts.prompts, people=counts.prompted, min_group=k),
        mean=shown_mean(shown.value(mean_key)),
        distribution={
            s: None if dist is None or dist.buckets is None else dist.buckets[s - 1] for s in SCORES
        },
        note=shown.reason(mean_key),
    )


def channel_results(
    unit: Unit,
    *,
    team_id: str,
    channel_id: str,
    tz: str,
    now: datetime,
    min_group: int,
    bounds: tuple[tuple[datetime, datetime], tuple[datetime, datetime]],
) -> tuple[PulseFigures, PulseFigures]:
    """Today's and this week's figures for a channel (``bounds``: the day's, the week's)."""
    (day_start, day_end), (week_start, week_end) = bounds
    today = now.astimezone(zone(tz)).date()
    day, week = today.isoformat(), str(week_of(today))
    rows = answers_between(
        unit, team_id=team_id, start=week_start, end=week_end, channel_id=channel_id
    )
    held, _ = roles(unit, team_id=team_id)
    pool = Pool(rows, held, tz)
    wanted: list[Candidate] = [
        pool.candidate(channel_id, period, metric, closed=False)
        for period in (day, week)
        for metric in (Metric.MEAN, Metric.DISTRIBUTION)
    ]
    shown = release(unit, team_id=team_id, candidates=wanted, min_group=min_group, now=now)
    counts = partial(store.period_counts, unit, team_id=team_id, channel_id=channel_id)
    day_counts = counts(start=day_start, end=day_end)
    week_counts = counts(start=week_start, end=week_end)
    return (
        _figures(shown, pool, scope=channel_id, period=day, counts=day_counts, k=min_group),
        _figures(shown, pool, scope=channel_id, period=week, counts=week_counts, k=min_group),
    )

"""What may be shown about a period's answers: counts in, figures safe to show out."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations_with_replacement, permutations

from rituals.pulse.config import SCORES, SEARCH_BUDGET
from storage.pulse import PulseCounts, ScoreCount


@dataclass(frozen=True)
class PulseFigures:
    """What may be shown about a period; None means "not enough answers"."""

    prompts: int
    answers: int | None
    response_rate: float | None
    mean: float | None
    distribution: dict[int, int | None]

    @property
    def sent(self) -> bool:
        """Whether any prompt went out in the period."""
        return self.prompts > 0


def round_mean(score_sum: int, answers: int) -> float:
    """The mean as shown: one decimal, halves rounded up, computed exactly."""
    tenths = math.floor(Fraction(score_sum, answers) * 10 + Fraction(1, 2))
    return tenths / 10


def summarize(
    counts: PulseCounts, *, min_group: int, remainder: PulseCounts | None = None
) -> PulseFigures:
    """The figures of a period that are safe to show to a manager.

    ``remainder`` counts the part of this period outside another period shown beside
    it (the earlier days of a week shown next to today). A figure is hidden when
    subtracting the other period's would give a figure about fewer than ``min_group``
    people for that part.
    """
    k = max(3, min_group)
    rest = remainder or PulseCounts()

    def few(people: int) -> bool:
        return 0 < people < k

    enough_prompted = counts.prompted >= k and not few(rest.prompted)
    enough_answers = counts.responders >= k and counts.answers > 0
    mean = None
    if enough_answers and not few(rest.responders):
        mean = round_mean(counts.score_sum, counts.answers)
    if enough_answers:
        answers = {s: counts.by_score.get(s, ScoreCount()) for s in SCORES}
        forced = {s for s, c in rest.by_score.items() if few(c.people)}
        hidden = hide_buckets(
            answers, total=counts.answers, mean=mean, min_group=k, also_hide=forced
        )
        distribution: dict[int, int | None] = {
            s: None if s in hidden else answers[s].answers for s in SCORES
        }
    else:
        distribution = dict.fromkeys(SCORES)
    rate = counts.answers / counts.prompts if enough_prompted and counts.prompts else None
    return PulseFigures(
        prompts=counts.prompts,
        answers=counts.answers if enough_prompted else None,
        response_rate=None if rate is None else min(rate, 1.0),
        mean=mean,
        distribution=distribution,
    )


def hide_buckets(
    buckets: Mapping[int, ScoreCount],
    *,
    total: int,
    mean: float | None,
    min_group: int,
    also_hide: Iterable[int] = (),
) -> set[int]:
    """Scores whose counts must be hidden: small groups (and ``also_hide``), then the next
    smallest until no hidden count can be worked out."""
    hidden = {s for s, c in buckets.items() if 0 < c.people < min_group}
    hidden |= set(also_hide) & set(buckets)
    while hidden and not _safe(buckets, hidden, total=total, mean=mean):
        shown = [s for s in buckets if s not in hidden]
        if not shown:
            break
        hidden.add(min(shown, key=lambda s: (buckets[s].answers, s)))
    return hidden


def _safe(
    buckets: Mapping[int, ScoreCount], hidden: set[int], *, total: int, mean: float | None
) -> bool:
    """True when every hidden count could take at least two values, given what is shown."""
    if len(hidden) < 2:
        return False
    shown = {s: c.answers for s, c in buckets.items() if s not in hidden}
    targets = _hidden_targets(shown, total=total, mean=mean)
    truth = {s: buckets[s].answers for s in hidden}
    if _ambiguous_nearby(truth, targets):
        return True
    values = possible_hidden_values(
        hidden=sorted(hidden), shown=shown, total=total, mean=mean, stop_at=2
    )
    return values is not None and all(len(v) >= 2 for v in values.values())


def _hidden_targets(shown: Mapping[int, int], *, total: int, mean: float | None) -> set[int] | None:
    """The weighted sums the hidden counts may have given the rounded mean (None: any)."""
    if mean is None or total <= 0:
        return None
    known = sum(score * count for score, count in shown.items())
    low = math.floor(total * (mean - 0.05)) - 1
    high = math.ceil(total * (mean + 0.05)) + 1
    return {
        w - known
        for w in range(max(low, 0), high + 1)
        if round_mean(w, total) == mean and w >= known
    }


def _ambiguous_nearby(truth: Mapping[int, int], targets: set[int] | None) -> bool:
    """Whether moving up to three answers between hidden scores changes every hidden count
    while staying consistent with everything shown — the quick proof that none is recoverable."""
    scores = sorted(truth)
    weighted = sum(score * count for score, count in truth.items())
    transfers = list(permutations(scores, 2))
    changed: set[int] = set()
    for size in (1, 2, 3):
        for moves in combinations_with_replacement(transfers, size):
            delta = dict.fromkeys(scores, 0)
            for source, target in moves:
                delta[source] -= 1
                delta[target] += 1
            if all(d == 0 for d in delta.values()) or any(
                truth[s] + d < 0 for s, d in delta.items()
            ):
                continue
            moved = weighted + sum(score * d for score, d in delta.items())
            if targets is None or moved in targets:
                changed |= {score for score, d in delta.items() if d}
        if changed >= set(scores):
            return True
    return False


def possible_hidden_values(
    *,
    hidden: list[int],
    shown: Mapping[int, int],
    total: int,
    mean: float | None,
    stop_at: int | None = None,
) -> dict[int, set[int]] | None:
    """Every value each hidden count could have, given the shown counts, total and mean.

    With ``stop_at`` the search ends once each hidden count has that many values.
    None when the search would be too long to finish (callers then hide more).
    """
    rest = total - sum(shown.values())
    targets = _hidden_targets(shown, total=total, mean=mean)
    found: dict[int, set[int]] = {s: set() for s in hidden}
    budget = [SEARCH_BUDGET]
    for solution in _solutions(hidden, rest, targets, budget):
        for score, count in zip(hidden, solution, strict=True):
            found[score].add(count)
        if stop_at is not None and all(len(v) >= stop_at for v in found.values()):
            return found
    return None if budget[0] <= 0 else found


def _solutions(
    scores: list[int], units: int, targets: set[int] | None, budget: list[int]
) -> Iterator[tuple[int, ...]]:
    """Non-negative counts for ``scores`` summing to ``units`` whose weighted sum is a target."""
    if units < 0:
        return
    lo_target = min(targets) if targets else 0
    hi_target = max(targets) if targets else 0

    def walk(index: int, left: int, weighted: int) -> Iterator[tuple[int, ...]]:
        budget[0] -= 1
        if budget[0] <= 0:
            return
        if index == len(scores) - 1:
            final = weighted + scores[index] * left
            if targets is None or final in targets:
                yield (left,)
            return
        remaining = scores[index + 1 :]
        for count in range(left + 1):
            now = weighted + scores[index] * count
            rest = left - count
            if targets is not None and (
                now + rest * min(remaining) > hi_target or now + rest * max(remaining) < lo_target
            ):
                continue
            for tail in walk(index + 1, rest, now):
                yield (count, *tail)
            if budget[0] <= 0:
                return

    if targets is not None and not targets:
        return
    yield from walk(0, units, 0)

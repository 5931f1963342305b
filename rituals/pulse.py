"""The daily pulse: one question, five answers, results nobody can trace back to a person.

Rules:
- Each eligible member gets the question in a DM with five answers (1–5) and
  an optional private note. A later answer replaces the earlier one; answers
  after the answer window still count for the day of the prompt.
- The answer window (``window_hours``, default 4) bounds the reminder, which
  goes at ``reminder_at`` of the window (default 0.75) and only to members who
  have not answered. ``reminder_at`` 0 means no reminder.
- With ``local_time`` the prompt goes at the ritual's wall-clock time in each
  member's own zone: the first such moment at or after the ritual fires, so
  within the next 24 hours.
- Results never show anything about fewer than ``min_group`` people: a rate
  over fewer prompted people, a mean over fewer responders, or a distribution
  bucket answered by fewer people is "not enough answers". When buckets are
  hidden, more are hidden (smallest first) until every hidden count could
  still have at least two values given everything shown — the total, the other
  buckets and the rounded mean — so nothing is worked out by subtraction.
- Two overlapping periods shown side by side (today, and the week so far) must
  not give away their difference: a week figure is hidden when the earlier days
  alone would be a figure about fewer than ``min_group`` people.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction
from itertools import combinations_with_replacement, permutations
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rituals.errors import UsageError

SCORES = (1, 2, 3, 4, 5)
DEFAULT_QUESTION = "How are you feeling about work today?"
DEFAULT_WINDOW_HOURS = 4.0
DEFAULT_REMINDER_AT = 0.75
MAX_WINDOW_HOURS = 24.0
MAX_QUESTION = 300
MAX_NOTE = 2000
SEARCH_BUDGET = 20_000


# configuration ---------------------------------------------------------------


@dataclass(frozen=True)
class PulseConfig:
    """How one pulse ritual asks: the question, the answer window, reminder and delivery time."""

    question: str = DEFAULT_QUESTION
    window_hours: float = DEFAULT_WINDOW_HOURS
    reminder_at: float = DEFAULT_REMINDER_AT
    local_time: bool = False

    @classmethod
    def from_config(cls, config: Mapping[str, Any] | None) -> PulseConfig:
        """Read an occurrence's stored config; missing or unusable values take the defaults."""
        config = config or {}
        question = str(config.get("question") or "").strip() or DEFAULT_QUESTION
        window = _number(config.get("window_hours"), DEFAULT_WINDOW_HOURS)
        if not 0 < window <= MAX_WINDOW_HOURS:
            window = DEFAULT_WINDOW_HOURS
        reminder = _number(config.get("reminder_at"), DEFAULT_REMINDER_AT)
        if not 0 <= reminder < 1:
            reminder = DEFAULT_REMINDER_AT
        return cls(question[:MAX_QUESTION], window, reminder, bool(config.get("local_time")))

    def as_config(self) -> dict[str, Any]:
        """The JSON stored on rituals and occurrences."""
        return {
            "question": self.question,
            "window_hours": self.window_hours,
            "reminder_at": self.reminder_at,
            "local_time": self.local_time,
        }

    @property
    def window(self) -> timedelta:
        """The answer window."""
        return timedelta(hours=self.window_hours)

    def reminder_after(self) -> timedelta | None:
        """How long after the prompt the reminder goes, or None when there is none."""
        if self.reminder_at <= 0:
            return None
        return self.window * self.reminder_at


def _number(value: Any, default: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    return float(value) if math.isfinite(value) else default


def check_question(words: str) -> str:
    """The question as typed, or a UsageError when it is too long."""
    question = " ".join(words.split())
    if len(question) > MAX_QUESTION:
        raise UsageError(
            f"That question is {len(question)} characters; keep it under {MAX_QUESTION} "
            "so it reads well on a phone."
        )
    return question


def check_window(window: timedelta) -> float:
    """The answer window in hours, or a UsageError outside 1–24 hours."""
    hours = window.total_seconds() / 3600
    if not 1 <= hours <= MAX_WINDOW_HOURS:
        raise UsageError(
            f"The answer window must be between 1h and {MAX_WINDOW_HOURS:.0f}h, e.g. `window 4h`."
        )
    return hours


def note_problem(text: str | None) -> str | None:
    """Why a note cannot be saved (shown under the field), or None when it is fine."""
    if not text or not text.strip():
        return "Write a few words, or press Cancel — a note is optional."
    if len(text) > MAX_NOTE:
        return f"Notes can be up to {MAX_NOTE:,} characters; this one has {len(text):,}."
    return None


# timing ----------------------------------------------------------------------


def _zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def local_prompt_time(fires_at: datetime, *, team_zone: str, member_zone: str | None) -> datetime:
    """When a member gets a local-time prompt: the ritual's wall-clock time in their zone.

    That is the first such moment at or after ``fires_at`` (so within 24 hours);
    members without a known zone get it when the ritual fires.
    """
    team, member = _zone(team_zone), _zone(member_zone)
    if team is None or member is None:
        return fires_at
    wall: time = fires_at.astimezone(team).time().replace(tzinfo=None)
    first_day = fires_at.astimezone(member).date()
    for day in (first_day, first_day + timedelta(days=1)):
        candidate = datetime.combine(day, wall, tzinfo=member).astimezone(UTC)
        if candidate >= fires_at:
            return candidate
    return fires_at + timedelta(days=1)  # pragma: no cover - the next day always qualifies


def reminder_time(prompt_at: datetime, config: PulseConfig) -> datetime | None:
    """When the reminder goes for a prompt sent at ``prompt_at`` (None: no reminder)."""
    after = config.reminder_after()
    return None if after is None else prompt_at + after


def day_bounds(day: date, tz_name: str) -> tuple[datetime, datetime]:
    """The UTC start and end of a calendar day in a zone."""
    tz = ZoneInfo(tz_name)
    start = datetime.combine(day, time(), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def week_bounds(now: datetime, tz_name: str) -> tuple[datetime, datetime]:
    """The UTC start and end of the Monday-to-Sunday week containing ``now`` in a zone."""
    today = now.astimezone(ZoneInfo(tz_name)).date()
    monday = today - timedelta(days=today.weekday())
    start, _ = day_bounds(monday, tz_name)
    _, end = day_bounds(monday + timedelta(days=6), tz_name)
    return start, end


# results ---------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreCount:
    """How often one score was given, and by how many different people."""

    answers: int = 0
    people: int = 0


@dataclass(frozen=True)
class PulseCounts:
    """Aggregate counts of a period, as the database returns them."""

    prompts: int = 0
    prompted: int = 0
    answers: int = 0
    responders: int = 0
    score_sum: int = 0
    by_score: Mapping[int, ScoreCount] = field(default_factory=dict)


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

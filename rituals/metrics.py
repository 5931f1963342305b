"""Weekly metrics: ISO weeks, rounding, small-group rates, and the cohesion score.

Rules:
- A week is an ISO week (``2026-W48``): Monday 00:00 to the next Monday 00:00
  in the team's time zone. Week 53 exists only in years that have it.
- Counts (prompts, answers, pairs, reactions …) are always shown. Figures about
  pulse answers (means, distributions, per role) are released only through the
  privacy gate (``rituals.figures``). Rates and shares of behaviour (response
  rate, shadowing completion, cross-role share) are ``None`` when fewer than
  ``min_group`` people (``GREENROOM_MIN_GROUP``, never below 3) stand behind them.

Cohesion score (0–100)::

    score = 100 · Σ wᵢ·cᵢ / Σ wᵢ   over the components cᵢ that can be measured,
            rounded half up to a whole number

    component            cᵢ (0…1)                                   wᵢ
    pulse mood           (pulse mean − 1) / 4                        0.30
    cross-role contact   min(1, cross-role share / 0.5)              0.25
    participation        pulse response rate                         0.20
    shadowing            share of the week's pairs that met          0.15
    follow-through       action items done / (done + still open)     0.10

A component is left out when it cannot be measured (nothing happened, or fewer
than ``min_group`` people); the weights of the rest are scaled up. The score is
``None`` when the measurable components carry less than half of the weight.
Why these weights: how people feel is the most direct signal, so mood weighs
most; contact across departments is what the rituals exist to create, and half
of one's exchanges crossing department lines already counts as full marks
(people still need their own department); participation shows whether the
rituals are alive; shadowing completion and action follow-through show whether
pairings and retros turn into something, and are measured on fewer events, so
they weigh least.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from rituals.errors import UsageError
from rituals.schedule import zone

MIN_GROUP_FLOOR = 3
CROSS_ROLE_TARGET = 0.5
WEIGHTS: dict[str, float] = {
    "pulse_mood": 0.30,
    "cross_role": 0.25,
    "participation": 0.20,
    "shadowing": 0.15,
    "follow_through": 0.10,
}
_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)

K = TypeVar("K")


def effective_min_group(min_group: int) -> int:
    """The group size threshold actually applied: never below 3."""
    return max(MIN_GROUP_FLOOR, int(min_group))


# ISO weeks ------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class IsoWeek:
    """An ISO 8601 week such as 2026-W48."""

    year: int
    week: int

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def monday(self) -> date:
        """The week's first day."""
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        """The week's last day."""
        return self.monday + timedelta(days=6)

    def shift(self, weeks: int) -> IsoWeek:
        """The week ``weeks`` later (negative: earlier)."""
        return week_of(self.monday + timedelta(weeks=weeks))

    def previous(self) -> IsoWeek:
        """The week before."""
        return self.shift(-1)

    def local_bounds(self, tz_name: str) -> tuple[datetime, datetime]:
        """Monday 00:00 and the next Monday 00:00 in ``tz_name`` (aware, local)."""
        tz = zone(tz_name)
        start = datetime.combine(self.monday, time(0), tzinfo=tz)
        end = datetime.combine(self.monday + timedelta(days=7), time(0), tzinfo=tz)
        return start, end

    def bounds(self, tz_name: str) -> tuple[datetime, datetime]:
        """The week as a half-open UTC interval [start, end)."""
        start, end = self.local_bounds(tz_name)
        return start.astimezone(UTC), end.astimezone(UTC)

    def label(self) -> str:
        """``2026-W48 (23–29 Nov 2026)``."""
        first, last = self.monday, self.sunday
        if first.month == last.month:
            span = f"{first.day}–{last.day} {last:%b %Y}"
        elif first.year == last.year:
            span = f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
        else:
            span = f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"
        return f"{self} ({span})"


def weeks_in_year(year: int) -> int:
    """52 or 53: 28 December always lies in the year's last ISO week."""
    return date(year, 12, 28).isocalendar().week


def week_of(day: date) -> IsoWeek:
    """The ISO week containing ``day``."""
    iso = day.isocalendar()
    return IsoWeek(iso.year, iso.week)


def parse_week(text: str) -> IsoWeek:
    """``2026-W48`` → IsoWeek; UsageError saying what is wrong otherwise."""
    raw = (text or "").strip()
    match = _WEEK.match(raw)
    if match is None:
        raise UsageError(
            f"`{raw}` is not an ISO week. Write the year, `-W` and the week number, "
            "e.g. `2026-W48`."
        )
    year, week = int(match.group(1)), int(match.group(2))
    if year < 1:
        raise UsageError(f"`{raw}`: the year must be 0001 or later.")
    last = weeks_in_year(year)
    if not 1 <= week <= last:
        extra = "" if last == 53 else f" ({year} has no week 53)"
        raise UsageError(f"`{raw}`: weeks of {year} run from W01 to W{last}{extra}.")
    return IsoWeek(year, week)


def last_complete_week(now: datetime, tz_name: str) -> IsoWeek:
    """The most recent ISO week that has fully ended at ``now`` in ``tz_name``."""
    today = now.astimezone(zone(tz_name)).date()
    return week_of(today).previous()


# small arithmetic -------------------------------------------------------------


def half_up(value: float | Decimal, digits: int = 0) -> float:
    """``value`` rounded half away from zero (3.25 → 3.3), as people round."""
    exact = value if isinstance(value, Decimal) else Decimal(repr(value))
    return float(exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def ratio(part: int, whole: int, *, digits: int = 3) -> float | None:
    """part / whole rounded half up, capped at 1; None when whole is 0."""
    if not whole:
        return None
    return half_up(min(Decimal(1), Decimal(part) / Decimal(whole)), digits)


def mean(total: int, count: int, *, digits: int = 1) -> float | None:
    """total / count rounded half up; None when count is 0."""
    if not count:
        return None
    return half_up(Decimal(total) / Decimal(count), digits)


def follow_through(open_items: int, done_items: int) -> float | None:
    """Share of action items done this week among those done or still open."""
    return ratio(done_items, open_items + done_items)


def guarded_ratio(
    part: int, whole: int, *, people: int, min_group: int, digits: int = 3
) -> float | None:
    """``ratio`` when at least ``min_group`` people stand behind it, else None."""
    if people < effective_min_group(min_group):
        return None
    return ratio(part, whole, digits=digits)


# cohesion score ----------------------------------------------------------------


def cohesion_components(
    *,
    pulse_mean: float | None,
    response_rate: float | None,
    cross_role_share: float | None,
    completion_rate: float | None,
    action_follow_through: float | None,
) -> dict[str, float | None]:
    """Each component of the score on 0…1 (None when it cannot be measured)."""

    def clamp(value: float | None) -> float | None:
        return None if value is None else half_up(max(0.0, min(1.0, value)), 3)

    return {
        "pulse_mood": clamp(None if pulse_mean is None else (pulse_mean - 1) / 4),
        "cross_role": clamp(
            None if cross_role_share is None else cross_role_share / CROSS_ROLE_TARGET
        ),
        "participation": clamp(response_rate),
        "shadowing": clamp(completion_rate),
        "follow_through": clamp(action_follow_through),
    }


def score_from_components(components: Mapping[str, float | None]) -> int | None:
    """The weighted score 0–100 of measured components (None below half the weight)."""
    measured = {name: value for name, value in components.items() if value is not None}
    weight = sum(WEIGHTS[name] for name in measured)
    if weight < 0.5 - 1e-9:
        return None
    total = sum(WEIGHTS[name] * value for name, value in measured.items())
    # round away float noise first, so that 68.5 is not 68.49999999999999
    return int(half_up(round(100 * total / weight, 6)))


def cohesion_score(
    *,
    pulse_mean: float | None,
    response_rate: float | None,
    cross_role_share: float | None,
    completion_rate: float | None,
    action_follow_through: float | None,
) -> int | None:
    """The cohesion score 0–100 (formula in the module docstring); None when unmeasurable."""
    return score_from_components(
        cohesion_components(
            pulse_mean=pulse_mean,
            response_rate=response_rate,
            cross_role_share=cross_role_share,
            completion_rate=completion_rate,
            action_follow_through=action_follow_through,
        )
    )

"""The answers a surface's figures are over, and the candidates it asks the gate about.

An answer belongs to the day (and ISO week) it was first given in the team's zone, to
the channel whose pulse asked it, and to its answerer's role *now* (only figures of open
periods follow role moves: closed ones are final once shown).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction

from rituals.metrics import IsoWeek, week_of
from rituals.privacy import Answer, Candidate, FigureKey, Metric, Value
from rituals.schedule import zone
from storage.metrics import UNASSIGNED, AnswerRow

TEAM = "team"


def round_mean(total: int, count: int) -> float:
    """The mean as shown: one decimal, halves rounded up, computed exactly."""
    return math.floor(Fraction(total, count) * 10 + Fraction(1, 2)) / 10


def shown_mean(value: Value | None) -> float | None:
    """A released value's mean as shown; None when withheld or empty."""
    return None if value is None or not value.count else round_mean(value.total, value.count)


def closed_day(day: date, now: datetime, tz: str) -> bool:
    """A day is closed once it is over in the team's zone."""
    return now.astimezone(zone(tz)).date() > day


def closed_week(week: IsoWeek, now: datetime, tz: str) -> bool:
    """A week is closed once its last day is over in the team's zone."""
    return now >= week.bounds(tz)[1]


@dataclass(frozen=True)
class _Placed:
    answer: Answer
    day: str
    week: str
    channel: str | None
    user: str


@dataclass
class Pool:
    """Answers placed by day, week, channel and role."""

    rows: Iterable[AnswerRow]
    roles: Mapping[str, str]
    tz: str
    placed: list[_Placed] = field(init=False)

    def __post_init__(self) -> None:
        tz = zone(self.tz)
        self.placed = []
        for row in self.rows:
            day = row.answered_at.astimezone(tz).date()
            answer = Answer(row.key, row.user_id, int(row.score))
            self.placed.append(
                _Placed(answer, day.isoformat(), str(week_of(day)), row.channel_id, row.user_id)
            )

    def over(self, scope: str, period: str, group: str = "") -> frozenset[Answer]:
        """The answers of a scope (``team`` or a channel id), period and role (``""``: all)."""
        weekly = "W" in period
        return frozenset(
            p.answer
            for p in self.placed
            if (p.week if weekly else p.day) == period
            and (scope == TEAM or p.channel == scope)
            and (not group or self.roles.get(p.user, UNASSIGNED) == group)
        )

    def candidate(
        self, scope: str, period: str, metric: Metric, *, group: str = "", closed: bool
    ) -> Candidate:
        """One figure as a surface would ask for it."""
        return Candidate(
            FigureKey(scope, period, metric, group), self.over(scope, period, group), closed
        )

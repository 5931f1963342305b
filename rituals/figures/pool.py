"""The answers a surface's figures are over, and the candidates it asks the gate about.

An answer belongs to the day (and ISO week) it was first given in the team's zone, to
the channel whose pulse asked it, and to its answerer's role *now* (only figures of open
periods follow role moves: closed ones are final once shown).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
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


class Pool:
    """Answers placed by day, week, channel and role, indexed by period once.

    ``fetch`` (optional) loads a week's answers the first time one of its periods is asked
    for (the rows given up front must then be of other weeks); ``people`` (optional) says
    who answered in a week that is not loaded, without loading its answers.
    """

    def __init__(
        self,
        rows: Iterable[AnswerRow],
        roles: Mapping[str, str],
        tz: str,
        *,
        fetch: Callable[[str], Iterable[AnswerRow]] | None = None,
        people: Callable[[str], set[str]] | None = None,
    ) -> None:
        self.roles = roles
        self.tz = tz
        self._fetch = fetch
        self._people = people
        self._loaded: set[str] = set()
        self._placed: dict[str, list[tuple[Answer, str | None]]] = {}
        self._over: dict[tuple[str, str, str], frozenset[Answer]] = {}
        self._asked: dict[str, set[str]] = {}
        self._place(rows)

    def _place(self, rows: Iterable[AnswerRow]) -> None:
        tz = zone(self.tz)
        lists: dict[date, tuple[list[tuple[Answer, str | None]], ...]] = {}
        for row in rows:
            day = row.answered_at.astimezone(tz).date()
            into = lists.get(day)
            if into is None:
                week = str(week_of(day))
                self._loaded.add(week)
                into = lists[day] = (
                    self._placed.setdefault(day.isoformat(), []),
                    self._placed.setdefault(week, []),
                )
            placed = (Answer(row.key, row.user_id, int(row.score)), row.channel_id)
            into[0].append(placed)
            into[1].append(placed)

    def _load(self, period: str) -> None:
        week = period if "W" in period else str(week_of(date.fromisoformat(period)))
        if self._fetch is not None and week not in self._loaded:
            self._loaded.add(week)
            self._over.clear()
            self._place(self._fetch(week))

    def over(self, scope: str, period: str, group: str = "") -> frozenset[Answer]:
        """The answers of a scope (``team`` or a channel id), period and role (``""``: all)."""
        self._load(period)
        found = self._over.get((scope, period, group))
        if found is None and group:  # the scope's answers split by role, all roles at once
            roles: dict[str, list[Answer]] = {}
            for answer in self.over(scope, period):
                roles.setdefault(self.roles.get(answer.person, UNASSIGNED), []).append(answer)
            for role, answers in roles.items():
                self._over[(scope, period, role)] = frozenset(answers)
            found = self._over.setdefault((scope, period, group), frozenset())
        elif found is None:
            found = self._over[(scope, period, group)] = frozenset(
                answer
                for answer, channel in self._placed.get(period, ())
                if scope == TEAM or channel == scope
            )
        return found

    def people(self, scope: str, week: str) -> set[str]:
        """Who answered in a scope and week (asked of ``people`` while the week is not loaded:
        that callable must then be for this scope)."""
        if self._people is not None and self._fetch is not None and week not in self._loaded:
            if week not in self._asked:
                self._asked[week] = self._people(week)
            return self._asked[week]
        return {a.person for a in self.over(scope, week)}

    def candidate(
        self, scope: str, period: str, metric: Metric, *, group: str = "", closed: bool
    ) -> Candidate:
        """One figure as a surface would ask for it."""
        return Candidate(
            FigureKey(scope, period, metric, group), self.over(scope, period, group), closed
        )

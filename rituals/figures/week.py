"""A week's figures as the export schema has them, pulse figures released through the gate.

The digest, ``greenroom export``, ``greenroom digest preview`` and App Home all read a week
here. One call asks the gate, in order of importance, for: the week's mean and
distribution, the previous week's mean, the trend's earlier weeks' means, then each
role's mean (roles last: they are the smallest groups, the first a crew gives up).
Weeks already settled in the ledger are read from it (``release_keys``): answers are read
a week at a time, only for the weeks the gate still decides.
Counts (prompts, answers, pairs, reactions …) come from ``storage.metrics``; a figure the
gate withholds is ``None`` in the dict, with its reason under ``pulse.withheld``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rituals.figures.collector import paused
from rituals.figures.pool import TEAM, Pool, closed_week
from rituals.figures.release import Shown, release_keys
from rituals.figures.sections import pulse_section, trend_point, week_dict
from rituals.metrics import IsoWeek, effective_min_group, parse_week
from rituals.privacy import FigureKey, Metric
from storage import metrics as store
from storage.metrics import UNASSIGNED
from storage.unit import Unit


@dataclass(frozen=True)
class WeekReport:
    """A week in the export schema, optionally the week before, and the trend (oldest first)."""

    metrics: dict[str, Any]
    previous: dict[str, Any] | None = None
    points: tuple[dict[str, Any], ...] = ()


def _roles(
    pool: Pool, listed: list[str], week: str, scope: str, members: frozenset[str] | None
) -> list[str]:
    """The roles a report lists: every role of the team, or of a crew's members now, and
    the roles of those who answered."""
    answering = {pool.roles.get(person, UNASSIGNED) for person in pool.people(scope, week)}
    if members is not None:
        listed = [pool.roles[m] for m in members if m in pool.roles]
    names = set(listed) | answering
    return sorted(names, key=lambda name: (name == UNASSIGNED, name))


def _pool(
    unit: Unit, held: dict[str, str], *, team_id: str, tz: str, channel_id: str | None
) -> Pool:
    """The scope's answers, a week at a time: only weeks whose figures the gate must decide
    (or whose withheld figures need a count) are read answer by answer."""

    def bounds(week: str) -> dict[str, Any]:
        start, end = parse_week(week).bounds(tz)
        return {"team_id": team_id, "start": start, "end": end, "channel_id": channel_id}

    return Pool(
        (),
        held,
        tz,
        fetch=lambda week: store.answers_between(unit, **bounds(week)),
        people=lambda week: store.answerers(unit, **bounds(week)),
    )


@paused  # until its answers are gone
def week_report(
    unit: Unit,
    *,
    team_id: str,
    week: IsoWeek,
    tz: str,
    min_group: int,
    now: datetime,
    channel_id: str | None = None,
    trend_weeks: int = 0,
    previous: bool = False,
    detail: bool = True,
    by_role: bool = True,
    members: frozenset[str] | None = None,
) -> WeekReport:
    """The week (and with ``previous`` the week before, with ``trend_weeks`` the trend);
    ``detail`` asks for the distribution as well as the mean, ``by_role`` (with ``detail``)
    each role's mean; ``members`` (a channel's crew) limits the roles listed to theirs."""
    k = effective_min_group(min_group)
    scope = channel_id or TEAM
    weeks = [week.shift(-i) for i in range(max(2, trend_weeks))]  # newest first
    end = week.bounds(tz)[1]  # of the trend's intervals
    held, listed = store.roles(unit, team_id=team_id)
    pool = _pool(unit, held, team_id=team_id, tz=tz, channel_id=channel_id)
    this = str(week)
    closed = {str(w): closed_week(w, now, tz) for w in weeks}
    wanted = [(FigureKey(scope, this, Metric.MEAN), closed[this])]
    if detail:
        wanted.append((FigureKey(scope, this, Metric.DISTRIBUTION), closed[this]))
    wanted += [(FigureKey(scope, str(w), Metric.MEAN), closed[str(w)]) for w in weeks[1:]]
    roles = _roles(pool, listed, this, scope, members) if detail and by_role else []
    wanted += [(FigureKey(scope, this, Metric.MEAN, r), closed[this]) for r in roles]

    def empty(key: FigureKey) -> bool:  # nobody (of the role) answered in the figure's week
        people = pool.people(key.scope, key.period)
        return (
            not any(pool.roles.get(p, UNASSIGNED) == key.group for p in people)
            if key.group
            else not people
        )

    shown: Shown = release_keys(
        unit,
        team_id=team_id,
        wanted=wanted,
        build=lambda key, shut: pool.candidate(
            key.scope, key.period, key.metric, group=key.group, closed=shut
        ),
        min_group=k,
        now=now,
        empty=empty,
    )

    series_weeks = list(reversed(weeks[:trend_weeks]))
    found: dict[IsoWeek, store.SeriesPoint] = {}
    if trend_weeks:
        bounds = [w.bounds(tz)[0] for w in series_weeks] + [end]
        found = dict(
            zip(
                series_weeks,
                store.series(unit, team_id=team_id, bounds=bounds, channel_id=channel_id),
                strict=True,
            )
        )

    def counts(w: IsoWeek) -> store.WeekCounts:
        lo, hi = w.bounds(tz)
        return store.week_counts(
            unit, team_id=team_id, start=lo, end=hi, channel_id=channel_id, counted=found.get(w)
        )

    def section(w: IsoWeek, with_roles: list[str]) -> dict[str, Any]:
        return pulse_section(
            shown, pool, scope=scope, week=str(w), previous=str(w.previous()), roles=with_roles, k=k
        )

    now_counts = counts(week)
    metrics = week_dict(team_id, channel_id, week, tz, now_counts, section(week, roles), k)
    earlier = None
    if previous:
        earlier = week_dict(
            team_id, channel_id, weeks[1], tz, counts(weeks[1]), section(weeks[1], []), k
        )
    points = tuple(trend_point(w, found[w], shown, pool, scope=scope, k=k) for w in series_weeks)
    return WeekReport(metrics, earlier, points)

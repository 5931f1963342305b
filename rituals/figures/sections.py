"""The export schema's objects, built from the gate's decisions and the week's counts."""

from __future__ import annotations

from typing import Any

from rituals.figures.pool import Pool, shown_mean
from rituals.figures.release import Shown
from rituals.metrics import (
    IsoWeek,
    cohesion_components,
    follow_through,
    guarded_ratio,
    score_from_components,
)
from rituals.privacy import FigureKey, Metric
from rituals.privacy.figures import SCORES
from rituals.privacy.gate import REASON_NONE
from storage.metrics import SeriesPoint, WeekCounts

NOT_ASKED = "not part of this report"


def _count(shown: Shown, key: FigureKey, pool: Pool) -> int:
    """How many answers a figure is over: as released when it was, else as it stands (none
    when the gate found none: a settled week's answers are not read)."""
    value = shown.value(key)
    if value is not None:
        return value.count
    if shown.reason(key) == REASON_NONE:
        return 0
    return len(pool.over(key.scope, key.period, key.group))


def pulse_section(
    shown: Shown,
    pool: Pool,
    *,
    scope: str,
    week: str,
    previous: str,
    roles: list[str],
    k: int,
    prompted: int = 0,
    prompted_people: int = 0,
) -> dict[str, Any]:
    """The ``pulse`` object (prompts filled in by ``week_dict``)."""
    mean_key = FigureKey(scope, week, Metric.MEAN)
    dist_key = FigureKey(scope, week, Metric.DISTRIBUTION)
    previous_key = FigureKey(scope, previous, Metric.MEAN)
    dist = shown.value(dist_key)
    withheld: dict[str, str] = {}
    for name, key in (("mean", mean_key), ("distribution", dist_key)):
        if key in shown.decisions and shown.reason(key):
            withheld[name] = str(shown.reason(key))
    by_role: dict[str, dict[str, Any]] = {}
    for role in roles:
        key = FigureKey(scope, week, Metric.MEAN, role)
        by_role[role] = {
            "responses": _count(shown, key, pool),
            "mean": shown_mean(shown.value(key)),
        }
        if shown.reason(key):
            withheld[f"by_role.{role}"] = str(shown.reason(key))
    return {
        "prompted": prompted,
        "responses": _count(shown, mean_key, pool),
        "response_rate": None,
        "mean": shown_mean(shown.value(mean_key)),
        "previous_mean": shown_mean(shown.value(previous_key)),
        "distribution": {
            str(s): None if dist is None or dist.buckets is None else dist.buckets[s - 1]
            for s in SCORES
        },
        "by_role": by_role,
        "respondents": len(pool.people(scope, week)),
        "withheld": withheld,
    }


def week_dict(
    team_id: str,
    channel_id: str | None,
    week: IsoWeek,
    tz: str,
    counts: WeekCounts,
    pulse: dict[str, Any],
    k: int,
) -> dict[str, Any]:
    """One week in the export schema."""
    local_start, local_end = week.local_bounds(tz)
    pulse = {
        **pulse,
        "prompted": counts.prompted,
        "response_rate": guarded_ratio(
            pulse["responses"], counts.prompted, people=counts.prompted_people, min_group=k
        ),
    }
    pairs = counts.shadowing
    shadowing = {
        "pairs": pairs.pairs,
        "cross_role_pairs": pairs.cross_role_pairs,
        "met": pairs.met,
        "completion_rate": guarded_ratio(pairs.met, pairs.pairs, people=pairs.people, min_group=k),
    }
    retros = counts.retros
    talk = counts.talk
    interactions = {
        "reactions": counts.reactions,
        "replies": counts.replies,
        "cross_role_share": guarded_ratio(talk.cross, talk.known, people=talk.actors, min_group=k),
    }
    components = cohesion_components(
        pulse_mean=pulse["mean"],
        response_rate=pulse["response_rate"],
        cross_role_share=interactions["cross_role_share"],
        completion_rate=shadowing["completion_rate"],
        action_follow_through=follow_through(retros.action_items_open, retros.action_items_done),
    )
    return {
        "team_id": team_id,
        "channel_id": channel_id,
        "week": str(week),
        "period": {"start": local_start.isoformat(), "end": local_end.isoformat(), "tz": tz},
        "members": counts.members,
        "pulse": pulse,
        "shadowing": shadowing,
        "retros": {
            "held": retros.held,
            "cards": retros.cards,
            "action_items_open": retros.action_items_open,
            "action_items_done": retros.action_items_done,
        },
        "interactions": interactions,
        "cohesion_score": score_from_components(components),
        "cohesion_components": components,
        "min_group": k,
    }


def trend_point(
    week: IsoWeek, point: SeriesPoint, shown: Shown, pool: Pool, *, scope: str, k: int
) -> dict[str, Any]:
    """One week of the trend chart: the gated mean, how many answered (counts are public),
    the response rate and the cross-role share."""
    key = FigureKey(scope, str(week), Metric.MEAN)
    talk = point.talk
    return {
        "week": str(week),
        "start": week.monday.isoformat(),
        "pulse_mean": shown_mean(shown.value(key)),
        "responses": _count(shown, key, pool),
        "response_rate": guarded_ratio(
            _count(shown, key, pool), point.prompts, people=point.prompted_people, min_group=k
        ),
        "cross_role_share": guarded_ratio(talk.cross, talk.known, people=talk.actors, min_group=k),
    }

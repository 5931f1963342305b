"""The pulse streak: the member's pulse days answered in a row, newest first.

A day is a pulse day when the member was sent a pulse prompt (or answered one) that
day in the team's zone, so weekends and holidays without a pulse do not break it, and
today's prompt not answered yet does not either.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from rituals.schedule import zone
from rituals.services import Services
from storage import home as store

LOOKBACK = timedelta(days=400)


def answer_streak(prompted: Iterable[date], answered: Iterable[date], today: date) -> int:
    """Consecutive pulse days answered, newest first; today's open prompt does not break it."""
    done = set(answered)
    streak = 0
    for day in sorted(set(prompted) | done, reverse=True):
        if day > today:
            continue
        if day in done:
            streak += 1
        elif day != today:
            break
    return streak


def member_streak(svc: Services, team_id: str, user_id: str, *, tz: str, now: datetime) -> int:
    """The member's pulse streak in the team's zone."""
    with svc.db.unit() as unit:
        days = store.pulse_days(unit, team_id=team_id, user_id=user_id, since=now - LOOKBACK)
    local = zone(tz)
    return answer_streak(
        (when.astimezone(local).date() for when in days.prompted),
        (when.astimezone(local).date() for when in days.answered),
        now.astimezone(local).date(),
    )

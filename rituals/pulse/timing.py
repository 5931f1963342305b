"""When prompts and reminders go, and the bounds of a team's day and week."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rituals.pulse.config import PulseConfig


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

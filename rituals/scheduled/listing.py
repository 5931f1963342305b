"""Rituals as listings show them: the schedule in words and where its time is, the next run.

Anyone in a workspace may list its rituals (``/greenroom rituals``); the App Home shows
managers the same list a page at a time. Another workspace's rituals are never listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rituals.actors import Actor, require_manager
from rituals.errors import UsageError
from rituals.schedule import describe, schedule_from_cron
from rituals.services import Services
from rituals.teams import zone_in
from storage import schedules
from storage.schedules import RitualRecord

PAGE_SIZE = 15


@dataclass(frozen=True)
class RitualInfo:
    """One ritual as a listing shows it."""

    id: int
    kind: str
    channel_id: str | None
    cron: str
    tz: str
    words: str  # "weekdays at 09:00, Europe/London"
    paused: bool
    next_run_at: datetime | None
    config: dict[str, Any]

    @property
    def member_local(self) -> bool:
        """Whether it goes at its time in each member's own zone."""
        return bool(self.config.get("local_time"))


@dataclass(frozen=True)
class Listing:
    """The workspace's rituals (one page of them on the App Home), and the team's zone."""

    team_tz: str
    rituals: tuple[RitualInfo, ...]
    page: int = 0
    pages: int = 1
    total: int = 0


def words_of(cron: str, tz: str, *, member_local: bool = False) -> str:
    """A stored schedule in words, with where its time is."""
    try:
        schedule = schedule_from_cron(cron)
    except UsageError:
        return f"cron `{cron}`, {tz}"
    return describe(schedule, tz=tz, member_local=member_local)


def info(record: RitualRecord) -> RitualInfo:
    """A stored ritual as listings show it."""
    local = bool(record.config.get("local_time"))
    return RitualInfo(
        id=record.id,
        kind=record.kind,
        channel_id=record.channel_id,
        cron=record.cron,
        tz=record.tz,
        words=words_of(record.cron, record.tz, member_local=local),
        paused=record.paused,
        next_run_at=record.next_run_at,
        config=record.config,
    )


def rituals(svc: Services, actor: Actor) -> Listing:
    """Every ritual of the workspace, oldest first."""
    with svc.db.unit() as unit:
        found = schedules.of_team(unit, team_id=actor.team_id)
        tz = zone_in(unit, actor.team_id, default=svc.config.default_tz)
    return Listing(tz, tuple(info(r) for r in found), total=len(found))


def page(svc: Services, actor: Actor, *, number: int, size: int = PAGE_SIZE) -> Listing:
    """One page of the workspace's rituals for the App Home (managers); a page past the end
    shows the last one."""
    require_manager(svc, actor, doing="see the crew's rituals")
    with svc.db.unit() as unit:
        total = schedules.count_of_team(unit, team_id=actor.team_id)
        pages = max(1, -(-total // size))
        number = min(max(0, number), pages - 1)
        found = schedules.page_of_team(
            unit, team_id=actor.team_id, offset=number * size, limit=size
        )
        tz = zone_in(unit, actor.team_id, default=svc.config.default_tz)
    return Listing(tz, tuple(info(r) for r in found), number, pages, total)

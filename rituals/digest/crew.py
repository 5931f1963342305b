"""Whose figures a digest reports, and the week it reports.

A digest covers the crew of one channel — the channel it is posted in, or the one its
ritual names (``crew_channel``) — or with ``team`` the whole workspace. A crew's figures
are those of its channel: the answers to that channel's pulse, the roles its members
hold now, its pairings, retros and interactions (``rituals.figures`` scopes them, and
every pulse figure still goes through the gate).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rituals.digest.messages import Crew
from rituals.errors import UsageError
from rituals.metrics import IsoWeek, last_complete_week
from rituals.scheduled.spec import CREW_CHANNEL, WHOLE_TEAM
from rituals.services import Services
from rituals.teams import team_zone
from storage import schedules


def crew_channel_of(config: dict[str, Any], posted_in: str | None) -> str | None:
    """The channel whose crew a digest covers (None: the whole workspace)."""
    if config.get(WHOLE_TEAM):
        return None
    return str(config.get(CREW_CHANNEL) or "") or posted_in


def members_of(svc: Services, team_id: str, channel_id: str) -> frozenset[str]:
    """The channel's members now: people, not bots or deactivated accounts."""
    people = svc.people.people(team_id, svc.people.channel_members(team_id, channel_id))
    return frozenset(uid for uid, p in people.items() if not p.is_bot and not p.deleted)


def _scheduled_kinds(svc: Services, team_id: str, channel_id: str | None) -> frozenset[str]:
    with svc.db.unit() as unit:
        found = schedules.of_team(unit, team_id=team_id)
    return frozenset(
        r.kind for r in found if not r.paused and (channel_id is None or r.channel_id == channel_id)
    )


def crew_for(
    svc: Services, team_id: str, channel_id: str | None
) -> tuple[Crew, frozenset[str] | None]:
    """The crew a digest covers, and its members (None for the whole workspace)."""
    scheduled = _scheduled_kinds(svc, team_id, channel_id)
    if channel_id is None:
        return Crew(None, scheduled=scheduled), None
    if channel_id.startswith("D"):
        raise UsageError("A digest covers a channel's crew: name the channel, e.g. `#crew`.")
    info = svc.people.check_channel(team_id, channel_id)
    members = members_of(svc, team_id, channel_id)
    return Crew(channel_id, info.name, len(members), scheduled), members


def week_for(svc: Services, team_id: str, when: datetime) -> IsoWeek:
    """The last complete week at ``when`` in the team's zone."""
    return last_complete_week(when, team_zone(svc, team_id))

"""Newcomers and direct messages: a welcome to a channel with rituals, help in a DM.

Rules:
- Someone who joins a channel with rituals (scheduled, not paused) gets one short DM:
  what will happen there, and how to pause or opt out. Once per person per channel,
  however often they leave and come back, and never for bots or people opted out.
- A message someone writes to the bot in its DM gets a short help back; the bot's own
  messages and other bots' never do.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from rituals.ports import Message
from rituals.schedule.describe import describe
from rituals.schedule.model import schedule_from_cron
from rituals.services import Services
from storage import members as store
from storage import schedules

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RitualInChannel:
    """A ritual as a newcomer is told about it: its kind and its schedule in words."""

    kind: str
    when: str


@dataclass(frozen=True)
class Welcome(Message):
    """The DM a newcomer to a channel with rituals gets."""

    channel_id: str
    rituals: tuple[RitualInChannel, ...]


@dataclass(frozen=True)
class DirectHelp(Message):
    """The answer to a message written to the bot in its DM."""

    user_id: str


def _when(cron: str, tz: str) -> str:
    try:
        return describe(schedule_from_cron(cron), tz=tz)
    except Exception:  # a schedule stored by an older version: say it as cron
        return f"`{cron}` ({tz})"


def joined(svc: Services, *, team_id: str, channel_id: str, user_id: str) -> bool:
    """Someone joined a channel: welcome them if it has rituals; whether a DM went."""
    with svc.db.unit() as unit:
        rituals = [
            r
            for r in schedules.of_team(unit, team_id=team_id)
            if r.channel_id == channel_id and not r.paused
        ]
    person = svc.people.get(team_id, user_id)
    if not rituals or person is None or person.is_bot or person.deleted or person.opted_out:
        return False
    with svc.db.unit() as unit:
        first = store.welcome_once(
            unit, team_id=team_id, channel_id=channel_id, user_id=user_id, now=svc.clock.now()
        )
    if not first:
        return False
    told = tuple(RitualInChannel(r.kind, _when(r.cron, r.tz)) for r in rituals)
    svc.messenger.post(team_id, user_id, Welcome(channel_id, told))
    logger.info("welcome sent team=%s channel=%s user=%s", team_id, channel_id, user_id)
    return True


def direct_message(svc: Services, *, team_id: str, channel_id: str, user_id: str) -> bool:
    """Someone wrote to the bot in its DM: answer with a short help (not to bots)."""
    person = svc.people.get(team_id, user_id)
    if person is None or person.is_bot:
        return False
    svc.messenger.post(team_id, channel_id, DirectHelp(user_id))
    return True

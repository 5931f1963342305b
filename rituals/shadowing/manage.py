"""What managers do with shadowing: pair a channel now, or on a schedule.

A round pairs the members of one channel (never a DM) who can take part that day
(``rituals.eligibility``); it needs at least two of them. ``shadow pair`` makes the
round before answering, so the manager sees the groups' shape at once; the engine
then sends the intros, the follow-ups and the notes to anyone left without a group.
"""

from __future__ import annotations

import logging

from rituals.actors import Actor, require_manager
from rituals.eligibility import why_left_out
from rituals.engine.queue import enqueue
from rituals.engine.types import OccurrenceInfo
from rituals.errors import Conflict, UsageError
from rituals.scheduled import Scheduled, create
from rituals.services import Services
from rituals.shadowing.messages import LeftOut, RoundReport
from rituals.shadowing.options import KIND, RoundOptions
from rituals.shadowing.rounds import ensure_round
from rituals.teams import local_day
from rituals.words import plural

logger = logging.getLogger(__name__)

PAIR_EXAMPLE = "/greenroom shadow pair #crew"
SCHEDULE_EXAMPLE = '/greenroom shadow schedule "0 10 * * 1" #crew'


def crew_channel(svc: Services, team_id: str, channel_id: str, *, example: str) -> str:
    """``channel_id`` when it is a channel the bot is in; UsageError for a DM."""
    wrong = UsageError(f"Shadowing pairs the members of a channel: name one, e.g. `{example}`.")
    if channel_id.startswith("D"):
        raise wrong
    if svc.people.check_channel(team_id, channel_id).is_direct:
        raise wrong
    return channel_id


def pair_now(svc: Services, actor: Actor, *, channel_id: str, options: RoundOptions) -> RoundReport:
    """Make a round for the channel's members now; what it made. Conflict under two people."""
    require_manager(svc, actor, doing="start a shadowing round")
    channel = crew_channel(svc, actor.team_id, channel_id, example=PAIR_EXAMPLE)
    now = svc.clock.now()
    day = local_day(svc, actor.team_id, now)
    eligible, left = svc.people.eligible(actor.team_id, channel, day)
    left_out = tuple(
        LeftOut(p.display, why_left_out(p, day) or "not available")
        for p in sorted(left, key=lambda p: p.display.lower())
        if not (p.is_bot or p.deleted)
    )
    if len(eligible) < 2:
        names = ", ".join(f"{item.name} ({item.reason})" for item in left_out)
        raise Conflict(
            f"Only {plural(len(eligible), 'member')} of <#{channel}> can be paired right now"
            + (f"; not available: {names}" if names else "")
            + ". Shadowing needs at least two."
        )
    config = options.as_config()
    occurrence_id = enqueue(
        svc,
        team_id=actor.team_id,
        kind=KIND,
        channel_id=channel,
        config=config,
        created_by=actor.user_id,
        when=now,
    )
    occurrence = OccurrenceInfo(
        id=occurrence_id,
        team_id=actor.team_id,
        ritual_id=None,
        kind=KIND,
        channel_id=channel,
        scheduled_for=now,
        config=config,
        created_by=actor.user_id,
    )
    made = ensure_round(svc, occurrence, eligible=eligible)
    logger.info(
        "shadow round occurrence=%s groups=%s unplaced=%s",
        occurrence_id,
        len(made.pairings),
        len(made.unplaced),
    )
    return RoundReport(
        channel_id=channel,
        group_sizes=tuple(sorted(len(p.members) for p in made.pairings)),
        cross_role=sum(1 for p in made.pairings if p.cross_role),
        cross_role_bound=made.cross_role_bound,
        without_role=sum(1 for p in made.pairings for m in p.members if not m.role),
        unplaced=len(made.unplaced),
        left_out=left_out,
        followup=options.followup,
    )


def schedule(
    svc: Services,
    actor: Actor,
    *,
    cron: str,
    channel_id: str,
    options: RoundOptions,
    tz: str | None = None,
) -> Scheduled:
    """Rounds for the channel's members on a schedule."""
    require_manager(svc, actor, doing="schedule shadowing rounds")
    channel = crew_channel(svc, actor.team_id, channel_id, example=SCHEDULE_EXAMPLE)
    return create(
        svc, actor, kind=KIND, cron=cron, channel_id=channel, config=options.as_config(), tz=tz
    )

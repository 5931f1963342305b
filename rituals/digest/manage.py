"""What managers do with the digest: post one now, or put it on a schedule.

A digest is posted in a channel and covers that channel's crew, or with ``whole_team``
the whole workspace; a scheduled one set up in App Home may cover another channel's crew
(``crew_channel`` in its config).
"""

from __future__ import annotations

from rituals.actors import Actor, require_manager
from rituals.channels import shared_channel
from rituals.digest.crew import crew_for, week_for
from rituals.digest.messages import KIND, Posting
from rituals.engine.queue import enqueue
from rituals.scheduled import Scheduled, create
from rituals.scheduled.spec import CREW_CHANNEL, WHOLE_TEAM, KindOptions, Zone, kind_config
from rituals.services import Services

SEND_EXAMPLE = "/greenroom digest send #leads"
SCHEDULE_EXAMPLE = "/greenroom digest schedule mondays 09:00 #leads"
PURPOSE = "The digest goes to a channel the leads read"
DEFAULT_CRON = "0 9 * * 1"  # Monday 09:00


def send_now(svc: Services, actor: Actor, *, channel_id: str, whole_team: bool = False) -> Posting:
    """Post last week's digest to the channel now: its crew's figures, or the workspace's."""
    require_manager(svc, actor, doing="post the digest")
    channel = shared_channel(svc, actor.team_id, channel_id, purpose=PURPOSE, example=SEND_EXAMPLE)
    crew, _ = crew_for(svc, actor.team_id, None if whole_team else channel)
    week = week_for(svc, actor.team_id, svc.clock.now())
    config = {"week": str(week), **({WHOLE_TEAM: True} if whole_team else {CREW_CHANNEL: channel})}
    occurrence_id = enqueue(
        svc,
        team_id=actor.team_id,
        kind=KIND,
        channel_id=channel,
        config=config,
        created_by=actor.user_id,
    )
    return Posting(channel, week.label(), crew, occurrence_id)


def schedule(
    svc: Services,
    actor: Actor,
    *,
    cron: str = DEFAULT_CRON,
    channel_id: str,
    whole_team: bool = False,
    tz: str | None = None,
    member_local: bool = False,
) -> Scheduled:
    """Post the digest to the channel every week: its crew's figures, or the workspace's
    (``member_local`` is refused: the digest is one post)."""
    require_manager(svc, actor, doing="schedule the digest")
    channel = shared_channel(
        svc, actor.team_id, channel_id, purpose=PURPOSE, example=SCHEDULE_EXAMPLE
    )
    options = KindOptions(whole_team=True if whole_team else None)
    config = kind_config(KIND, options, Zone(tz, member_local), channel_id=channel, base={})
    return create(svc, actor, kind=KIND, cron=cron, channel_id=channel, config=config, tz=tz)

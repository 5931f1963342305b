"""What managers do with the check-in: post one now, or put it on a schedule."""

from __future__ import annotations

from rituals.actors import Actor, require_manager
from rituals.channels import shared_channel
from rituals.checkin.messages import KIND, Posting
from rituals.engine.queue import enqueue
from rituals.scheduled import Scheduled, create
from rituals.scheduled.spec import KindOptions, Zone, kind_config
from rituals.services import Services

SEND_EXAMPLE = "/greenroom checkin send #crew"
SCHEDULE_EXAMPLE = '/greenroom checkin schedule "0 10 * * 5" #crew'
PURPOSE = "A check-in goes to a channel the crew shares"


def send_now(svc: Services, actor: Actor, *, channel_id: str) -> Posting:
    """Post a check-in question to the channel now (the engine posts it)."""
    require_manager(svc, actor, doing="post a check-in")
    channel = shared_channel(svc, actor.team_id, channel_id, purpose=PURPOSE, example=SEND_EXAMPLE)
    occurrence_id = enqueue(
        svc, team_id=actor.team_id, kind=KIND, channel_id=channel, created_by=actor.user_id
    )
    return Posting(channel, occurrence_id)


def schedule(
    svc: Services,
    actor: Actor,
    *,
    cron: str,
    channel_id: str,
    question: str | None = None,
    tz: str | None = None,
) -> Scheduled:
    """Post a check-in question to the channel on a schedule: ``question`` each time, or
    one from the bank."""
    require_manager(svc, actor, doing="schedule check-ins")
    channel = shared_channel(
        svc, actor.team_id, channel_id, purpose=PURPOSE, example=SCHEDULE_EXAMPLE
    )
    options = KindOptions(question=question)
    config = kind_config(KIND, options, Zone(tz), channel_id=channel, base={})
    return create(svc, actor, kind=KIND, cron=cron, channel_id=channel, config=config, tz=tz)

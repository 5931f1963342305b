"""The check-in on the engine: one post per occurrence, with a question the channel did not
just get (``bank.choose_question`` over the channel's previous posts)."""

from __future__ import annotations

import random

from rituals.checkin import bank
from rituals.checkin.messages import KIND, POST, CheckinPost
from rituals.engine.types import PlanContext, Planned, SendContext, SkipDelivery, SkipOccurrence
from rituals.teams import holiday_name, local_day
from storage import checkin as store


def plan(ctx: PlanContext) -> list[Planned]:
    """One post to the occurrence's channel; scheduled ones skip public holidays."""
    occurrence, svc = ctx.occurrence, ctx.svc
    channel = occurrence.channel_id
    if not channel:
        raise SkipOccurrence("no channel to post the check-in to")
    if occurrence.ritual_id is not None:
        day = local_day(svc, occurrence.team_id, occurrence.scheduled_for)
        holiday = holiday_name(svc, occurrence.team_id, day)
        if holiday:
            raise SkipOccurrence(f"public holiday: {holiday}")
    with svc.db.unit() as unit:
        recent = store.recent_questions(
            unit,
            team_id=occurrence.team_id,
            channel_id=channel,
            limit=bank.RECENT,
            exclude_occurrence=occurrence.id,
        )
    rng = random.Random(f"{occurrence.team_id}/{channel}/{occurrence.id}")
    own = str(occurrence.config.get("question") or "")  # a ritual's own question, if it has one
    return [Planned(POST, channel, {"question": own or bank.choose_question(recent, rng)})]


def send_post(ctx: SendContext) -> None:
    """Post the planned question to its channel."""
    question = ctx.delivery.payload.get("question")
    if not question:
        raise SkipDelivery("no question in the planned check-in")
    ctx.post(ctx.delivery.recipient, CheckinPost(str(question)))


PLANNERS = {KIND: plan}
SENDERS = {POST: send_post}

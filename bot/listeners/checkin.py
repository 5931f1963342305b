"""The informal check-in: ``/greenroom checkin send|schedule``, its planner and its sender.

A check-in occurrence plans one ``checkin_post`` delivery to its channel; the
planner picks the question (rituals.checkin) from the channel's previous
check-in deliveries, so a channel never gets the same question twice in a row.
Replies and reactions to the post are captured like any other interactions.
Scheduled check-ins skip public holidays when the team has turned them on; a
manual send goes out regardless.
"""

from __future__ import annotations

import random
from functools import partial

from slack_bolt import App
from sqlalchemy import select

from bot.commands.router import CommandContext, leftover_words
from bot.scheduling import holiday_name, schedule_ritual, scheduled_reply, take_cron, team_tz
from bot.views.checkin import checkin_blocks, checkin_text
from bot.views.render import Blocks
from bot.wiring import Wiring
from rituals.checkin import RECENT, choose_question
from rituals.engine.types import PlanContext, Planned, SendContext, SkipDelivery, SkipOccurrence
from rituals.schedule import zone
from storage.db import Database
from storage.models import Delivery

KIND = "checkin"
POST = "checkin_post"
SEND_USAGE = "checkin send [#channel] — post an informal check-in question now"
SCHEDULE_USAGE = 'checkin schedule "<cron>" [#channel] — post a check-in question on a schedule'


def register(app: App, deps: Wiring) -> None:
    """Register the check-in commands, planner and sender."""
    router = deps.commands["/greenroom"]
    router.add("checkin send", send_command, usage=SEND_USAGE, manager=True)
    router.add("checkin schedule", schedule_command, usage=SCHEDULE_USAGE, manager=True)
    deps.engine.register_planner(KIND, partial(plan_checkin, deps))
    deps.engine.register_sender(POST, send_checkin)


def send_command(ctx: CommandContext) -> str:
    """``checkin send [#channel]``: post a question now."""
    channel = ctx.shared_channel(
        reason="A check-in goes to a channel the crew shares", example="checkin send #crew"
    )
    leftover_words(ctx, usage=SEND_USAGE.split(" — ")[0])
    ctx.deps.directory.check_channel(ctx.team_id, channel)
    ctx.deps.engine.enqueue(
        team_id=ctx.team_id, kind=KIND, channel_id=channel, created_by=ctx.user_id
    )
    return (
        f"Posting a check-in question in <#{channel}>. "
        "Thread replies and reactions to it count towards the crew's interactions."
    )


def schedule_command(ctx: CommandContext) -> str:
    """``checkin schedule "<cron>" [#channel]``: post a question on a schedule."""
    usage = SCHEDULE_USAGE.split(" — ")[0]
    cron = take_cron(ctx, usage=usage)
    channel = ctx.shared_channel(
        reason="A check-in goes to a channel the crew shares",
        example='checkin schedule "0 10 * * 5" #crew',
    )
    leftover_words(ctx, usage=usage)
    scheduled = schedule_ritual(ctx, kind=KIND, cron=cron, channel_id=channel)
    return scheduled_reply("the informal check-in", scheduled, cron, channel)


def recent_questions(
    db: Database, *, team_id: str, channel_id: str, exclude_occurrence: int | None = None
) -> list[str]:
    """The questions of the channel's latest check-in posts, newest first (failed ones aside)."""
    query = (
        select(Delivery.payload)
        .where(
            Delivery.team_id == team_id,
            Delivery.kind == POST,
            Delivery.recipient == channel_id,
            Delivery.status.not_in(("failed", "skipped")),
        )
        .order_by(Delivery.id.desc())
        .limit(RECENT)
    )
    if exclude_occurrence is not None:
        query = query.where(Delivery.occurrence_id != exclude_occurrence)
    with db.session() as session:
        payloads = session.scalars(query).all()
    return [str(p["question"]) for p in payloads if p and p.get("question")]


def plan_checkin(w: Wiring, ctx: PlanContext) -> list[Planned]:
    """One post to the occurrence's channel, with a question the channel did not just get."""
    occurrence = ctx.occurrence
    channel = occurrence.channel_id
    if not channel:
        raise SkipOccurrence("no channel to post the check-in to")
    if occurrence.ritual_id is not None:
        day = occurrence.scheduled_for.astimezone(zone(team_tz(w, occurrence.team_id)))
        holiday = holiday_name(w, occurrence.team_id, day.date())
        if holiday:
            raise SkipOccurrence(f"public holiday: {holiday}")
    recent = recent_questions(
        w.db,
        team_id=occurrence.team_id,
        channel_id=channel,
        exclude_occurrence=occurrence.id,
    )
    rng = random.Random(f"{occurrence.team_id}/{channel}/{occurrence.id}")
    return [Planned(POST, channel, {"question": choose_question(recent, rng)})]


def send_checkin(ctx: SendContext) -> None:
    """Post the planned question to its channel."""
    question = ctx.delivery.payload.get("question")
    if not question:
        raise SkipDelivery("no question in the planned check-in")
    ctx.post(ctx.delivery.recipient, Blocks(checkin_text(question), checkin_blocks(question)))

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

from bot.commands import options as opt
from bot.commands.options import Options, ZoneChoice
from bot.commands.router import CommandContext, leftover_words
from bot.scheduling import holiday_name, team_tz
from bot.views.checkin import checkin_blocks, checkin_text
from bot.views.render import Blocks
from bot.wiring import Wiring
from rituals.actors import Actor
from rituals.checkin import RECENT, choose_question
from rituals.engine.types import PlanContext, Planned, SendContext, SkipDelivery, SkipOccurrence
from rituals.schedule import zone
from rituals.scheduled import KindOptions, RitualSpec, Zone, local_time, set_up
from storage.db import Database
from storage.models import Delivery

KIND = "checkin"
POST = "checkin_post"
SEND_USAGE = "checkin send [#channel] — post an informal check-in question now"
SCHEDULE_USAGE = (
    'checkin schedule "<cron>"|<words> [#channel] [question "…"] [tz <Area/City>] — post a '
    "check-in question on a schedule: yours, or one from the bank"
)
SCHEDULE = Options(
    SCHEDULE_USAGE.split(" — ")[0], (opt.SCHEDULE, opt.CHANNEL, opt.QUESTION, opt.ZONE)
)


def register(app: App, deps: Wiring) -> None:
    """Register the check-in commands, planner and sender."""
    router = deps.commands["/greenroom"]
    router.add("checkin send", send_command, usage=SEND_USAGE, manager=True)
    router.add(
        "checkin schedule", partial(schedule_command, deps), usage=SCHEDULE_USAGE, manager=True
    )
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


def schedule_command(w: Wiring, ctx: CommandContext) -> str:
    """``checkin schedule <schedule> [#channel] [question "…"] [tz …]``: a question on a
    schedule, the one given or one from the bank."""
    given = SCHEDULE.parse(ctx.take_all())
    schedule = given[opt.SCHEDULE]
    assert schedule is not None  # required: the parser refuses a command without one
    zone_choice = given.get(opt.ZONE, ZoneChoice(None))
    channel = ctx.channel_named(given[opt.CHANNEL])
    spec = RitualSpec(
        KIND,
        channel,
        schedule,
        Zone(zone_choice.name, zone_choice.member_local),
        KindOptions(question=given[opt.QUESTION]),
    )
    done = set_up(w.svc, Actor(ctx.team_id, ctx.user_id), spec)
    asked = f"“{given[opt.QUESTION]}”" if given[opt.QUESTION] else "a question from the bank"
    return (
        f"Scheduled the informal check-in in <#{channel}> as ritual #{done.id}: {done.words}. "
        f"Next run: {local_time(done.next_run_at, done.tz)}. It posts {asked}. "
        f"See all with `/greenroom rituals`; stop with `/greenroom pause {done.id}`."
    )


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
    own = str(occurrence.config.get("question") or "")  # a ritual's own question, if it has one
    return [Planned(POST, channel, {"question": own or choose_question(recent, rng)})]


def send_checkin(ctx: SendContext) -> None:
    """Post the planned question to its channel."""
    question = ctx.delivery.payload.get("question")
    if not question:
        raise SkipDelivery("no question in the planned check-in")
    ctx.post(ctx.delivery.recipient, Blocks(checkin_text(question), checkin_blocks(question)))

"""The weekly cohesion digest: ``/greenroom digest send|schedule``, its planner and sender.

A digest occurrence plans one ``digest_post`` delivery to its channel, naming
the week: the one given when it was enqueued, else the last complete week at
the occurrence's scheduled time in the team zone (so a late catch-up still
reports the right week). The sender computes the team-wide metrics, posts the
Block Kit message through the engine, then uploads the 8-week trend chart to
the same channel. A failed upload is logged and not retried: the message is
already out, and retrying the delivery would post it twice.
"""

from __future__ import annotations

import logging
from functools import partial

from slack_bolt import App

from bot.commands.args import channel_ref
from bot.commands.router import CommandContext, leftover_words
from bot.scheduling import schedule_ritual, scheduled_reply, take_cron, team_tz
from bot.views.digest import digest_blocks, digest_text
from bot.views.render import Blocks
from bot.wiring import Wiring
from rituals.engine.types import PlanContext, Planned, SendContext, SkipOccurrence
from rituals.figures.reports import digest_for
from rituals.metrics import last_complete_week, parse_week
from rituals.ports import Chart, SlackFailure

logger = logging.getLogger(__name__)

KIND = "digest"
POST = "digest_post"
DEFAULT_CRON = "0 9 * * 1"
SEND_USAGE = "digest send [#channel] — post last week's cohesion digest and trend chart now"
SCHEDULE_USAGE = (
    'digest schedule "<cron>" [#channel] — post the digest every week '
    '(default "0 9 * * 1": Monday 09:00 team time)'
)


def register(app: App, deps: Wiring) -> None:
    """Register the digest commands, planner and sender."""
    router = deps.commands["/greenroom"]
    router.add("digest send", send_command, usage=SEND_USAGE, manager=True)
    router.add("digest schedule", schedule_command, usage=SCHEDULE_USAGE, manager=True)
    deps.engine.register_planner(KIND, partial(plan_digest, deps))
    deps.engine.register_sender(POST, partial(send_digest, deps))


def send_command(ctx: CommandContext) -> str:
    """``digest send [#channel]``: post last week's digest now."""
    channel = ctx.shared_channel(
        reason="The digest goes to a channel the leads read", example="digest send #leads"
    )
    leftover_words(ctx, usage=SEND_USAGE.split(" — ")[0])
    ctx.deps.directory.check_channel(ctx.team_id, channel)
    week = last_complete_week(ctx.now, team_tz(ctx, ctx.team_id))
    ctx.deps.engine.enqueue(
        team_id=ctx.team_id,
        kind=KIND,
        channel_id=channel,
        config={"week": str(week)},
        created_by=ctx.user_id,
    )
    return f"Posting the cohesion digest for {week.label()} in <#{channel}>, with its trend chart."


def schedule_command(ctx: CommandContext) -> str:
    """``digest schedule ["<cron>"] [#channel]``: post the digest every week."""
    usage = SCHEDULE_USAGE.split(" — ")[0]
    if not ctx.args or channel_ref(ctx.args[0]) is not None:
        cron = DEFAULT_CRON
    else:
        cron = take_cron(ctx, usage=usage)
    channel = ctx.shared_channel(
        reason="The digest goes to a channel the leads read",
        example='digest schedule "0 9 * * 1" #leads',
    )
    leftover_words(ctx, usage=usage)
    scheduled = schedule_ritual(ctx, kind=KIND, cron=cron, channel_id=channel)
    return scheduled_reply("the weekly cohesion digest", scheduled, cron, channel)


def plan_digest(w: Wiring, ctx: PlanContext) -> list[Planned]:
    """One post to the occurrence's channel, for the week it names or the last complete one."""
    occurrence = ctx.occurrence
    if not occurrence.channel_id:
        raise SkipOccurrence("no channel to post the digest to")
    week = occurrence.config.get("week")
    if not week:
        tz = team_tz(w, occurrence.team_id)
        week = str(last_complete_week(occurrence.scheduled_for, tz))
    return [Planned(POST, occurrence.channel_id, {"week": str(week)})]


def send_digest(w: Wiring, ctx: SendContext) -> None:
    """Post the digest message, then upload its trend chart to the same channel."""
    delivery = ctx.delivery
    week = parse_week(str(delivery.payload["week"]))
    digest = digest_for(w.svc, team_id=delivery.team_id, week=week, now=ctx.now)
    from bot.chart import render_trend  # matplotlib loads on the first digest, not at start

    png = render_trend(digest.points)  # before posting: a drawing failure posts nothing
    posted = ctx.post(
        delivery.recipient,
        Blocks(digest_text(digest.metrics), digest_blocks(digest.metrics, digest.previous or {})),
    )
    chart = Chart(
        png=png,
        filename=f"greenroom-trend-{week}.png",
        title=f"Cohesion trend, 8 weeks to {week}",
        alt_text="Line chart of pulse mean, response rate and cross-role share over 8 weeks",
    )
    try:
        w.messenger.upload(delivery.team_id, posted.channel, chart)
    except SlackFailure as failure:
        error = failure.error
        logger.warning(
            "digest chart upload failed team=%s delivery=%s: %s",
            delivery.team_id,
            delivery.id,
            error,
        )

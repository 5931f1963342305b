"""The weekly cohesion digest in Slack: ``/greenroom digest send|schedule``. Each handler
reads the command's options, calls one use case in ``rituals.digest.manage`` and renders
what it returns (``bot.views.digest``); the engine posts the digest and its chart
(``rituals.digest.fanout``, in the catalog)."""

from __future__ import annotations

from functools import partial

from slack_bolt import App

from bot.commands import options as opt
from bot.commands.options import Options, ZoneChoice
from bot.commands.router import CommandContext
from bot.views.digest import posting_text, scheduled_text
from bot.wiring import Wiring
from rituals.digest import manage
from rituals.schedule import parse_schedule

SEND_USAGE = (
    "digest send [#channel] [team] — post last week's cohesion digest and trend chart now: "
    "the channel's crew, or with `team` the whole workspace"
)
SCHEDULE_USAGE = (
    'digest schedule ["<cron>"|<words>] [#channel] [team] [tz <Area/City>] — post the digest '
    "every week (default mondays 09:00, team time), e.g. `mondays 09:00 #leads team`"
)
SEND = Options(SEND_USAGE.split(" — ")[0], (opt.CHANNEL, opt.TEAM))
# Every option of `digest schedule`, read in one place (schedule_command).
SCHEDULE = Options(
    SCHEDULE_USAGE.split(" — ")[0], (opt.OPTIONAL_SCHEDULE, opt.CHANNEL, opt.TEAM, opt.ZONE)
)


def register(app: App, w: Wiring) -> None:
    """Register the digest commands (the engine's planner and sender are in the catalog)."""
    router = w.commands["/greenroom"]
    router.add("digest send", partial(send_command, w), usage=SEND_USAGE, manager=True)
    router.add("digest schedule", partial(schedule_command, w), usage=SCHEDULE_USAGE, manager=True)


def send_command(w: Wiring, ctx: CommandContext) -> str:
    """``digest send [#channel] [team]``: post last week's digest now."""
    given = SEND.parse(ctx.take_all())
    channel = ctx.channel_named(given[opt.CHANNEL])
    posting = manage.send_now(w.svc, ctx.actor, channel_id=channel, whole_team=opt.TEAM in given)
    return posting_text(posting)


def schedule_command(w: Wiring, ctx: CommandContext) -> str:
    """``digest schedule [<schedule>] [#channel] [team] [tz …]``: the digest every week."""
    given = SCHEDULE.parse(ctx.take_all())
    schedule = given[opt.SCHEDULE] or parse_schedule(manage.DEFAULT_CRON)
    zone = given.get(opt.ZONE, ZoneChoice(None))
    channel = ctx.channel_named(given[opt.CHANNEL])
    whole_team = opt.TEAM in given
    scheduled = manage.schedule(
        w.svc,
        ctx.actor,
        cron=schedule.cron,
        channel_id=channel,
        whole_team=whole_team,
        tz=zone.name,
        member_local=zone.member_local,
    )
    crew = "the whole workspace" if whole_team else f"<#{channel}>'s crew"
    return scheduled_text(scheduled, schedule, channel, crew)

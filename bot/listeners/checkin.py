"""The informal check-in in Slack: ``/greenroom checkin send|schedule``. Each handler reads
the command's options, calls one use case in ``rituals.checkin.manage`` and renders what
it returns (``bot.views.checkin``); the engine posts the question (``rituals.checkin``)."""

from __future__ import annotations

from functools import partial

from slack_bolt import App

from bot.commands import options as opt
from bot.commands.options import Options, ZoneChoice
from bot.commands.router import CommandContext
from bot.views.checkin import posting_text, scheduled_text
from bot.wiring import Wiring
from rituals.checkin import manage

SEND_USAGE = "checkin send [#channel] — post an informal check-in question now"
SCHEDULE_USAGE = (
    'checkin schedule "<cron>"|<words> [#channel] [question "…"] [tz <Area/City>] '
    "— post a check-in question on a schedule, e.g. `fridays 16:00`: yours, or one from the bank"
)
SEND = Options(SEND_USAGE.split(" — ")[0], (opt.CHANNEL,))
# Every option of `checkin schedule`, read in one place (schedule_command).
SCHEDULE = Options(
    SCHEDULE_USAGE.split(" — ")[0], (opt.SCHEDULE, opt.CHANNEL, opt.QUESTION, opt.ZONE)
)


def register(app: App, w: Wiring) -> None:
    """Register the check-in commands (the engine's planner and sender are in the catalog)."""
    router = w.commands["/greenroom"]
    router.add("checkin send", partial(send_command, w), usage=SEND_USAGE, manager=True)
    router.add("checkin schedule", partial(schedule_command, w), usage=SCHEDULE_USAGE, manager=True)


def send_command(w: Wiring, ctx: CommandContext) -> str:
    """``checkin send [#channel]``: post a question now."""
    given = SEND.parse(ctx.take_all())
    channel = ctx.channel_named(given[opt.CHANNEL])
    return posting_text(manage.send_now(w.svc, ctx.actor, channel_id=channel))


def schedule_command(w: Wiring, ctx: CommandContext) -> str:
    """``checkin schedule <schedule> [#channel] [question "…"] [tz …]``: a question on a
    schedule, the one given or one from the bank."""
    given = SCHEDULE.parse(ctx.take_all())
    schedule = given[opt.SCHEDULE]
    assert schedule is not None  # required: the parser refuses a command without one
    zone = given.get(opt.ZONE, ZoneChoice(None))
    channel = ctx.channel_named(given[opt.CHANNEL])
    scheduled = manage.schedule(
        w.svc,
        ctx.actor,
        cron=schedule.cron,
        channel_id=channel,
        question=given[opt.QUESTION],
        tz=zone.name,
    )
    return scheduled_text(scheduled, schedule, channel, question=given[opt.QUESTION])

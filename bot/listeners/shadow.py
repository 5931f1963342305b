"""Shadowing in Slack: ``/greenroom shadow pair|schedule|history|avoid|unavoid`` and the
"Did you meet?" buttons. Each handler reads the payload, calls one use case in
``rituals.shadowing``, and renders what it returns (``bot.views.shadow_replies``)."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.commands import options as opt
from bot.commands.options import Options, Parsed, ZoneChoice
from bot.commands.router import CommandContext, Reply, leftover_words
from bot.errors import handle
from bot.views import shadow_replies as replies
from bot.views.shadow import ShadowAction, delay_label
from bot.wiring import Wiring
from rituals.errors import GreenroomError, UsageError
from rituals.schedule import describe
from rituals.scheduled import local_time
from rituals.shadowing import RoundOptions, answers, avoid, history, manage
from rituals.shadowing.messages import TeamHistory
from rituals.shadowing.options import DEFAULT_FOLLOWUP

logger = logging.getLogger(__name__)

PAIR_USAGE = "shadow pair [#channel] [size 2|3] [followup <N>d|<N>h]"
SCHEDULE_USAGE = (
    'shadow schedule "<cron>"|<words> [#channel] [size 2|3] [followup <N>d|<N>h] [tz <Area/City>]'
)
PAIR = Options(PAIR_USAGE, (opt.CHANNEL, opt.SIZE, opt.FOLLOWUP))
SCHEDULE = Options(SCHEDULE_USAGE, (opt.SCHEDULE, opt.CHANNEL, opt.SIZE, opt.FOLLOWUP, opt.ZONE))
HISTORY_USAGE = "shadow history [#channel]"
AVOID_USAGE = "shadow avoid @someone — never pair me with them (private); alone: my list"
UNAVOID_USAGE = "shadow unavoid @someone"


def register(app: App, w: Wiring) -> None:
    """Register the shadowing commands and the "Did you meet?" buttons."""
    router = w.commands["/greenroom"]
    router.add("shadow pair", partial(pair_command, w), usage=PAIR_USAGE, manager=True)
    router.add("shadow schedule", partial(schedule_command, w), usage=SCHEDULE_USAGE, manager=True)
    router.add("shadow history", partial(history_command, w), usage=HISTORY_USAGE)
    router.add("shadow avoid", partial(avoid_command, w), usage=AVOID_USAGE)
    router.add("shadow unavoid", partial(unavoid_command, w), usage=UNAVOID_USAGE)
    app.action(ShadowAction.MET_YES)(partial(on_answer, w, met=True))
    app.action(ShadowAction.MET_NO)(partial(on_answer, w, met=False))


def _round_options(given: Parsed) -> RoundOptions:
    return RoundOptions.checked(
        size=given.get(opt.SIZE, 2), followup=given.get(opt.FOLLOWUP, DEFAULT_FOLLOWUP)
    )


def pair_command(w: Wiring, ctx: CommandContext) -> str:
    """``shadow pair``: make a round now and say how it went."""
    given = PAIR.parse(ctx.take_all())
    channel = ctx.channel_named(given[opt.CHANNEL])
    options = _round_options(given)
    report = manage.pair_now(w.svc, ctx.actor, channel_id=channel, options=options)
    return replies.round_summary(report)


def schedule_command(w: Wiring, ctx: CommandContext) -> str:
    """``shadow schedule <schedule>``: a recurring round."""
    given = SCHEDULE.parse(ctx.take_all())
    schedule = given[opt.SCHEDULE]
    assert schedule is not None  # required: the parser refuses a command without one
    zone = given.get(opt.ZONE, ZoneChoice(None, member_local=False))
    if zone.member_local:
        raise UsageError(
            "Shadowing rounds run at one time for the whole crew: give a zone with "
            "`tz <Area/City>`, or leave it out for the team's."
        )
    channel = ctx.channel_named(given[opt.CHANNEL])
    options = _round_options(given)
    scheduled = manage.schedule(
        w.svc, ctx.actor, cron=schedule.cron, channel_id=channel, options=options, tz=zone.name
    )
    when = delay_label(options.followup)
    ask = "right after the intros" if when == "now" else f"{when} after each round"
    return (
        f"Scheduled shadowing pairings in <#{channel}> as ritual #{scheduled.id}: "
        f"{describe(schedule, tz=scheduled.tz)}. Next run: "
        f'{local_time(scheduled.next_run_at, scheduled.tz)}. "Did you meet?" comes {ask}. '
        f"See all with `/greenroom rituals`; stop with `/greenroom pause {scheduled.id}`."
    )


def history_command(w: Wiring, ctx: CommandContext) -> Reply:
    """``shadow history``: rounds for managers, one's own pairings for everyone else."""
    channel = ctx.take_channel()
    leftover_words(ctx, usage=HISTORY_USAGE)
    found = history.history(w.svc, ctx.actor, channel_id=channel)
    text, blocks = (
        replies.team_history(found) if isinstance(found, TeamHistory) else replies.my_history(found)
    )
    return Reply(text, blocks=blocks)


def avoid_command(w: Wiring, ctx: CommandContext) -> str:
    """``shadow avoid @someone``: never pair me with them (private); alone: my list."""
    if not ctx.args:
        return replies.avoid_list(avoid.avoid_list(w.svc, ctx.actor))
    other = ctx.take_user(usage=f"{ctx.command} shadow avoid @someone")
    leftover_words(ctx, usage=AVOID_USAGE.split(" — ")[0])
    return replies.avoided(avoid.avoid(w.svc, ctx.actor, user_id=other))


def unavoid_command(w: Wiring, ctx: CommandContext) -> str:
    """``shadow unavoid @someone``: take them off my avoid list."""
    other = ctx.take_user(usage=f"{ctx.command} {UNAVOID_USAGE}")
    leftover_words(ctx, usage=UNAVOID_USAGE)
    return replies.unavoided(avoid.unavoid(w.svc, ctx.actor, user_id=other))


def _tell(respond: Respond, text: str) -> None:
    respond(text=text, response_type="ephemeral", replace_original=False)


def on_answer(
    w: Wiring, ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond, *, met: bool
) -> None:
    """A "Did you meet?" button: record before the ack, redraw the group's message after it."""
    team_id, user_id = context.team_id or "", body["user"]["id"]
    try:
        pairing_id = int(body["actions"][0].get("value") or "")
    except ValueError:
        ack()
        logger.warning("shadow answer with an unreadable value from %s", user_id)
        return
    try:
        done = answers.answer(
            w.svc, team_id=team_id, user_id=user_id, pairing_id=pairing_id, met=met
        )
    except GreenroomError as error:
        ack()
        w.tasks.after_ack(_tell, respond, handle(error, what="shadow answer"))
        return
    ack()
    w.keyed.submit(
        ("shadow", team_id, done.pairing_id),
        partial(answers.show_answer, w.svc, team_id=team_id, pairing_id=done.pairing_id),
    )

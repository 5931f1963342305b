"""Shadowing in Slack: ``/greenroom shadow pair|schedule|history|avoid|unavoid`` and the
"Did you meet?" buttons. Each handler reads the payload, calls one use case in
``rituals.shadowing``, and renders what it returns (``bot.views.shadow_replies``)."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.commands.args import parse_duration
from bot.commands.router import CommandContext, Reply, leftover_words
from bot.errors import handle
from bot.scheduling import scheduled_reply, take_cron
from bot.views import shadow_replies as replies
from bot.views.shadow import ShadowAction, delay_label
from bot.wiring import Wiring
from rituals.actors import Actor
from rituals.errors import GreenroomError, UsageError
from rituals.shadowing import RoundOptions, answers, avoid, history, manage
from rituals.shadowing.messages import TeamHistory

logger = logging.getLogger(__name__)

PAIR_USAGE = "shadow pair [#channel] [size 2|3] [followup <N>d|<N>h]"
SCHEDULE_USAGE = 'shadow schedule "<cron>" [#channel] [size 2|3] [followup <N>d|<N>h]'
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


def _actor(ctx: CommandContext) -> Actor:
    return Actor(ctx.team_id, ctx.user_id)


def take_options(ctx: CommandContext, *, usage: str) -> RoundOptions:
    """Read ``size 2|3`` and ``followup <N>d|<N>h`` from the remaining arguments."""
    options: dict[str, Any] = {}
    words, ctx.args[:] = list(ctx.args), []
    while words:
        word = words.pop(0).lower()
        if word in ("size", "followup", "follow-up") and not words:
            raise UsageError(f"`{word}` needs a value. Usage: `{ctx.command} {usage}`")
        if word == "size":
            value = words.pop(0)
            if value not in ("2", "3"):
                raise UsageError(f"Groups can be of size 2 or 3, not `{value}`.")
            options["size"] = int(value)
        elif word in ("followup", "follow-up"):
            options["followup"] = parse_duration(words.pop(0), example="followup 3d")
        else:
            ctx.args.append(word)
    leftover_words(ctx, usage=usage)
    return RoundOptions.checked(**options)


def pair_command(w: Wiring, ctx: CommandContext) -> str:
    """``shadow pair``: make a round now and say how it went."""
    channel = ctx.channel_or_here()
    options = take_options(ctx, usage=PAIR_USAGE)
    report = manage.pair_now(w.svc, _actor(ctx), channel_id=channel, options=options)
    return replies.round_summary(report)


def schedule_command(w: Wiring, ctx: CommandContext) -> str:
    """``shadow schedule "<cron>"``: a recurring round."""
    channel = ctx.take_channel() or ctx.channel_id
    cron = take_cron(ctx, usage=SCHEDULE_USAGE)
    options = take_options(ctx, usage=SCHEDULE_USAGE)
    scheduled = manage.schedule(w.svc, _actor(ctx), cron=cron, channel_id=channel, options=options)
    when = delay_label(options.followup)
    ask = "right after the intros" if when == "now" else f"{when} after each round"
    return (
        scheduled_reply("shadowing pairings", scheduled, cron, channel)
        + f' "Did you meet?" comes {ask}.'
    )


def history_command(w: Wiring, ctx: CommandContext) -> Reply:
    """``shadow history``: rounds for managers, one's own pairings for everyone else."""
    channel = ctx.take_channel()
    leftover_words(ctx, usage=HISTORY_USAGE)
    found = history.history(w.svc, _actor(ctx), channel_id=channel)
    text, blocks = (
        replies.team_history(found) if isinstance(found, TeamHistory) else replies.my_history(found)
    )
    return Reply(text, blocks=blocks)


def avoid_command(w: Wiring, ctx: CommandContext) -> str:
    """``shadow avoid @someone``: never pair me with them (private); alone: my list."""
    if not ctx.args:
        return replies.avoid_list(avoid.avoid_list(w.svc, _actor(ctx)))
    other = ctx.take_user(usage=f"{ctx.command} shadow avoid @someone")
    leftover_words(ctx, usage=AVOID_USAGE.split(" — ")[0])
    return replies.avoided(avoid.avoid(w.svc, _actor(ctx), user_id=other))


def unavoid_command(w: Wiring, ctx: CommandContext) -> str:
    """``shadow unavoid @someone``: take them off my avoid list."""
    other = ctx.take_user(usage=f"{ctx.command} {UNAVOID_USAGE}")
    leftover_words(ctx, usage=UNAVOID_USAGE)
    return replies.unavoided(avoid.unavoid(w.svc, _actor(ctx), user_id=other))


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

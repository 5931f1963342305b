"""Members' self-service and manager rights: ``manager add|remove``, ``away``, ``back``,
``optout``, ``optin``, ``holidays`` and ``forget-me`` (asked, then confirmed by its
button or ``forget-me confirm``). Each handler reads the command, calls one use case in
``rituals.members`` and answers with ``bot.views.members``.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.commands.args import parse_date, parse_duration
from bot.commands.router import CommandContext, Reply, leftover_words
from bot.views import members as views
from bot.wiring import Wiring
from rituals.actors import Actor
from rituals.errors import UsageError
from rituals.members import forget, rights, settings

logger = logging.getLogger(__name__)

MANAGER_ADD_USAGE = "manager add @someone — let them schedule, pause and delete rituals"
MANAGER_REMOVE_USAGE = "manager remove @someone — take back rights given with manager add"
AWAY_USAGE = "away <N>d | until YYYY-MM-DD — no prompts or pairings while you're away"
BACK_USAGE = "back — end your away time now"
OPTOUT_USAGE = "optout — no more prompts or pairings for you"
OPTIN_USAGE = "optin — take part again after optout"
HOLIDAYS_USAGE = "holidays <country code> | off — skip public holidays (e.g. GB, FR, US)"
FORGET_USAGE = "forget-me [confirm] — erase what Greenroom stored about you (asks first)"


def register(app: App, w: Wiring) -> None:
    """Register the members' commands and the forget-me button."""
    router = w.commands["/greenroom"]
    router.add("manager add", partial(manager_add, w), usage=MANAGER_ADD_USAGE, manager=True)
    router.add(
        "manager remove", partial(manager_remove, w), usage=MANAGER_REMOVE_USAGE, manager=True
    )
    router.add("away", partial(away_command, w), usage=AWAY_USAGE)
    router.add("back", partial(back_command, w), usage=BACK_USAGE)
    router.add("optout", partial(opt_command, w, out=True), usage=OPTOUT_USAGE)
    router.add("optin", partial(opt_command, w, out=False), usage=OPTIN_USAGE)
    router.add("holidays", partial(holidays_command, w), usage=HOLIDAYS_USAGE, manager=True)
    router.add("forget-me", partial(forget_command, w), usage=FORGET_USAGE)
    app.action(views.MemberAction.FORGET_CONFIRM)(partial(on_forget_confirmed, w))


def _usage(line: str) -> str:
    return line.split(" — ")[0]


def manager_add(w: Wiring, ctx: CommandContext) -> str:
    """``manager add @someone``."""
    user_id = ctx.take_user(usage=_usage(MANAGER_ADD_USAGE))
    leftover_words(ctx, usage=_usage(MANAGER_ADD_USAGE))
    return views.manager_added(rights.add(w.svc, ctx.actor, user_id=user_id))


def manager_remove(w: Wiring, ctx: CommandContext) -> str:
    """``manager remove @someone``."""
    user_id = ctx.take_user(usage=_usage(MANAGER_REMOVE_USAGE))
    leftover_words(ctx, usage=_usage(MANAGER_REMOVE_USAGE))
    return views.manager_removed(rights.remove(w.svc, ctx.actor, user_id=user_id))


def away_command(w: Wiring, ctx: CommandContext) -> str:
    """``away <N>d | until YYYY-MM-DD``."""
    example = "/greenroom away 5d"
    if not ctx.args:
        raise UsageError(f"For how long? e.g. `{example}` or `/greenroom away until 2026-12-24`.")
    if ctx.args[0].lower() == "until":
        if len(ctx.args) < 2:
            raise UsageError("Until when? e.g. `/greenroom away until 2026-12-24`.")
        until, days = parse_date(ctx.args[1], example="/greenroom away until 2026-12-24"), None
        del ctx.args[:2]
    else:
        length = parse_duration(ctx.args.pop(0), example=example)
        if length.seconds:
            raise UsageError(f"Give whole days, at least one: e.g. `{example}`.")
        until, days = None, length.days
    leftover_words(ctx, usage=_usage(AWAY_USAGE))
    last = settings.away(w.svc, ctx.actor, days=days, until=until)
    return (
        f"You're away until {last:%a %d %b %Y} (included): no pulse prompts or pairings "
        f"until then. Back early? Type `/greenroom back`."
    )


def back_command(w: Wiring, ctx: CommandContext) -> str:
    """``back``: clear the away date."""
    leftover_words(ctx, usage="back")
    if not settings.back(w.svc, ctx.actor):
        return "You weren't marked away; you're in for prompts and pairings as usual."
    return "Welcome back! You'll get prompts and pairings again from the next one."


def opt_command(w: Wiring, ctx: CommandContext, *, out: bool) -> str:
    """``optout`` / ``optin``."""
    leftover_words(ctx, usage="optout" if out else "optin")
    settings.opt(w.svc, ctx.actor, out=out)
    if not out:
        return "You're in: you'll get pulse prompts and pairings again from the next one."
    return (
        "You're opted out: no more pulse prompts or pairings. What you already answered stays "
        "(`/greenroom forget-me` erases it). `/greenroom optin` brings you back."
    )


def holidays_command(w: Wiring, ctx: CommandContext) -> str:
    """``holidays <country code> | off``."""
    if len(ctx.args) != 1:
        current = settings.holidays_now(w.svc, ctx.team_id)
        state = f"Public holidays in {current} are skipped." if current else "No holidays set."
        raise UsageError(f"{state} Usage: `{ctx.command} {_usage(HOLIDAYS_USAGE)}`, e.g. `GB`.")
    word = ctx.args.pop(0)
    off = word.lower() in ("off", "none")
    found = settings.set_holidays(w.svc, ctx.actor, code=None if off else word)
    if found.country is None:
        return "Rituals no longer skip public holidays."
    following = (
        f" Next one: {found.next_name}, {found.next_day:%a %d %b %Y}." if found.next_day else ""
    )
    return f"Scheduled rituals now skip public holidays in {found.country}.{following}"


def forget_command(w: Wiring, ctx: CommandContext) -> Reply:
    """``forget-me [confirm]``: say what would be erased; ``confirm`` erases it."""
    confirmed = bool(ctx.args) and ctx.args[0].lower() == "confirm"
    if confirmed:
        ctx.args.pop(0)
    leftover_words(ctx, usage="forget-me [confirm]")
    found = forget.forget(w.svc, ctx.actor, confirmed=confirmed)
    if confirmed:
        return Reply(views.forgotten(found))
    text, blocks = views.forget_preview(found)
    return Reply(text, blocks=blocks)


def on_forget_confirmed(
    w: Wiring, ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond
) -> None:
    """The Erase my data button: always the clicker's own data, whatever the message said."""
    ack()
    user_id = str((body.get("user") or {}).get("id") or context.user_id or "")
    team_id = str(context.team_id or (body.get("team") or {}).get("id") or "")
    found = forget.forget(w.svc, Actor(team_id, user_id), confirmed=True)
    respond(text=views.forgotten(found), replace_original=True, response_type="ephemeral")

"""Members' self-service and manager rights: ``manager add|remove``, ``away``, ``back``,
``optout``, ``optin``, ``holidays`` and ``forget-me``.

Rules:
- Managers are workspace admins and owners, the installer, and members added with
  ``manager add``; only the last can be removed here.
- ``away`` counts days in the team's time zone, today included: ``away 1d`` is
  today only. At most 365 days ahead; dates in the past are refused.
- ``holidays`` takes a country code the ``holidays`` package knows (GB, FR, US…).
- ``forget-me`` erases the caller's data in one transaction and answers with counts.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from slack_bolt import App

from bot.commands.args import parse_date, parse_duration
from bot.commands.router import CommandContext, leftover_words
from bot.scheduling import team_tz
from bot.views.admin import erased_text
from rituals.eligibility import away_on
from rituals.errors import NotFound, UsageError
from rituals.schedule import zone
from storage import members as store

if TYPE_CHECKING:
    from bot.wiring import Wiring
    from rituals.people import Person

logger = logging.getLogger(__name__)

MANAGER_ADD_USAGE = "manager add @someone — let them schedule, pause and delete rituals"
MANAGER_REMOVE_USAGE = "manager remove @someone — take back rights given with manager add"
AWAY_USAGE = "away <N>d | until YYYY-MM-DD — no prompts or pairings while you're away"
BACK_USAGE = "back — end your away time now"
OPTOUT_USAGE = "optout — no more prompts or pairings for you"
OPTIN_USAGE = "optin — take part again after optout"
HOLIDAYS_USAGE = "holidays <country code> | off — skip public holidays (e.g. GB, FR, US)"
FORGET_USAGE = "forget-me — erase what Greenroom stored about you"
MAX_AWAY_DAYS = 365


def register(app: App, deps: Wiring) -> None:
    """Register the members' commands."""
    router = deps.commands["/greenroom"]
    router.add("manager add", manager_add, usage=MANAGER_ADD_USAGE, manager=True)
    router.add("manager remove", manager_remove, usage=MANAGER_REMOVE_USAGE, manager=True)
    router.add("away", away_command, usage=AWAY_USAGE)
    router.add("back", back_command, usage=BACK_USAGE)
    router.add("optout", optout_command, usage=OPTOUT_USAGE)
    router.add("optin", optin_command, usage=OPTIN_USAGE)
    router.add("holidays", holidays_command, usage=HOLIDAYS_USAGE, manager=True)
    router.add("forget-me", forget_command, usage=FORGET_USAGE)


def _usage(line: str) -> str:
    return line.split(" — ")[0]


def _today(ctx: CommandContext) -> date:
    return ctx.now.astimezone(zone(team_tz(ctx, ctx.team_id))).date()


# managers -------------------------------------------------------------------------------


def _named_person(ctx: CommandContext, usage: str) -> Person:
    user_id = ctx.take_user(usage=_usage(usage))
    leftover_words(ctx, usage=_usage(usage))
    someone = ctx.deps.directory.get(ctx.team_id, user_id)
    if someone is None or someone.deleted:
        raise NotFound(f"I can't find <@{user_id}> in this workspace. Mention them with @.")
    return someone


def _inherent(ctx: CommandContext, someone: Person) -> str | None:
    """Why someone is a manager whatever Greenroom stores, or None."""
    if someone.is_owner:
        return "a workspace owner"
    if someone.is_admin:
        return "a workspace admin"
    with ctx.deps.db.session() as session:
        if store.installer(session, ctx.team_id) == someone.user_id:
            return "the person who installed Greenroom"
    return None


def manager_add(ctx: CommandContext) -> str:
    """``manager add @someone``."""
    someone = _named_person(ctx, MANAGER_ADD_USAGE)
    if someone.is_bot:
        raise UsageError(f"<@{someone.user_id}> is a bot; only people can be managers.")
    reason = _inherent(ctx, someone)
    if reason is not None:
        return f"<@{someone.user_id}> is {reason}, so they are a manager already."
    if someone.is_manager:
        return f"<@{someone.user_id}> is a manager already."
    ctx.deps.directory.update(ctx.team_id, someone.user_id, is_manager=True)
    logger.info("manager added team=%s user=%s by=%s", ctx.team_id, someone.user_id, ctx.user_id)
    return (
        f"<@{someone.user_id}> is now a Greenroom manager: they can schedule, pause and delete "
        f"rituals. `/greenroom manager remove <@{someone.user_id}>` takes that back."
    )


def manager_remove(ctx: CommandContext) -> str:
    """``manager remove @someone``: only rights given with ``manager add`` can be removed."""
    someone = _named_person(ctx, MANAGER_REMOVE_USAGE)
    if someone.is_manager:
        ctx.deps.directory.update(ctx.team_id, someone.user_id, is_manager=False)
        logger.info(
            "manager removed team=%s user=%s by=%s", ctx.team_id, someone.user_id, ctx.user_id
        )
    reason = _inherent(ctx, someone)
    if reason is not None:
        return (
            f"<@{someone.user_id}> is {reason}, so they stay a manager: Greenroom can't take "
            "away rights that come from Slack."
        )
    if not someone.is_manager:
        return f"<@{someone.user_id}> isn't a manager, so there was nothing to remove."
    return f"<@{someone.user_id}> is no longer a Greenroom manager."


# away, back, optout, optin --------------------------------------------------------------


def _away_until(ctx: CommandContext, today: date) -> date:
    example = "/greenroom away 5d"
    if not ctx.args:
        raise UsageError(f"For how long? e.g. `{example}` or `/greenroom away until 2026-12-24`.")
    if ctx.args[0].lower() == "until":
        if len(ctx.args) < 2:
            raise UsageError("Until when? e.g. `/greenroom away until 2026-12-24`.")
        last = parse_date(ctx.args[1], example="/greenroom away until 2026-12-24")
        del ctx.args[:2]
        if last < today:
            raise UsageError(
                f"{last:%a %d %b %Y} is in the past. Give a date from today "
                f"({today.isoformat()}) on."
            )
    else:
        length = parse_duration(ctx.args.pop(0), example=example)
        if length.seconds or length.days < 1:
            raise UsageError(f"Give whole days, at least one: e.g. `{example}`.")
        if length.days > MAX_AWAY_DAYS:
            raise UsageError(f"That's more than {MAX_AWAY_DAYS} days. e.g. `{example}`.")
        last = today + timedelta(days=length.days - 1)
    if last > today + timedelta(days=MAX_AWAY_DAYS):
        raise UsageError(
            f"{last.isoformat()} is more than {MAX_AWAY_DAYS} days away; "
            "pick a nearer date or use `/greenroom optout`."
        )
    leftover_words(ctx, usage=_usage(AWAY_USAGE))
    return last


def away_command(ctx: CommandContext) -> str:
    """``away <N>d | until YYYY-MM-DD``."""
    today = _today(ctx)
    last = _away_until(ctx, today)
    ctx.deps.directory.update(ctx.team_id, ctx.user_id, away_until=last)
    return (
        f"You're away until {last:%a %d %b %Y} (included): no pulse prompts or pairings "
        f"until then. Back early? Type `/greenroom back`."
    )


def back_command(ctx: CommandContext) -> str:
    """``back``: clear the away date."""
    leftover_words(ctx, usage="back")
    before = ctx.deps.directory.get(ctx.team_id, ctx.user_id, refresh=False)
    ctx.deps.directory.update(ctx.team_id, ctx.user_id, away_until=None)
    if before is None or not away_on(before, _today(ctx)):
        return "You weren't marked away; you're in for prompts and pairings as usual."
    return "Welcome back! You'll get prompts and pairings again from the next one."


def optout_command(ctx: CommandContext) -> str:
    """``optout``."""
    leftover_words(ctx, usage="optout")
    ctx.deps.directory.update(ctx.team_id, ctx.user_id, opted_out=True)
    return (
        "You're opted out: no more pulse prompts or pairings. What you already answered stays "
        "(`/greenroom forget-me` erases it). `/greenroom optin` brings you back."
    )


def optin_command(ctx: CommandContext) -> str:
    """``optin``."""
    leftover_words(ctx, usage="optin")
    ctx.deps.directory.update(ctx.team_id, ctx.user_id, opted_out=False)
    return "You're in: you'll get pulse prompts and pairings again from the next one."


# holidays -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def supported_countries() -> frozenset[str]:
    """Country codes the holidays package has calendars for."""
    import holidays  # loaded when a team first uses holidays, not at start

    return frozenset(code.upper() for code in holidays.list_supported_countries())


def next_holiday(country: str, today: date) -> tuple[date, str] | None:
    """The first public holiday in ``country`` on or after ``today``."""
    import holidays

    calendar = holidays.country_holidays(country, years=[today.year, today.year + 1])
    upcoming = sorted(day for day in calendar if day >= today)
    return (upcoming[0], str(calendar[upcoming[0]])) if upcoming else None


def holidays_command(ctx: CommandContext) -> str:
    """``holidays <country code> | off``."""
    if len(ctx.args) != 1:
        with ctx.deps.db.session() as session:
            current = store.holidays_country(session, ctx.team_id)
        state = f"Public holidays in {current} are skipped." if current else "No holidays set."
        raise UsageError(f"{state} Usage: `{ctx.command} {_usage(HOLIDAYS_USAGE)}`, e.g. `GB`.")
    word = ctx.args.pop(0)
    if word.lower() in ("off", "none"):
        with ctx.deps.db.session() as session:
            store.set_holidays_country(session, ctx.team_id, None)
        return "Rituals no longer skip public holidays."
    country = word.upper()
    if country not in supported_countries():
        raise UsageError(
            f"`{word}` is not a country code I have holidays for. Use a two-letter code "
            "such as GB, FR, US or DE, or `off`."
        )
    with ctx.deps.db.session() as session:
        store.set_holidays_country(session, ctx.team_id, country)
    found = next_holiday(country, _today(ctx))
    following = f" Next one: {found[1]}, {found[0]:%a %d %b %Y}." if found else ""
    return f"Scheduled rituals now skip public holidays in {country}.{following}"


# forget-me ------------------------------------------------------------------------------


def forget_command(ctx: CommandContext) -> str:
    """``forget-me``: erase the caller's personal data in this workspace."""
    leftover_words(ctx, usage="forget-me")
    with ctx.deps.db.session() as session:
        erased = store.erase_member(session, ctx.team_id, ctx.user_id)
    logger.info("member forgotten team=%s user=%s rows=%s", ctx.team_id, ctx.user_id, erased.total)
    return erased_text(erased)

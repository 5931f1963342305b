"""Creating and describing scheduled rituals, and the team's zone (transitional: see issue 13).

Every ``<ritual> schedule "<cron>" [#channel] …`` command goes through
``schedule_ritual`` so that they all validate, store and answer alike.
"""

from __future__ import annotations

from typing import Any

from bot.commands.router import CommandContext
from rituals import scheduled, teams
from rituals.actors import Actor
from rituals.errors import UsageError
from rituals.scheduled import Scheduled, local_time
from rituals.services import Services

CRON_FIELD_CHARS = set("0123456789*/,-")

__all__ = ["Scheduled", "local_time"]


def _services(holder: Any) -> Services:
    """The services of a command context, the wiring, or the services themselves."""
    while not isinstance(holder, Services):
        holder = getattr(holder, "svc", None) or holder.deps
    return holder


def team_tz(holder: Any, team_id: str) -> str:
    """The team's time zone: set per workspace, else GREENROOM_TZ."""
    return teams.team_zone(_services(holder), team_id)


def take_cron(ctx: CommandContext, *, usage: str) -> str:
    """Remove the cron expression (quoted, or five bare fields) from the arguments."""
    if not ctx.args:
        raise UsageError(f"Give a schedule in quotes. Usage: `{ctx.command} {usage}`")
    first = ctx.args[0]
    if len(first.split()) == 5:
        del ctx.args[0]
        return " ".join(first.split())
    fields = []
    while (
        ctx.args
        and len(fields) < 5
        and set(ctx.args[0].lower()) <= CRON_FIELD_CHARS | set("abcdefghijklmnopqrstuvwxyz")
    ):
        if ctx.args[0].startswith(("<", "#", "@")):
            break
        fields.append(ctx.args.pop(0))
        if len(fields) == 5:
            break
    if len(fields) != 5:
        raise UsageError(
            f"`{' '.join(fields) or first}` is not a cron schedule: it needs five fields "
            f"(minute hour day month weekday) in quotes, e.g. `{ctx.command} {usage}` "
            'with "0 9 * * 1-5" for 09:00 Monday to Friday.'
        )
    return " ".join(fields)


def schedule_ritual(
    ctx: CommandContext,
    *,
    kind: str,
    cron: str,
    channel_id: str | None,
    config: dict[str, Any] | None = None,
    tz: str | None = None,
) -> Scheduled:
    """Validate and store a ritual, and tell the engine; UsageError on a bad cron or channel."""
    return scheduled.create(
        _services(ctx),
        Actor(ctx.team_id, ctx.user_id),
        kind=kind,
        cron=cron,
        channel_id=channel_id,
        config=config,
        tz=tz,
    )


def scheduled_reply(
    kind_label: str, scheduled: Scheduled, cron: str, channel_id: str | None
) -> str:
    """The confirmation every schedule command sends."""
    where = f" in <#{channel_id}>" if channel_id else ""
    return (
        f"Scheduled {kind_label}{where} as ritual #{scheduled.id}: `{cron}`. "
        f"Next run: {local_time(scheduled.next_run_at, scheduled.tz)}. "
        f"See all with `/greenroom rituals`; stop with `/greenroom pause {scheduled.id}`."
    )

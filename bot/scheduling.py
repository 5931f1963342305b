"""Creating and describing scheduled rituals; the team's zone and public holidays.

Every ``<ritual> schedule "<cron>" [#channel] …`` command goes through
``schedule_ritual`` so that they all validate, store and answer alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import select

from bot.commands.router import CommandContext
from rituals.errors import UsageError
from rituals.schedule import next_fire, parse_cron, zone
from storage.models import Ritual, Workspace

CRON_FIELD_CHARS = set("0123456789*/,-")


def team_tz(ctx_or_deps: Any, team_id: str) -> str:
    """The team's time zone: set per workspace, else GREENROOM_TZ."""
    deps = getattr(ctx_or_deps, "deps", ctx_or_deps)
    with deps.db.session() as session:
        workspace = session.get(Workspace, team_id)
        if workspace is not None and workspace.tz:
            return str(workspace.tz)
    return str(deps.settings.tz)


@lru_cache(maxsize=64)
def _calendar(country: str, year: int) -> Any:
    import holidays  # loaded when a team first uses holidays, not at start

    return holidays.country_holidays(country, years=year)


def holiday_name(deps: Any, team_id: str, day: date) -> str | None:
    """The public holiday on ``day`` when the team skips holidays, else None."""
    with deps.db.session() as session:
        workspace = session.get(Workspace, team_id)
        country = workspace.holidays_country if workspace is not None else None
    if not country:
        return None
    name = _calendar(country, day.year).get(day)
    return str(name) if name else None


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


@dataclass(frozen=True)
class Scheduled:
    """A ritual just created."""

    id: int
    next_run_at: datetime
    tz: str


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
    tz_name = tz or team_tz(ctx, ctx.team_id)
    zone(tz_name)
    trigger = parse_cron(cron, tz_name)
    upcoming = next_fire(trigger, ctx.now)
    if upcoming is None:
        raise UsageError(f'`{cron}` never fires. Example: "0 9 * * 1-5" (09:00 Monday to Friday).')
    if channel_id:
        ctx.deps.directory.check_channel(ctx.team_id, channel_id)
    with ctx.deps.db.session() as session:
        ritual = Ritual(
            team_id=ctx.team_id,
            kind=kind,
            channel_id=channel_id,
            cron=cron,
            tz=tz_name,
            config=config or {},
            paused=False,
            next_run_at=upcoming,
            created_by=ctx.user_id,
            created_at=ctx.now,
        )
        session.add(ritual)
        session.flush()
        ritual_id = ritual.id
    ctx.deps.engine.wake.set()
    return Scheduled(ritual_id, upcoming, tz_name)


def local_time(when: datetime, tz_name: str) -> str:
    """``Mon 30 Nov 09:00 (Europe/London)``."""
    return when.astimezone(zone(tz_name)).strftime("%a %d %b %H:%M") + f" ({tz_name})"


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


def rituals_of(deps: Any, team_id: str) -> list[Ritual]:
    """The workspace's rituals, oldest first."""
    with deps.db.session() as session:
        return list(
            session.scalars(select(Ritual).where(Ritual.team_id == team_id).order_by(Ritual.id))
        )

"""``/greenroom rituals`` and ``pause`` / ``resume`` / ``delete <id>``.

Anyone may list the workspace's rituals; only managers change them. Ids are
looked up within the caller's workspace, so another workspace's ritual is as
unknown as one that never existed. Resuming recomputes the next run from now:
runs missed while paused are not caught up.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from slack_bolt import App
from sqlalchemy import select

from bot.commands.router import CommandContext, leftover_words
from bot.scheduling import local_time, rituals_of, team_tz
from bot.views.admin import RitualRow, describe, rituals_text
from rituals.errors import NotFound, UsageError
from storage.models import Ritual

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bot.wiring import Wiring

logger = logging.getLogger(__name__)

LIST_USAGE = "rituals — every scheduled ritual here, with its next run"
PAUSE_USAGE = "pause <id> — stop a ritual until it is resumed"
RESUME_USAGE = "resume <id> — restart a paused ritual from its next scheduled time"
DELETE_USAGE = "delete <id> — remove a ritual for good (past results are kept)"
_ID = re.compile(r"^#?(\d{1,9})$")


def register(app: App, deps: Wiring) -> None:
    """Register the ritual administration commands."""
    router = deps.commands["/greenroom"]
    router.add("rituals", list_command, usage=LIST_USAGE)
    router.add("pause", pause_command, usage=PAUSE_USAGE, manager=True)
    router.add("resume", resume_command, usage=RESUME_USAGE, manager=True)
    router.add("delete", delete_command, usage=DELETE_USAGE, manager=True)


def _row(ritual: Ritual) -> RitualRow:
    return RitualRow(
        id=ritual.id,
        kind=ritual.kind,
        channel_id=ritual.channel_id,
        cron=ritual.cron,
        tz=ritual.tz,
        paused=ritual.paused,
        next_run_at=ritual.next_run_at,
        config=dict(ritual.config or {}),
    )


def take_ritual_id(ctx: CommandContext, *, verb: str) -> int:
    """The ritual id the command names (``3`` or ``#3``); UsageError with an example otherwise."""
    example = f"Type the number from `/greenroom rituals`, e.g. `{ctx.command} {verb} 3`."
    if not ctx.args:
        raise UsageError(f"Which ritual? {example}")
    word = ctx.args.pop(0)
    match = _ID.match(word)
    if match is None:
        raise UsageError(f"`{word}` is not a ritual id. {example}")
    leftover_words(ctx, usage=f"{verb} <id>")
    return int(match.group(1))


def _ritual(session: Session, ctx: CommandContext, ritual_id: int) -> Ritual:
    ritual = session.scalar(
        select(Ritual).where(Ritual.id == ritual_id, Ritual.team_id == ctx.team_id)
    )
    if ritual is None:
        raise NotFound(f"No ritual #{ritual_id} here. Type `/greenroom rituals` to see ids.")
    return ritual


def _label(row: RitualRow) -> str:
    where = f" in <#{row.channel_id}>" if row.channel_id else ""
    return f"ritual #{row.id} ({row.kind}{where}, `{row.cron}`)"


def list_command(ctx: CommandContext) -> str:
    """``rituals``: each ritual with its schedule, next run or pause, and what it does."""
    leftover_words(ctx, usage="rituals")
    rows = [_row(ritual) for ritual in rituals_of(ctx.deps, ctx.team_id)]
    return rituals_text(rows, team_tz(ctx, ctx.team_id))


def pause_command(ctx: CommandContext) -> str:
    """``pause <id>``: nothing more runs until it is resumed."""
    ritual_id = take_ritual_id(ctx, verb="pause")
    with ctx.deps.db.session() as session:
        ritual = _ritual(session, ctx, ritual_id)
        already = ritual.paused
        ritual.paused = True
        row = _row(ritual)
    if already:
        return f"Ritual #{row.id} was already paused. `/greenroom resume {row.id}` restarts it."
    logger.info("ritual %s paused by %s team=%s", row.id, ctx.user_id, ctx.team_id)
    return (
        f"Paused {_label(row)}: it won't run until `/greenroom resume {row.id}`. "
        "Messages already on their way still arrive."
    )


def resume_command(ctx: CommandContext) -> str:
    """``resume <id>``: runs again from its next scheduled time; missed runs are not caught up."""
    ritual_id = take_ritual_id(ctx, verb="resume")
    tz = team_tz(ctx, ctx.team_id)
    with ctx.deps.db.session() as session:
        row = _row(_ritual(session, ctx, ritual_id))
    if not row.paused:
        return f"Ritual #{row.id} isn't paused. {_upcoming(row, tz)}"
    # The next run is recomputed from now while the ritual is still paused, so no tick in
    # between can fire the runs it missed; only then is it unpaused.
    ctx.deps.engine.schedule(ritual_id)
    with ctx.deps.db.session() as session:
        ritual = _ritual(session, ctx, ritual_id)
        ritual.paused = False
        row = _row(ritual)
    logger.info("ritual %s resumed by %s team=%s", row.id, ctx.user_id, ctx.team_id)
    return f"Resumed {_label(row)}; it {describe(row.kind, row.config)}. {_upcoming(row, tz)}"


def _upcoming(row: RitualRow, tz: str) -> str:
    if row.next_run_at is None:
        return "Its schedule has no further runs."
    return f"Next run: {local_time(row.next_run_at, tz)}."


def delete_command(ctx: CommandContext) -> str:
    """``delete <id>``: the ritual goes; its past occurrences and answers stay."""
    ritual_id = take_ritual_id(ctx, verb="delete")
    with ctx.deps.db.session() as session:
        ritual = _ritual(session, ctx, ritual_id)
        row = _row(ritual)
        session.delete(ritual)
    logger.info("ritual %s deleted by %s team=%s", row.id, ctx.user_id, ctx.team_id)
    return (
        f"Deleted {_label(row)}. Past results are kept. "
        "Type `/greenroom rituals` to see what is left."
    )

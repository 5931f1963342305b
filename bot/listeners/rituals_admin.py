"""``/greenroom rituals``, ``rituals edit <id> …``, ``pause`` / ``resume`` / ``delete <id>`` and
``timezone [<Area/City>]``.

Anyone may list the workspace's rituals and see its zone; only managers change them.
Each handler reads its options, calls one use case in ``rituals.scheduled`` and answers
with the text of ``bot.views.admin``.
"""

from __future__ import annotations

import re
from functools import partial

from slack_bolt import App

from bot.commands import options as opt
from bot.commands.options import Options, Parsed, ZoneChoice
from bot.commands.router import CommandContext, leftover_words
from bot.views import admin as views
from bot.wiring import Wiring
from rituals.errors import UsageError
from rituals.scheduled import KindOptions, Zone, edit, listing, manage, timezone

LIST_USAGE = "rituals — every scheduled ritual here in words, with its next run"
EDIT_USAGE = (
    'rituals edit <id> [<schedule>] [#channel] [question "…"] [window 4h] '
    "[tz <Area/City> | local | team-zone] [in-channel] [size 2|3] [followup <N>d|<N>h] [team] — "
    "change a ritual in place, e.g. `rituals edit 3 weekdays 10:00`"
)
PAUSE_USAGE = "pause <id> — stop a ritual until it is resumed"
RESUME_USAGE = "resume <id> — restart a paused ritual from its next scheduled time"
DELETE_USAGE = "delete <id> — remove a ritual for good (past results are kept)"
TIMEZONE_USAGE = "timezone [<Area/City>] — the workspace's time zone; managers set it"
TEAM_ZONE = opt.flag("team-zone", "teamzone")  # back to following the team's zone
EDIT = Options(
    EDIT_USAGE.split(" — ")[0],
    (
        opt.OPTIONAL_SCHEDULE,
        opt.CHANNEL,
        opt.QUESTION,
        opt.WINDOW,
        opt.ZONE,
        opt.IN_CHANNEL,
        opt.SIZE,
        opt.FOLLOWUP,
        opt.TEAM,
        TEAM_ZONE,
    ),
)
_ID = re.compile(r"^#?(\d{1,9})$")


def register(app: App, w: Wiring) -> None:
    """Register the ritual administration commands."""
    router = w.commands["/greenroom"]
    router.add("rituals", partial(list_command, w), usage=LIST_USAGE)
    router.add("rituals edit", partial(edit_command, w), usage=EDIT_USAGE, manager=True)
    router.add("pause", partial(pause_command, w), usage=PAUSE_USAGE, manager=True)
    router.add("resume", partial(resume_command, w), usage=RESUME_USAGE, manager=True)
    router.add("delete", partial(delete_command, w), usage=DELETE_USAGE, manager=True)
    router.add("timezone", partial(timezone_command, w), usage=TIMEZONE_USAGE)


def _ritual_id(ctx: CommandContext, *, verb: str) -> int:
    """The ritual id the command names first (``3`` or ``#3``); UsageError with an example."""
    example = f"Type the number from `/greenroom rituals`, e.g. `{ctx.command} {verb} 3`."
    if not ctx.args:
        raise UsageError(f"Which ritual? {example}")
    word = ctx.args.pop(0)
    match = _ID.match(word)
    if match is None:
        raise UsageError(f"`{word}` is not a ritual id. {example}")
    return int(match.group(1))


def take_ritual_id(ctx: CommandContext, *, verb: str) -> int:
    """The only argument, a ritual id."""
    ritual_id = _ritual_id(ctx, verb=verb)
    leftover_words(ctx, usage=f"{verb} <id>")
    return ritual_id


def list_command(w: Wiring, ctx: CommandContext) -> str:
    """``rituals``: each ritual with its schedule in words, next run or pause, what it does."""
    leftover_words(ctx, usage="rituals")
    return views.rituals_text(listing.rituals(w.svc, ctx.actor))


def _options(given: Parsed) -> KindOptions:
    window = given[opt.WINDOW]
    return KindOptions(
        question=given[opt.QUESTION],
        window_hours=None if window is None else window.total_seconds() / 3600,
        in_channel=True if opt.IN_CHANNEL in given else None,
        size=given[opt.SIZE],
        followup=given[opt.FOLLOWUP],
        whole_team=True if opt.TEAM in given else None,
    )


def edit_command(w: Wiring, ctx: CommandContext) -> str:
    """``rituals edit <id> <options>``: change a ritual in place; its id and history stay."""
    ritual_id = _ritual_id(ctx, verb="rituals edit")
    given = EDIT.parse(ctx.take_all())
    if not given.as_dict():
        raise UsageError(
            f"What should change? e.g. `{ctx.command} rituals edit {ritual_id} weekdays 10:00`. "
            f"Usage: `{ctx.command} {EDIT.usage}`"
        )
    schedule = given[opt.SCHEDULE]
    choice: ZoneChoice | None = given[opt.ZONE]
    if TEAM_ZONE in given:
        if choice is not None:
            raise UsageError("Give either a zone (`tz …`, `local`) or `team-zone`, not both.")
        choice = ZoneChoice(None)
    changed = edit(
        w.svc,
        ctx.actor,
        ritual_id,
        schedule=schedule,
        channel_id=ctx.channel_named(given[opt.CHANNEL]) if opt.CHANNEL in given else None,
        zone_choice=None if choice is None else Zone(choice.name, choice.member_local),
        options=_options(given),
    )
    return views.changed_text("Changed", changed)


def pause_command(w: Wiring, ctx: CommandContext) -> str:
    """``pause <id>``: nothing more runs until it is resumed."""
    done = manage.pause(w.svc, ctx.actor, take_ritual_id(ctx, verb="pause"))
    rid = done.ritual.id
    if done.already:
        return f"Ritual #{rid} was already paused. `/greenroom resume {rid}` restarts it."
    return (
        f"Paused ritual #{rid} ({views.kind_label(done.ritual.kind)}, {done.ritual.words}): "
        f"it won't run until `/greenroom resume {rid}`. Messages already on their way still "
        "arrive."
    )


def resume_command(w: Wiring, ctx: CommandContext) -> str:
    """``resume <id>``: runs again from its next scheduled time; missed runs are not caught up."""
    done = manage.resume(w.svc, ctx.actor, take_ritual_id(ctx, verb="resume"))
    if done.already:
        return f"Ritual #{done.ritual.id} isn't paused: {views.next_run(done.ritual)}."
    return views.changed_text("Resumed", done.ritual)


def delete_command(w: Wiring, ctx: CommandContext) -> str:
    """``delete <id>``: the ritual goes; its past occurrences and answers stay."""
    gone = manage.delete(w.svc, ctx.actor, take_ritual_id(ctx, verb="delete"))
    where = f" in <#{gone.channel_id}>" if gone.channel_id else ""
    return (
        f"Deleted ritual #{gone.id} ({views.kind_label(gone.kind)}{where}, {gone.words}). "
        "Past results are kept. Type `/greenroom rituals` to see what is left."
    )


def timezone_command(w: Wiring, ctx: CommandContext) -> str:
    """``timezone``: the workspace's zone; ``timezone <Area/City>``: set it (managers)."""
    if not ctx.args:
        return views.zone_text(timezone.show(w.svc, ctx.actor))
    name = ctx.args.pop(0)
    leftover_words(ctx, usage=TIMEZONE_USAGE.split(" — ")[0])
    return views.zone_set_text(timezone.set_zone(w.svc, ctx.actor, name=name))

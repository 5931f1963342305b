"""``/retro start|close|action|actions|done``: each reads the command, calls one use case in
``rituals.retro`` and answers with what it returns."""

from __future__ import annotations

from functools import partial

from bot.commands.router import CommandContext, Reply, leftover_words
from bot.views.retro import items_text, shown
from bot.wiring import Wiring
from rituals.errors import UsageError
from rituals.retro import actions, session
from rituals.retro.actions import ACTION_USAGE


def redraw_soon(w: Wiring, team_id: str, retro_id: int) -> None:
    """Redraw the retro message after the ack, only the latest redraw of a retro queued."""
    w.keyed.submit(
        ("retro", team_id, retro_id),
        partial(session.redraw, w.svc, team_id=team_id, retro_id=retro_id),
    )


def start(w: Wiring, ctx: CommandContext) -> Reply:
    """``/retro start [format] [votes N] [title]``."""
    retro = session.start(w.svc, ctx.actor, channel_id=ctx.channel_id, words=ctx.take_all())
    return Reply(
        f"Your {retro.format.name} retro “{shown(retro.title)}” is open. "
        "Everyone adds cards with *Add card*; they stay hidden until you press *Start voting*."
    )


def close(w: Wiring, ctx: CommandContext) -> Reply:
    """``/retro close``: the summary in the channel, or again if it failed to post."""
    leftover_words(ctx, usage="close")
    retro = session.close_here(w.svc, ctx.actor, channel_id=ctx.channel_id)
    redraw_soon(w, ctx.team_id, retro.id)
    return Reply(f"Closed “{shown(retro.title)}”: the summary is in the channel.")


def add_action(w: Wiring, ctx: CommandContext) -> Reply:
    """``/retro action "<text>" @owner``: the owner gets a DM with a Done button."""
    owner = ctx.take_user(usage=f"/retro {ACTION_USAGE}")
    if not ctx.args:
        raise UsageError(f"Say what will be done, e.g. `/retro {ACTION_USAGE}`.")
    added = actions.add(
        w.svc,
        ctx.actor,
        channel_id=ctx.channel_id,
        text=" ".join(ctx.take_all()),
        owner_id=owner,
        trigger_id=ctx.trigger_id,
    )
    item = added.item
    if added.repeated:
        return Reply(f"Action item `#{item.id}` was already added: {shown(item.text)}")
    w.tasks.after_ack(actions.tell_owner, w.svc, team_id=ctx.team_id, item=item)
    if item.retro_id is not None:
        redraw_soon(w, ctx.team_id, item.retro_id)
    return Reply(f"Added action item `#{item.id}` for <@{owner}>: {shown(item.text)}")


def list_actions(w: Wiring, ctx: CommandContext) -> Reply:
    """``/retro actions``: the channel's open items; in a DM, your own."""
    leftover_words(ctx, usage="actions")
    return Reply(items_text(actions.open_items(w.svc, ctx.actor, channel_id=ctx.channel_id)))


def closed_soon(w: Wiring, team_id: str, closed: actions.Closed, done_by: str) -> None:
    """After an item closed: redraw the retros listing it and the owner's DM."""
    for retro_id in closed.retro_ids:
        redraw_soon(w, team_id, retro_id)
    w.tasks.after_ack(actions.show_done, w.svc, team_id=team_id, item=closed.item, done_by=done_by)


def done(w: Wiring, ctx: CommandContext) -> Reply:
    """``/retro done <id>``: its owner, the retro's facilitator or a manager."""
    word = ctx.args[0].lstrip("#") if len(ctx.args) == 1 else ""
    if not word.isdigit():
        raise UsageError("Give the action item's id, e.g. `/retro done 12` (`/retro actions`).")
    closed = actions.done(w.svc, ctx.actor, item_id=int(word))
    closed_soon(w, ctx.team_id, closed, ctx.user_id)
    return Reply(f"Marked `#{closed.item.id}` done: {shown(closed.item.text)}")

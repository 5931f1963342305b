"""Roles: ``role set @user <role>`` (managers), ``role me <role>``, ``roles [#channel]``
and ``roles sync`` (from Slack user groups). The rules are in ``rituals.members.roles``
and ``rituals.roles``; ``unassigned`` or ``none`` clears a role.
"""

from __future__ import annotations

from functools import partial

from slack_bolt import App

from bot.commands.router import CommandContext, Reply, leftover_words
from bot.views import members as views
from bot.views import shadow as shadow_views
from bot.wiring import Wiring
from rituals.members import roles

SET_USAGE = "role set @someone <role>"
ME_USAGE = "role me <role>"
LIST_USAGE = "roles [#channel]"
SYNC_USAGE = "roles sync"


def register(app: App, w: Wiring) -> None:
    """Register the roles commands."""
    router = w.commands["/greenroom"]
    router.add("role set", partial(set_command, w), usage=SET_USAGE, manager=True)
    router.add("role me", partial(me_command, w), usage=ME_USAGE)
    router.add("roles", partial(list_command, w), usage=LIST_USAGE)
    router.add("roles sync", partial(sync_command, w), usage=SYNC_USAGE, manager=True)


def _rest(ctx: CommandContext) -> str:
    raw = " ".join(ctx.args)
    ctx.args.clear()
    return raw


def set_command(w: Wiring, ctx: CommandContext) -> str:
    """``role set @someone <role>``."""
    user_id = ctx.take_user(usage=SET_USAGE)
    given = roles.set_role(w.svc, ctx.actor, user_id=user_id, raw=_rest(ctx))
    return views.role_given(given)


def me_command(w: Wiring, ctx: CommandContext) -> str:
    """``role me <role>``."""
    return views.role_given(roles.my_role(w.svc, ctx.actor, raw=_rest(ctx)))


def list_command(w: Wiring, ctx: CommandContext) -> Reply:
    """``roles [#channel]``: who has which role in the channel, with counts."""
    channel_id = ctx.channel_or_here()
    leftover_words(ctx, usage=LIST_USAGE)
    found = roles.in_channel(w.svc, ctx.actor, channel_id=channel_id)
    text, blocks = views.roles_overview(found)
    return Reply(text, blocks=blocks)


def sync_command(w: Wiring, ctx: CommandContext) -> str:
    """``roles sync``: roles from Slack user groups, by the smallest-group rule."""
    leftover_words(ctx, usage=SYNC_USAGE)
    synced = roles.sync(w.svc, ctx.actor)
    return shadow_views.roles_synced(synced.counts, changed=synced.changed, skipped=synced.skipped)

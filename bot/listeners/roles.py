"""Roles: ``role set @user <role>`` (managers), ``role me <role>``, ``roles [#channel]``
and ``roles sync`` (from Slack user groups).

Role names are normalised and checked by ``rituals.roles``; ``unassigned`` or
``none`` clears a role. ``roles sync`` reads the workspace's user groups and
gives everyone in a group the role ``rituals.roles.role_from_groups`` picks
(the smallest group wins); members in no usable group keep their role.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.commands.router import CommandContext, Reply, leftover_words
from bot.views import shadow as views
from rituals.errors import Conflict, NotAllowed, NotFound, UsageError
from rituals.people import Person
from rituals.roles import display_role, memberships_from_groups, parse_role, role_from_groups
from storage.roles import set_roles

if TYPE_CHECKING:
    from bot.wiring import Wiring

logger = logging.getLogger(__name__)

SET_USAGE = "role set @someone <role>"
ME_USAGE = "role me <role>"
LIST_USAGE = "roles [#channel]"
SYNC_USAGE = "roles sync"


def register(app: App, deps: Wiring) -> None:
    """Register the roles commands."""
    router = deps.commands["/greenroom"]
    router.add("role set", set_command, usage=SET_USAGE, manager=True)
    router.add("role me", me_command, usage=ME_USAGE)
    router.add("roles", list_command, usage=LIST_USAGE)
    router.add("roles sync", sync_command, usage=SYNC_USAGE, manager=True)


def _take_role(ctx: CommandContext, *, usage: str) -> str | None:
    """The rest of the arguments as a role (None for ``unassigned``); UsageError if invalid."""
    raw = " ".join(ctx.args)
    ctx.args.clear()
    if not raw.strip():
        raise UsageError(f"Name the role, e.g. `{ctx.command} {usage}` with `lighting`.")
    return parse_role(raw)


def _confirm(person: Person, role: str | None, *, yourself: bool) -> str:
    who = "You are" if yourself else f"{person.display} is"
    if role is None:
        return f"{who} now unassigned (no role)."
    return f"{who} now in *{role}*. Shadowing will prefer pairing across roles."


def set_command(ctx: CommandContext) -> str:
    """``role set @someone <role>``."""
    user_id = ctx.take_user(usage=SET_USAGE)
    role = _take_role(ctx, usage=SET_USAGE)
    person = ctx.deps.directory.get(ctx.team_id, user_id)
    if person is None or person.deleted:
        raise NotFound("I can't find that person in this workspace. Mention them with @.")
    if person.is_bot:
        raise UsageError(f"{person.display} is a bot; only people have roles.")
    ctx.deps.directory.update(ctx.team_id, user_id, role=role)
    logger.info("role set team=%s user=%s by=%s", ctx.team_id, user_id, ctx.user_id)
    return _confirm(person, role, yourself=user_id == ctx.user_id)


def me_command(ctx: CommandContext) -> str:
    """``role me <role>``."""
    role = _take_role(ctx, usage=ME_USAGE)
    person = ctx.deps.directory.update(ctx.team_id, ctx.user_id, role=role)
    return _confirm(person, role, yourself=True)


def list_command(ctx: CommandContext) -> Reply:
    """``roles [#channel]``: who has which role in the channel, with counts."""
    channel_id = ctx.channel_or_here()
    leftover_words(ctx, usage=LIST_USAGE)
    if channel_id.startswith("D"):
        raise UsageError(f"Name the channel, e.g. `{ctx.command} roles #crew`.")
    ctx.deps.directory.check_channel(ctx.team_id, channel_id)
    members = ctx.deps.directory.channel_members(ctx.team_id, channel_id)
    people = ctx.deps.directory.people(ctx.team_id, members)
    by_role: dict[str, list[str]] = {}
    unassigned: list[str] = []
    for person in people.values():
        if person.is_bot or person.deleted:
            continue
        if person.role is None:
            unassigned.append(person.display)
        else:
            by_role.setdefault(display_role(person.role), []).append(person.display)
    message = views.roles_overview(channel_id, by_role, unassigned)
    return Reply(message.text, blocks=message.blocks)


def _user_groups(client: WebClient) -> list[dict[str, Any]]:
    """The workspace's active user groups, each with its ``users``."""
    try:
        groups = list(client.usergroups_list(include_users=True)["usergroups"] or [])
    except SlackApiError as exc:
        error = exc.response.get("error")
        if error == "missing_scope":
            raise NotAllowed(
                "I need the `usergroups:read` permission to read user groups: reinstall the app "
                "from app.yaml, then try `/greenroom roles sync` again."
            ) from None
        if error == "plan_upgrade_required":
            raise Conflict(
                "This workspace's Slack plan has no user groups. Set roles with "
                "`/greenroom role set @someone <role>` or `/greenroom role me <role>` instead."
            ) from None
        raise
    active = [g for g in groups if not g.get("date_delete")]
    for group in active:
        if group.get("users") is None:  # include_users is not honoured everywhere
            group["users"] = client.usergroups_users_list(usergroup=group["id"])["users"] or []
    return active


def sync_command(ctx: CommandContext) -> str:
    """``roles sync``: roles from Slack user groups, by the smallest-group rule."""
    leftover_words(ctx, usage=SYNC_USAGE)
    groups = _user_groups(ctx.deps.client_for(ctx.team_id))
    skipped = [
        (f"@{g.get('handle') or g.get('name')}", "its handle and name are not valid role names")
        for g in groups
        if not role_from_groups({"_": [(g.get("handle") or "", g.get("name") or "", 1)]})
    ]
    memberships = memberships_from_groups(
        (g.get("handle") or "", g.get("name") or "", g.get("users") or []) for g in groups
    )
    assigned = role_from_groups(memberships)
    people = ctx.deps.directory.people(ctx.team_id, assigned)
    roles: dict[str, str | None] = {
        uid: role
        for uid, role in assigned.items()
        if uid in people and not (people[uid].is_bot or people[uid].deleted)
    }
    with ctx.deps.db.session() as session:
        changed = set_roles(session, ctx.team_id, roles, now=ctx.now)
    logger.info(
        "roles sync team=%s groups=%s members=%s changed=%s",
        ctx.team_id,
        len(groups),
        len(roles),
        changed,
    )
    counts = Counter(role for role in roles.values() if role is not None)
    return views.roles_synced(dict(counts), changed=changed, skipped=skipped)

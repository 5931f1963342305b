"""Role use cases: ``role set``, ``role me``, ``roles [#channel]`` and ``roles sync``.

Names are normalised and checked by ``rituals.roles``. A role the crew does not have
yet is a new department: the answer says so, and when it is close to one the crew has
(``gaffer`` beside ``lighting``) it asks whether that one was meant. ``roles`` lists a
channel's people by role with counts; about a private channel it tells nothing to
anyone who is not in it.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass

from rituals.actors import Actor, require_manager
from rituals.errors import Conflict, NotAllowed, NotFound, UsageError
from rituals.ports import SlackFailure
from rituals.roles import (
    display_role,
    memberships_from_groups,
    parse_role,
    role_from_groups,
    suggest_role,
)
from rituals.services import Services
from storage import roles as store

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RoleGiven:
    """A role given: to whom, which (None: unassigned), and what the crew had before."""

    user_id: str
    display: str
    role: str | None
    yourself: bool
    new_department: bool
    did_you_mean: str | None


@dataclass(frozen=True)
class RolesOverview:
    """A channel's people by role (display names), and those without one."""

    channel_id: str
    by_role: dict[str, list[str]]
    unassigned: list[str]


@dataclass(frozen=True)
class Synced:
    """``roles sync``: people per role, how many changed, user groups skipped and why."""

    counts: dict[str, int]
    changed: int
    skipped: list[tuple[str, str]]


def _give(svc: Services, actor: Actor, user_id: str, raw: str) -> RoleGiven:
    if not raw.strip():
        raise UsageError("Name the role, e.g. `/greenroom role me lighting`.")
    role = parse_role(raw)
    person = svc.people.get(actor.team_id, user_id)
    if person is None or person.deleted:
        raise NotFound("I can't find that person in this workspace. Mention them with @.")
    if person.is_bot:
        raise UsageError(f"{person.display} is a bot; only people have roles.")
    with svc.db.unit() as unit:
        existing = store.counts(unit, team_id=actor.team_id)
        store.set_roles(unit, team_id=actor.team_id, roles={user_id: role}, now=svc.clock.now())
    new = role is not None and role not in existing
    close = suggest_role(role, existing) if new and role is not None else None
    logger.info("role set team=%s user=%s by=%s", actor.team_id, user_id, actor.user_id)
    return RoleGiven(user_id, person.display, role, user_id == actor.user_id, new, close)


def set_role(svc: Services, actor: Actor, *, user_id: str, raw: str) -> RoleGiven:
    """``role set @someone <role>`` (managers)."""
    require_manager(svc, actor, doing="set someone else's role")
    return _give(svc, actor, user_id, raw)


def my_role(svc: Services, actor: Actor, *, raw: str) -> RoleGiven:
    """``role me <role>``."""
    return _give(svc, actor, actor.user_id, raw)


def in_channel(svc: Services, actor: Actor, *, channel_id: str) -> RolesOverview:
    """``roles [#channel]``: who has which role in the channel.

    A private channel is answered only for its own members; anyone else is told what an
    unknown channel gets, so not even its existence shows.
    """
    if channel_id[:1] not in ("C", "G"):
        raise UsageError("Name the channel, e.g. `/greenroom roles #crew`.")
    unknown = NotFound(
        f"I can't see channel <#{channel_id}>: invite me there first with "
        "`/invite @Greenroom`, then try again."
    )
    channel = svc.slack.channel(actor.team_id, channel_id)
    if channel is None:
        raise unknown
    members = svc.people.channel_members(actor.team_id, channel_id)
    if (channel.is_private or channel_id.startswith("G")) and actor.user_id not in members:
        raise unknown
    svc.people.check_channel(actor.team_id, channel_id)
    by_role: dict[str, list[str]] = {}
    unassigned: list[str] = []
    for person in svc.people.people(actor.team_id, members).values():
        if person.is_bot or person.deleted:
            continue
        if person.role is None:
            unassigned.append(person.display)
        else:
            by_role.setdefault(display_role(person.role), []).append(person.display)
    return RolesOverview(channel_id, by_role, unassigned)


def _groups(svc: Services, team_id: str) -> list[tuple[str, str, tuple[str, ...]]]:
    try:
        groups = svc.slack.user_groups(team_id)
    except SlackFailure as failure:
        if failure.error == "missing_scope":
            raise NotAllowed(
                "I need the `usergroups:read` permission to read user groups: reinstall the app "
                "from app.yaml, then try `/greenroom roles sync` again."
            ) from None
        if failure.error == "plan_upgrade_required":
            raise Conflict(
                "This workspace's Slack plan has no user groups. Set roles with "
                "`/greenroom role set @someone <role>` or `/greenroom role me <role>` instead."
            ) from None
        raise
    return [(g.handle, g.name, g.users) for g in groups]


def sync(svc: Services, actor: Actor) -> Synced:
    """``roles sync``: roles from Slack user groups, by the smallest-group rule."""
    require_manager(svc, actor, doing="sync roles")
    groups = _groups(svc, actor.team_id)
    skipped = [
        (f"@{handle or name}", "its handle and name are not valid role names")
        for handle, name, _ in groups
        if not role_from_groups({"_": [(handle, name, 1)]})
    ]
    assigned = role_from_groups(memberships_from_groups(groups))
    people = svc.people.people(actor.team_id, assigned)
    roles: dict[str, str | None] = {
        uid: role
        for uid, role in assigned.items()
        if uid in people and not (people[uid].is_bot or people[uid].deleted)
    }
    with svc.db.unit() as unit:
        changed = store.set_roles(unit, team_id=actor.team_id, roles=roles, now=svc.clock.now())
    logger.info(
        "roles sync team=%s groups=%s members=%s changed=%s",
        actor.team_id,
        len(groups),
        len(roles),
        changed,
    )
    counts = Counter(role for role in roles.values() if role is not None)
    return Synced(dict(counts), changed, skipped)

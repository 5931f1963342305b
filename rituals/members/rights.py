"""Manager rights: ``manager add`` and ``manager remove``.

Rights that come from Slack (admins, owners) or from installing Greenroom cannot be
taken away here; only those given with ``manager add`` can.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from rituals.actors import Actor, require_manager
from rituals.errors import NotFound, UsageError
from rituals.people import Person
from rituals.services import Services
from storage import workspaces

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ManagerChange:
    """The outcome of ``manager add|remove``: whom, why they are a manager regardless, and
    whether a right given with ``manager add`` was there before and is there now."""

    user_id: str
    inherent: str | None
    before: bool
    after: bool


def _named(svc: Services, actor: Actor, user_id: str) -> Person:
    someone = svc.people.get(actor.team_id, user_id)
    if someone is None or someone.deleted:
        raise NotFound(f"I can't find <@{user_id}> in this workspace. Mention them with @.")
    return someone


def inherent(svc: Services, team_id: str, someone: Person) -> str | None:
    """Why someone is a manager whatever Greenroom stores, or None."""
    if someone.is_owner:
        return "a workspace owner"
    if someone.is_admin:
        return "a workspace admin"
    with svc.db.unit() as unit:
        if workspaces.installer(unit, team_id=team_id) == someone.user_id:
            return "the person who installed Greenroom"
    return None


def add(svc: Services, actor: Actor, *, user_id: str) -> ManagerChange:
    """``manager add @someone``."""
    require_manager(svc, actor, doing="add managers")
    someone = _named(svc, actor, user_id)
    if someone.is_bot:
        raise UsageError(f"<@{user_id}> is a bot; only people can be managers.")
    reason = inherent(svc, actor.team_id, someone)
    if reason is not None or someone.is_manager:
        return ManagerChange(user_id, reason, someone.is_manager, someone.is_manager)
    svc.people.update(actor.team_id, user_id, is_manager=True)
    logger.info("manager added team=%s user=%s by=%s", actor.team_id, user_id, actor.user_id)
    return ManagerChange(user_id, None, False, True)


def remove(svc: Services, actor: Actor, *, user_id: str) -> ManagerChange:
    """``manager remove @someone``: only rights given with ``manager add`` go."""
    require_manager(svc, actor, doing="remove managers")
    someone = _named(svc, actor, user_id)
    if someone.is_manager:
        svc.people.update(actor.team_id, user_id, is_manager=False)
        logger.info("manager removed team=%s user=%s by=%s", actor.team_id, user_id, actor.user_id)
    return ManagerChange(user_id, inherent(svc, actor.team_id, someone), someone.is_manager, False)

"""``forget-me``: what would be erased, then (confirmed) erasing it.

The preview runs the very erasure in a transaction that is rolled back, so what the
person is told is exactly what the confirmation will erase. Someone opted out stays
opted out: a row holding only their id and "do not include" is kept. Rights given with
``manager add`` or by installing Greenroom go with the rest (admins' and owners' come
from Slack and stay).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from rituals.actors import Actor
from rituals.retro import author_hash
from rituals.services import Services
from storage import members as store
from storage import people, workspaces
from storage.members import Erased

logger = logging.getLogger(__name__)

__all__ = ["Erased", "Forgetting", "forget"]


@dataclass(frozen=True)
class Forgetting:
    """What forget-me erases (or erased, when ``done``), and what it changes for the person."""

    erased: Erased
    done: bool
    stays_opted_out: bool
    loses_manager: bool


class _DryRun(Exception):
    """Raised inside the preview's unit of work so that it is rolled back."""

    def __init__(self, found: Forgetting) -> None:
        super().__init__("dry run")
        self.found = found


def _erase(svc: Services, actor: Actor, *, keep: bool) -> Forgetting:
    team_id, user_id = actor.team_id, actor.user_id
    now = svc.clock.now()
    with svc.db.unit() as unit:
        stored = people.load(unit, team_id=team_id, user_ids=[user_id]).get(user_id)
        opted_out = stored is not None and stored[0].opted_out
        manager = (stored is not None and stored[0].is_manager) or workspaces.installer(
            unit, team_id=team_id
        ) == user_id
        erased = store.erase_member(unit, team_id=team_id, user_id=user_id, author_hash=author_hash)
        if opted_out:
            # the one row kept: their id and "do not include"
            people.change(unit, team_id=team_id, user_id=user_id, now=now, opted_out=True)
        found = Forgetting(erased, keep, opted_out, manager)
        if not keep:
            raise _DryRun(found)
    return found


def forget(svc: Services, actor: Actor, *, confirmed: bool) -> Forgetting:
    """Without ``confirmed``, what would be erased (nothing changes); with it, erase."""
    if not confirmed:
        try:
            return _erase(svc, actor, keep=False)
        except _DryRun as dry:
            return dry.found
    done = _erase(svc, actor, keep=True)
    logger.info(
        "member forgotten team=%s user=%s rows=%s", actor.team_id, actor.user_id, done.erased.total
    )
    return done

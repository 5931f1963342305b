"""Writing captured reactions and replies, off the request path, retrying lock failures."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import OperationalError

from rituals.services import Services
from storage import interactions as store
from storage.interactions import ReactionKey

logger = logging.getLogger(__name__)

WRITE_ATTEMPTS = 3
RETRY_DELAY = 0.2  # seconds, doubled per attempt


@dataclass(frozen=True)
class Reaction:
    """A reaction added or removed."""

    key: ReactionKey
    target_id: str | None
    occurred_at: datetime
    added: bool

    @property
    def team_id(self) -> str:
        """The workspace."""
        return self.key.team_id

    @property
    def channel_id(self) -> str:
        """The channel of the message reacted to."""
        return self.key.channel_id

    @property
    def actor_id(self) -> str:
        """Who reacted."""
        return self.key.actor_id


@dataclass(frozen=True)
class Reply:
    """A thread reply posted."""

    team_id: str
    channel_id: str
    reply_ts: str
    thread_ts: str
    actor_id: str
    target_id: str | None
    occurred_at: datetime


@dataclass(frozen=True)
class ReplyDeleted:
    """A thread reply deleted."""

    team_id: str
    channel_id: str
    reply_ts: str


Captured = Reaction | Reply | ReplyDeleted


def first_delivery(svc: Services, *, team_id: str, event_id: str) -> bool:
    """Remember a Slack event id; False when it was handled before (a retry)."""
    with svc.db.unit() as unit:
        return store.remember_event(unit, team_id=team_id, event_id=event_id, now=svc.clock.now())


def capture(svc: Services, found: Captured, *, event_id: str) -> bool:
    """Write one captured event; False when it changed nothing (or could not be written)."""
    return _retrying(f"{_describe(found)} event={event_id}", lambda: _write(svc, found))


def _write(svc: Services, found: Captured) -> bool:
    if isinstance(found, ReplyDeleted):
        with svc.db.unit() as unit:
            removed = store.remove_reply(
                unit, team_id=found.team_id, channel_id=found.channel_id, reply_ts=found.reply_ts
            )
        return removed > 0
    actor = found.actor_id
    known = svc.people.people(found.team_id, [actor, found.target_id or actor], refresh=False)
    bots = {uid for uid, someone in known.items() if someone.is_bot}
    if actor in bots:
        return False
    target = None if found.target_id in bots else found.target_id
    with svc.db.unit() as unit:
        if isinstance(found, Reaction):
            if not found.added:
                return store.remove_reaction(unit, found.key, removed_at=found.occurred_at)
            return store.add_reaction(
                unit, found.key, target_id=target, occurred_at=found.occurred_at
            )
        return store.add_reply(
            unit,
            team_id=found.team_id,
            channel_id=found.channel_id,
            reply_ts=found.reply_ts,
            thread_ts=found.thread_ts,
            actor_id=found.actor_id,
            target_id=target,
            occurred_at=found.occurred_at,
        )


def _describe(found: Captured) -> str:
    if isinstance(found, Reaction):
        key = found.key
        verb = "reaction_added" if found.added else "reaction_removed"
        where = f"team={key.team_id} channel={key.channel_id} ts={key.message_ts}"
        return f"{verb} {where} actor={key.actor_id}"
    where = f"team={found.team_id} channel={found.channel_id} ts={found.reply_ts}"
    if isinstance(found, Reply):
        return f"reply {where} actor={found.actor_id}"
    return f"reply_deleted {where}"


def _retrying(ids: str, write: Callable[[], bool]) -> bool:
    """Run a database write, retrying connection or lock failures; log with ids if it gives up."""
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            return write()
        except OperationalError:
            if attempt < WRITE_ATTEMPTS:
                time.sleep(RETRY_DELAY * 2 ** (attempt - 1))
                continue
            logger.exception("interaction not recorded after %s attempts: %s", attempt, ids)
        except Exception:
            logger.exception("interaction not recorded: %s", ids)
        return False
    return False

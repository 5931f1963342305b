"""Action items: who does what after a retro, and closing them when done.

Rules:
- An item is added in a channel by a member of it, tied to the channel's open retro or
  else its latest one; its owner gets a DM with a Done button. A repeated request (the
  same ``trigger_id``, a retry) adds nothing and sends no second DM.
- An item is closed by its owner, the facilitator of its retro or a manager; anyone but
  the owner must be in the item's channel. Someone who may not see the item is told the
  same as for an item that does not exist. Closing updates the owner's DM.
- ``/retro actions`` lists a channel's open items to its members; in a DM, one's own.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from rituals.actors import Actor, is_manager
from rituals.errors import Conflict, NotAllowed, NotFound, UsageError
from rituals.ports import Message
from rituals.retro.access import LARGEST_ID, in_channel, require_member
from rituals.retro.rules import clean_text
from rituals.services import Services
from storage.retro import items as store
from storage.retro import retros
from storage.retro.records import ITEM_DONE, ActionItem

ACTION_USAGE = 'action "<text>" @owner'
OUTSIDE = "Add action items in a channel you're in."


@dataclass(frozen=True)
class ItemDM(Message):
    """The owner's DM about an item: who gave it, and once closed, who closed it."""

    item: ActionItem
    assigned_by: str
    done_by: str | None = None


@dataclass(frozen=True)
class Added:
    """An item added (or found again for a repeated request)."""

    item: ActionItem
    repeated: bool


@dataclass(frozen=True)
class OpenItems:
    """Open items of a channel, or with ``channel_id`` None the person's own."""

    channel_id: str | None
    items: tuple[ActionItem, ...]


@dataclass(frozen=True)
class Closed:
    """An item closed, and the retros whose messages list it."""

    item: ActionItem
    retro_ids: tuple[int, ...]


def request_key(trigger_id: str | None) -> str | None:
    """The key a request is known by (its trigger_id, hashed to a fixed length)."""
    if not trigger_id:
        return None
    return "trigger:" + hashlib.sha256(trigger_id.encode()).hexdigest()[:48]


def add(
    svc: Services,
    actor: Actor,
    *,
    channel_id: str,
    text: str,
    owner_id: str,
    trigger_id: str | None = None,
) -> Added:
    """A new open action item in the channel, once per request."""
    if channel_id.startswith("D"):
        raise UsageError(
            "Action items belong to a channel's crew: type "
            f"`/retro {ACTION_USAGE}` in that channel."
        )
    cleaned = clean_text(text, what="An action item")
    require_member(svc, actor, channel_id, refusal=OUTSIDE)
    key = request_key(trigger_id)
    with svc.db.unit() as unit:
        retros.lock_channel(unit, team_id=actor.team_id, channel_id=channel_id)
        earlier = store.by_request(unit, team_id=actor.team_id, request_key=key) if key else None
        if earlier is not None:
            return Added(earlier, repeated=True)
        scope = {"team_id": actor.team_id, "channel_id": channel_id}
        retro = retros.open_in(unit, **scope) or retros.latest_in(unit, **scope)
        item = store.add(
            unit,
            retro_id=retro.id if retro else None,
            retro_title=retro.title if retro else None,
            text=cleaned,
            owner_id=owner_id,
            created_by=actor.user_id,
            request_key=key,
            now=svc.clock.now(),
            **scope,
        )
    return Added(item, repeated=False)


def tell_owner(svc: Services, *, team_id: str, item: ActionItem) -> None:
    """DM the owner about their new item (with its Done button) and remember where."""
    if not item.owner_id:
        return
    posted = svc.messenger.post(team_id, item.owner_id, ItemDM(item, item.created_by))
    with svc.db.unit() as unit:
        store.set_dm(unit, item_id=item.id, channel=posted.channel, ts=posted.ts)


def open_items(svc: Services, actor: Actor, *, channel_id: str) -> OpenItems:
    """The channel's open items (its members only); in a DM, the person's own."""
    if channel_id.startswith("D"):
        with svc.db.unit() as unit:
            mine = store.owned_by(unit, team_id=actor.team_id, owner_id=actor.user_id)
        return OpenItems(None, tuple(mine))
    require_member(svc, actor, channel_id, refusal="Only the channel's members see its items.")
    with svc.db.unit() as unit:
        found = store.open_in(unit, team_id=actor.team_id, channel_id=channel_id)
    return OpenItems(channel_id, tuple(found))


def _missing(item_id: int) -> NotFound:
    return NotFound(
        f"There's no action item {item_id}. Type `/retro actions` in its channel to see ids."
    )


def done(svc: Services, actor: Actor, *, item_id: int) -> Closed:
    """Close an item (its owner, its retro's facilitator or a manager)."""
    if not 0 < item_id <= LARGEST_ID:
        raise _missing(item_id)
    with svc.db.unit() as unit:
        item = store.get(unit, team_id=actor.team_id, item_id=item_id)
        retro = (
            retros.get(unit, team_id=actor.team_id, retro_id=item.retro_id)
            if item is not None and item.retro_id is not None
            else None
        )
    if item is None:
        raise _missing(item_id)
    if actor.user_id != item.owner_id:
        member = in_channel(
            svc, team_id=actor.team_id, channel_id=item.channel_id, user_id=actor.user_id
        )
        if not member:
            raise _missing(item_id)
        facilitator = retro.facilitator_id if retro else None
        if actor.user_id != facilitator and not is_manager(svc, actor):
            raise NotAllowed(
                f"Only <@{item.owner_id}> (its owner), the retro's facilitator or a manager "
                f"can mark action item `#{item_id}` done."
            )
    with svc.db.unit() as unit:
        if item.status == ITEM_DONE or not store.close(unit, item_id=item_id, now=svc.clock.now()):
            raise Conflict(f"Action item {item_id} is already done.")
        current = retros.open_in(unit, team_id=actor.team_id, channel_id=item.channel_id)
    showing = [item.retro_id] if item.retro_id is not None else []
    if current is not None and current.id not in showing:
        showing.append(current.id)
    return Closed(item, tuple(showing))


def show_done(svc: Services, *, team_id: str, item: ActionItem, done_by: str) -> bool:
    """Update the owner's DM about the item to say it is done; whether there was one."""
    with svc.db.unit() as unit:
        stored = store.get(unit, team_id=team_id, item_id=item.id)
    if stored is None or not stored.dm_channel or not stored.dm_ts:
        return False
    message = ItemDM(stored, stored.created_by, done_by=done_by)
    svc.messenger.update(team_id, stored.dm_channel, stored.dm_ts, message)
    return True

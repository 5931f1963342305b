"""Who may touch a retro: every action is checked against the retro it changes.

Rules:
- A retro, its cards, votes and action items are only for members of the retro's
  channel, as Slack says (asked through the people directory; a member list is trusted
  for five minutes, and asked again whenever it does not include the person).
- A click or a form names a retro or a card by id; the id is looked up within the
  clicker's workspace, and the retro's channel is the one checked, never a channel the
  payload names. Someone outside the channel learns nothing about the retro.
- Starting voting and closing are for the facilitator or a manager.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from weakref import WeakKeyDictionary

from rituals.actors import Actor, is_manager
from rituals.errors import NotAllowed, NotFound
from rituals.people import Directory
from rituals.ports import SlackFailure
from rituals.services import Services
from storage.retro import cards as card_store
from storage.retro import retros as store
from storage.retro.records import RetroRecord
from storage.unit import Unit

FRESH = timedelta(minutes=5)
LARGEST_ID = 2**31 - 1  # ids are 32-bit integers in the database
GONE = "That retro no longer exists. Start one with `/retro start`."
OUTSIDE = "That retro belongs to a channel you're not in, so you can't take part in it."

# Members per (team, channel) as Slack last listed them, per directory (one per app).
_members: WeakKeyDictionary[Directory, dict[tuple[str, str], tuple[frozenset[str], datetime]]]
_members = WeakKeyDictionary()
_lock = threading.Lock()


def in_channel(svc: Services, *, team_id: str, channel_id: str, user_id: str) -> bool:
    """Whether Slack lists the person as a member of the channel."""
    now = svc.clock.now()
    key = (team_id, channel_id)
    with _lock:
        known = _members.setdefault(svc.people, {}).get(key)
    if known is not None and user_id in known[0] and now - known[1] < FRESH:
        return True
    try:
        members = frozenset(svc.people.channel_members(team_id, channel_id))
    except SlackFailure as failure:
        if failure.transient:
            raise
        members = frozenset()  # the channel is gone, or hidden from the bot
    with _lock:
        _members.setdefault(svc.people, {})[key] = (members, now)
    return user_id in members


def require_member(svc: Services, actor: Actor, channel_id: str, *, refusal: str = OUTSIDE) -> None:
    """NotAllowed unless the person is in the channel."""
    if not in_channel(svc, team_id=actor.team_id, channel_id=channel_id, user_id=actor.user_id):
        raise NotAllowed(refusal)


def retro_for(svc: Services, actor: Actor, retro_id: int) -> RetroRecord:
    """The retro with this id in the actor's workspace, if the actor is in its channel."""
    with svc.db.unit() as unit:
        wanted = 0 < retro_id <= LARGEST_ID
        retro = store.get(unit, team_id=actor.team_id, retro_id=retro_id) if wanted else None
    if retro is None:
        raise NotFound(GONE)
    require_member(svc, actor, retro.channel_id)
    return retro


def require_facilitator(svc: Services, actor: Actor, retro: RetroRecord, *, doing: str) -> None:
    """NotAllowed unless the person facilitates the retro or is a manager."""
    if actor.user_id != retro.facilitator_id and not is_manager(svc, actor):
        raise NotAllowed(
            f"Only the facilitator (<@{retro.facilitator_id}>) or a manager can {doing} "
            f"the retro “{retro.title}”."
        )


def retro_of_card(svc: Services, actor: Actor, card_id: int, *, missing: str) -> RetroRecord:
    """The retro a card of the actor's workspace is on, if the actor is in its channel;
    NotFound saying ``missing`` when there is no such card."""
    with svc.db.unit() as unit:
        found = (
            card_store.retro_of(unit, team_id=actor.team_id, card_id=card_id)
            if 0 < card_id <= LARGEST_ID
            else None
        )
    if found is None:
        raise NotFound(missing)
    return retro_for(svc, actor, found)


def locked(unit: Unit, actor: Actor, retro_id: int) -> RetroRecord:
    """The actor's retro, locked for the rest of the unit; NotFound when it is gone."""
    retro = store.lock(unit, team_id=actor.team_id, retro_id=retro_id)
    if retro is None:
        raise NotFound(GONE)
    return retro

"""Avoid lists: "never pair me with them", private to the member who keeps the list.

Nobody else is ever told, by any message: the person avoided is not, and the pairing's
messages never give an avoid list as the reason for anything (see ``Unplaced``).
A member sees their own list; nobody sees anyone else's.
"""

from __future__ import annotations

from rituals.actors import Actor
from rituals.errors import NotFound, UsageError
from rituals.people import Person
from rituals.services import Services
from rituals.shadowing.messages import AvoidChange, Avoided, AvoidList
from storage import avoid as store


def _avoided(person: Person) -> Avoided:
    return Avoided(person.user_id, person.display, person.name or person.user_id)


def _other(svc: Services, actor: Actor, user_id: str, *, example: str) -> Avoided:
    if user_id == actor.user_id:
        raise UsageError(f"That's you — name someone else, e.g. `{example}`.")
    person = svc.people.get(actor.team_id, user_id)
    if person is None:
        raise NotFound("I can't find that person in this workspace. Mention them with @.")
    return _avoided(person)


def avoid(svc: Services, actor: Actor, *, user_id: str) -> AvoidChange:
    """Put someone on the member's avoid list (already there: nothing changes)."""
    other = _other(svc, actor, user_id, example="/greenroom shadow avoid @someone")
    with svc.db.unit() as unit:
        added = store.add_avoid(
            unit,
            team_id=actor.team_id,
            user_id=actor.user_id,
            avoided_user_id=other.user_id,
            now=svc.clock.now(),
        )
    return AvoidChange(other, added)


def unavoid(svc: Services, actor: Actor, *, user_id: str) -> AvoidChange:
    """Take someone off the member's avoid list (not on it: nothing changes)."""
    other = _other(svc, actor, user_id, example="/greenroom shadow unavoid @someone")
    with svc.db.unit() as unit:
        removed = store.remove_avoid(
            unit, team_id=actor.team_id, user_id=actor.user_id, avoided_user_id=other.user_id
        )
    return AvoidChange(other, removed)


def avoid_list(svc: Services, actor: Actor) -> AvoidList:
    """The member's own avoid list (for their eyes only: a reply or their App Home)."""
    with svc.db.unit() as unit:
        ids = store.avoided_by(unit, team_id=actor.team_id, user_id=actor.user_id)
    known = svc.people.people(actor.team_id, ids, refresh=False)
    return AvoidList(
        tuple(_avoided(known[uid]) if uid in known else Avoided(uid, uid, uid) for uid in ids)
    )

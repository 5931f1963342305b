"""A member's own settings from their App Home: away, role and opt-out.

Rules:
- Away counts in the team's calendar: the date picked is the last day away,
  included; it is today or later and at most 365 days ahead (as ``/greenroom away``).
- A role is normalised like every role (``rituals.roles``); a new one close to a
  role the crew has is kept as typed, and the answer asks whether the crew's was meant.
- Each change is the member's own: nobody else's settings can be reached from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from rituals.actors import Actor
from rituals.errors import UsageError
from rituals.roles import normalise_role, suggest_role
from rituals.services import Services
from rituals.teams import local_day
from storage import home as store

MAX_AWAY_DAYS = 365


@dataclass(frozen=True)
class AwaySet:
    """The member's away dates now (None: not away)."""

    until: date | None
    was_away: bool = False


@dataclass(frozen=True)
class RoleSet:
    """The member's role now, whether the crew had it before, and a role they may have meant."""

    role: str
    new: bool
    did_you_mean: str | None = None


def set_away(svc: Services, actor: Actor, *, until: date) -> AwaySet:
    """Away until ``until`` (included); UsageError for a past date or one too far ahead."""
    today = local_day(svc, actor.team_id, svc.clock.now())
    if until < today:
        raise UsageError(f"{until:%a %d %b %Y} is in the past: pick a date from today on.")
    if until > today + timedelta(days=MAX_AWAY_DAYS):
        raise UsageError(
            f"That's more than {MAX_AWAY_DAYS} days away: pick a nearer date, or opt out."
        )
    svc.people.update(actor.team_id, actor.user_id, away_until=until)
    return AwaySet(until)


def come_back(svc: Services, actor: Actor) -> AwaySet:
    """No longer away."""
    today = local_day(svc, actor.team_id, svc.clock.now())
    before = svc.people.get(actor.team_id, actor.user_id, refresh=False)
    svc.people.update(actor.team_id, actor.user_id, away_until=None)
    was = before is not None and before.away_until is not None and before.away_until >= today
    return AwaySet(None, was_away=was)


def set_role(svc: Services, actor: Actor, *, role: str) -> RoleSet:
    """The member's own role, from the crew's list or a new one; UsageError for a bad name."""
    chosen = normalise_role(role)
    with svc.db.unit() as unit:
        crew = store.crew_roles(unit, team_id=actor.team_id)
    svc.people.update(actor.team_id, actor.user_id, role=chosen)
    new = chosen not in crew
    return RoleSet(chosen, new, suggest_role(chosen, crew) if new else None)


def set_opt_out(svc: Services, actor: Actor, *, opted_out: bool) -> bool:
    """Opt out (no prompts, no pairings) or back in; the member's state now."""
    svc.people.update(actor.team_id, actor.user_id, opted_out=opted_out)
    return opted_out

"""A member's own settings from their App Home: away, role and opt-out.

Rules:
- The same use cases as the commands (``rituals.members``): away counts in the team's
  calendar, the date picked is the last day away (included); a role is normalised like
  every role, and a new one close to a role the crew has asks whether that was meant.
- Each change is the member's own: nobody else's settings can be reached from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rituals.actors import Actor
from rituals.members import roles, settings
from rituals.services import Services


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
    """Away until ``until`` (included), by the rules of ``/greenroom away``."""
    return AwaySet(settings.away(svc, actor, until=until))


def come_back(svc: Services, actor: Actor) -> AwaySet:
    """No longer away (``/greenroom back``)."""
    return AwaySet(None, was_away=settings.back(svc, actor))


def set_role(svc: Services, actor: Actor, *, role: str) -> RoleSet:
    """The member's own role, from the crew's list or a new one (``/greenroom role me``)."""
    given = roles.my_role(svc, actor, raw=role)
    return RoleSet(given.role or "", given.new_department, given.did_you_mean)


def set_opt_out(svc: Services, actor: Actor, *, opted_out: bool) -> bool:
    """Opt out (no prompts, no pairings) or back in; the member's state now."""
    settings.opt(svc, actor, out=opted_out)
    return opted_out

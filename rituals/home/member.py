"""What the App Home shows a member, and a manager on top: one use case builds it all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rituals.actors import Actor, is_manager
from rituals.eligibility import away_on
from rituals.figures.home import TeamWeek, manager_week
from rituals.home.streak import member_streak
from rituals.schedule import zone
from rituals.scheduled.listing import Listing, page
from rituals.services import Services
from rituals.shadowing.avoid import avoid_list
from rituals.shadowing.messages import AvoidList
from rituals.teams import team_zone
from storage import home as store
from storage.home import LatestGroup


@dataclass(frozen=True)
class MemberHome:
    """What every member sees of their own."""

    user_id: str
    today: date
    streak: int
    group: LatestGroup | None
    opted_out: bool
    away_until: date | None  # only while it is today or later
    role: str | None
    crew_roles: tuple[str, ...]
    avoiding: AvoidList


@dataclass(frozen=True)
class Home:
    """The whole tab: the member's part, and the crew's rituals for managers."""

    member: MemberHome
    rituals: Listing | None
    team_week: TeamWeek | None = None  # managers: this week's figures, as the gate released them


def member_home(svc: Services, actor: Actor) -> MemberHome:
    """The member's own part of the App Home."""
    tz = team_zone(svc, actor.team_id)
    now = svc.clock.now()
    today = now.astimezone(zone(tz)).date()
    person = svc.people.get(actor.team_id, actor.user_id)
    with svc.db.unit() as unit:
        group = store.latest_group(unit, team_id=actor.team_id, user_id=actor.user_id)
        roles = store.crew_roles(unit, team_id=actor.team_id)
    away = person.away_until if person is not None and away_on(person, today) else None
    return MemberHome(
        user_id=actor.user_id,
        today=today,
        streak=member_streak(svc, actor.team_id, actor.user_id, tz=tz, now=now),
        group=group,
        opted_out=bool(person and person.opted_out),
        away_until=away,
        role=person.role if person else None,
        crew_roles=tuple(roles),
        avoiding=avoid_list(svc, actor),
    )


def home(svc: Services, actor: Actor, *, rituals_page: int = 0) -> Home:
    """The App Home of one person: their part, and one page of the crew's rituals for
    managers."""
    if not is_manager(svc, actor):
        return Home(member_home(svc, actor), None)
    listing = page(svc, actor, number=rituals_page)
    return Home(member_home(svc, actor), listing, manager_week(svc, actor))

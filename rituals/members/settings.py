"""A member's own settings (away, back, optout, optin) and the team's public holidays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from rituals.actors import Actor, require_manager
from rituals.eligibility import away_on
from rituals.errors import UsageError
from rituals.services import Services
from rituals.teams import local_day
from storage import members as store
from storage import workspaces

MAX_AWAY_DAYS = 365


def today(svc: Services, team_id: str) -> date:
    """The team's calendar day now."""
    return local_day(svc, team_id, svc.clock.now())


def away(
    svc: Services, actor: Actor, *, days: int | None = None, until: date | None = None
) -> date:
    """``away <N>d | until <date>``: the last day away (included)."""
    first = today(svc, actor.team_id)
    if until is not None:
        if until < first:
            raise UsageError(
                f"{until:%a %d %b %Y} is in the past. Give a date from today "
                f"({first.isoformat()}) on."
            )
        last = until
    else:
        example = "/greenroom away 5d"
        if days is None or days < 1:
            raise UsageError(f"Give whole days, at least one: e.g. `{example}`.")
        if days > MAX_AWAY_DAYS:
            raise UsageError(f"That's more than {MAX_AWAY_DAYS} days. e.g. `{example}`.")
        last = first + timedelta(days=days - 1)
    if last > first + timedelta(days=MAX_AWAY_DAYS):
        raise UsageError(
            f"{last.isoformat()} is more than {MAX_AWAY_DAYS} days away; "
            "pick a nearer date or use `/greenroom optout`."
        )
    svc.people.update(actor.team_id, actor.user_id, away_until=last)
    return last


def back(svc: Services, actor: Actor) -> bool:
    """``back``: clear the away date; whether they were away."""
    before = svc.people.get(actor.team_id, actor.user_id, refresh=False)
    svc.people.update(actor.team_id, actor.user_id, away_until=None)
    return before is not None and away_on(before, today(svc, actor.team_id))


def opt(svc: Services, actor: Actor, *, out: bool) -> None:
    """``optout`` / ``optin``."""
    svc.people.update(actor.team_id, actor.user_id, opted_out=out)


@dataclass(frozen=True)
class Holidays:
    """The public holidays the team skips: the country (None: none) and the next one."""

    country: str | None
    next_day: date | None = None
    next_name: str | None = None


@lru_cache(maxsize=1)
def supported_countries() -> frozenset[str]:
    """Country codes the holidays package has calendars for."""
    import holidays  # loaded when a team first uses holidays, not at start

    return frozenset(code.upper() for code in holidays.list_supported_countries())


def _next_holiday(country: str, day: date) -> tuple[date, str] | None:
    import holidays

    calendar = holidays.country_holidays(country, years=[day.year, day.year + 1])
    upcoming = sorted(d for d in calendar if d >= day)
    return (upcoming[0], str(calendar[upcoming[0]])) if upcoming else None


def holidays_now(svc: Services, team_id: str) -> str | None:
    """The country whose public holidays the team skips, if any."""
    with svc.db.unit() as unit:
        return workspaces.holidays_country(unit, team_id=team_id)


def set_holidays(svc: Services, actor: Actor, *, code: str | None) -> Holidays:
    """``holidays <country code> | off``."""
    require_manager(svc, actor, doing="set public holidays")
    country = code.upper() if code else None
    if country is not None and country not in supported_countries():
        raise UsageError(
            f"`{code}` is not a country code I have holidays for. Use a two-letter code "
            "such as GB, FR, US or DE, or `off`."
        )
    with svc.db.unit() as unit:
        workspaces.ensure(unit, team_id=actor.team_id, now=svc.clock.now())
        store.set_holidays_country(unit, team_id=actor.team_id, country=country)
    if country is None:
        return Holidays(None)
    found = _next_holiday(country, today(svc, actor.team_id))
    return Holidays(country, *(found or (None, None)))

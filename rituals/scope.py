"""Which workspace, channel and weeks an operator's report (``greenroom export``, ``digest
preview``) is about: checked against the database, so a typo is an error that names what
the database does hold, never an empty report that looks real."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rituals.errors import NotFound, UsageError
from rituals.metrics import IsoWeek, last_complete_week, parse_week
from rituals.teams import zone_in
from storage import channels, workspaces
from storage.db import Database

MAX_WEEKS = 260  # five years of weekly figures in one export
SHOWN = 10  # channel ids named in an error


@dataclass(frozen=True)
class Scope:
    """A checked workspace (with its zone) and, optionally, one of its channels."""

    team_id: str
    tz: str
    channel_id: str | None = None


def choose_team(db: Database, team: str | None) -> str:
    """The workspace to report on; with several in the database, ``team`` must name one."""
    with db.unit() as unit:
        known = {tid: str(name or "") for tid, name in sorted(workspaces.names(unit).items())}
    choices = ", ".join(f"{tid} ({name})" if name else tid for tid, name in known.items())
    if team:
        if team not in known:
            raise NotFound(
                f"No workspace {team} in this database"
                + (f"; it has {choices}." if known else ", which has no workspace yet.")
            )
        return team
    if not known:
        raise NotFound(
            "This database has no workspace yet: install the app in Slack "
            "(or run `greenroom demo`) and try again."
        )
    if len(known) > 1:
        raise UsageError(
            f"This database has several workspaces: {choices}. "
            f"Pick one with --team, e.g. --team {next(iter(known))}."
        )
    return next(iter(known))


def resolve(db: Database, *, team: str | None, channel: str | None, default_tz: str) -> Scope:
    """The workspace (its zone: its own, else ``default_tz``) and the channel, both checked."""
    team_id = choose_team(db, team)
    with db.unit() as unit:
        tz = zone_in(unit, team_id, default=default_tz)
        seen = channels.seen(unit, team_id=team_id) if channel else set()
    if channel and channel not in seen:
        named = ", ".join(sorted(seen)[:SHOWN]) + (", …" if len(seen) > SHOWN else "")
        raise NotFound(
            f"No channel {channel} in the data of {team_id}"
            + (f"; it has {named}." if seen else ", which has no channel yet.")
            + " Give a channel id such as C0123ABCD (not its #name)."
        )
    return Scope(team_id, tz, channel or None)


def weeks(
    *,
    week: str | None,
    first: str | None,
    last: str | None,
    now: datetime,
    tz: str,
) -> list[IsoWeek]:
    """The weeks asked for: one ``week``, a ``first``…``last`` range (``last`` defaults to the
    last complete week), or else the last complete week in the team's zone."""
    if week and (first or last):
        raise UsageError("Give either --week or --from/--to, not both.")
    if last and not first:
        raise UsageError("--to needs --from: e.g. --from 2026-W40 --to 2026-W48.")
    if week:
        return [parse_week(week)]
    latest = last_complete_week(now, tz)
    if not first:
        return [latest]
    start, end = parse_week(first), parse_week(last) if last else latest
    if (start.year, start.week) > (end.year, end.week):
        raise UsageError(f"--from {start} is after --to {end}: give the earlier week first.")
    found = [start]
    while found[-1] != end:
        if len(found) >= MAX_WEEKS:
            raise UsageError(f"That is more than {MAX_WEEKS} weeks: export a shorter range.")
        found.append(found[-1].shift(1))
    return found

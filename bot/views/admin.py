"""Text of the admin replies: the rituals list and the team's zone.

Pure functions of their inputs: no database, no client, no clock.
"""

from __future__ import annotations

from typing import Any

from rituals.scheduled import local_time
from rituals.scheduled.listing import Listing, RitualInfo
from rituals.scheduled.spec import CREW_CHANNEL, WHOLE_TEAM
from rituals.scheduled.timezone import TeamZone, ZoneSet
from rituals.words import plural

SCHEDULE_EXAMPLE = "`/greenroom pulse schedule weekdays 09:00 #crew`"
KIND_LABELS = {
    "pulse": "Daily pulse",
    "shadow": "Shadowing pairings",
    "checkin": "Informal check-in",
    "digest": "Weekly digest",
}


def kind_label(kind: str) -> str:
    """``Daily pulse``, ``Shadowing pairings``…"""
    return KIND_LABELS.get(kind, kind.capitalize())


def _hours(minutes: int) -> str:
    if minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return plural(days, "day")
    if minutes % 60 == 0:
        return f"{minutes // 60}h"
    return f"{minutes} min"


def describe(kind: str, config: dict[str, Any]) -> str:
    """What a ritual of ``kind`` with ``config`` does, in one line."""
    if kind == "pulse":
        text = f"asks “{config.get('question') or 'the daily pulse question'}”"
        if config.get("window_hours"):
            text += f", answers open for {config['window_hours']:g}h"
        if config.get("in_channel"):
            text += ", as one post in the channel"
        return text
    if kind == "shadow":
        size = config.get("size") or 2
        text = "pairs members across roles" if size == 2 else "groups members in threes"
        minutes = config.get("followup_minutes")
        if isinstance(minutes, int) and minutes > 0:
            text += f"; asks “Did you meet?” after {_hours(minutes)}"
        elif minutes == 0:
            text += "; asks “Did you meet?” at once"
        return text
    if kind == "checkin":
        if config.get("question"):
            return f"posts “{config['question']}”"
        return "posts an informal check-in question from the bank"
    if kind == "digest":
        if config.get(WHOLE_TEAM):
            return "posts the weekly cohesion digest for the whole workspace"
        crew = config.get(CREW_CHANNEL)
        return "posts the weekly cohesion digest" + (f" for the crew of <#{crew}>" if crew else "")
    return f"runs {kind}"


def next_run(ritual: RitualInfo) -> str:
    """``paused``, ``no further runs`` or ``next Mon 23 Nov 09:00`` (with the zone when the
    words don't already say it)."""
    if ritual.paused:
        return "paused"
    if ritual.next_run_at is None:
        return "no further runs"
    when = local_time(ritual.next_run_at, ritual.tz)
    return f"next {when if ritual.member_local else when.rsplit(' (', 1)[0]}"


def ritual_line(ritual: RitualInfo) -> str:
    """One ritual: id, kind, channel, schedule in words, next run or paused, what it does."""
    where = f" in <#{ritual.channel_id}>" if ritual.channel_id else ""
    when = next_run(ritual)
    if ritual.paused:
        when = f"*paused* — `/greenroom resume {ritual.id}` to restart"
    return (
        f"*#{ritual.id}* {kind_label(ritual.kind)}{where} · {ritual.words} · {when}\n"
        f"      {describe(ritual.kind, ritual.config)}"
    )


def rituals_text(listing: Listing) -> str:
    """The ``/greenroom rituals`` reply."""
    if not listing.rituals:
        return (
            f"No rituals are scheduled here yet. Start one with {SCHEDULE_EXAMPLE}, "
            "or with New ritual on the Greenroom App Home."
        )
    lines = [
        f"*Rituals* ({len(listing.rituals)}) — each in its own zone; "
        f"the team's is {listing.team_tz}:"
    ]
    lines += [ritual_line(ritual) for ritual in listing.rituals]
    lines.append(
        "Managers: `/greenroom rituals edit <id> …` · `pause <id>` · `resume <id>` · "
        "`delete <id>` — or the Greenroom App Home."
    )
    return "\n".join(lines)


def changed_text(verb: str, ritual: RitualInfo) -> str:
    """The answer to an edit, pause or resume: the ritual as it is now."""
    where = f" in <#{ritual.channel_id}>" if ritual.channel_id else ""
    when = "Paused." if ritual.paused else f"Next run: {_next(ritual)}."
    return (
        f"{verb} ritual #{ritual.id} ({kind_label(ritual.kind)}{where}): {ritual.words}. "
        f"{when} It {describe(ritual.kind, ritual.config)}."
    )


def _next(ritual: RitualInfo) -> str:
    if ritual.next_run_at is None:
        return "none, its schedule has no further runs"
    return local_time(ritual.next_run_at, ritual.tz)


def zone_text(team: TeamZone) -> str:
    """The answer to ``timezone``."""
    source = " (the default for new workspaces)" if team.is_default else ""
    return (
        f"This workspace's time zone is *{team.name}*{source}; it's {team.now:%a %d %b %H:%M} "
        "there now. Rituals without a zone of their own run in it. Managers change it with "
        "`/greenroom timezone <Area/City>`, e.g. `/greenroom timezone Europe/London`."
    )


def zone_set_text(done: ZoneSet) -> str:
    """The answer to ``timezone <Area/City>``."""
    if done.before == done.zone.name:
        moved = "Nothing moved."
    else:
        moved = (
            f"{plural(done.moved, 'ritual')} now run in it "
            "(see `/greenroom rituals` for their next runs)"
        )
        if done.own_zone:
            moved += f"; {done.own_zone} keep a zone of their own"
        moved += "."
    return (
        f"This workspace's time zone is now *{done.zone.name}* (was {done.before}); it's "
        f"{done.zone.now:%a %d %b %H:%M} there now. {moved}"
    )

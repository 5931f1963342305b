"""What managers do with the pulse: send it now, put it on a schedule, read the results.

A channel is asked at most once a day; results are aggregates only, released through
the privacy gate (see ``rituals.pulse.figures`` and ``rituals.figures``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from rituals.actors import Actor, require_manager
from rituals.eligibility import why_left_out
from rituals.engine.queue import enqueue
from rituals.errors import Conflict, UsageError
from rituals.people import Person
from rituals.pulse.config import PulseConfig
from rituals.pulse.figures import PulseFigures, channel_results
from rituals.pulse.timing import day_bounds, week_bounds
from rituals.schedule import zone
from rituals.scheduled import Scheduled, create
from rituals.services import Services
from rituals.teams import team_zone
from rituals.words import plural
from storage import pulse_days
from storage.pulse import OCCURRENCE_KIND


def members_channel(channel_id: str, *, example: str) -> str:
    """The channel whose members are asked; a DM has no crew to ask."""
    if channel_id.startswith("D"):
        raise UsageError(f"Name the channel whose members to ask, e.g. `{example}`.")
    return channel_id


@dataclass(frozen=True)
class Sending:
    """A pulse sent now: how many it asks, how many were asked earlier today, who can't be."""

    channel_id: str
    asking: int
    asked_before: int
    left_out: dict[str, int]  # why (away, opted out) -> how many
    in_channel: bool


def _why(person: Person, day: date) -> str | None:
    """Why someone is not asked, in one word; None for bots and deactivated accounts."""
    reason = why_left_out(person, day)
    if reason is None or person.is_bot or person.deleted:
        return None
    return "away" if reason.startswith("away") else reason


def send_now(
    svc: Services,
    actor: Actor,
    *,
    channel_id: str,
    in_channel: bool = False,
    report_in: str | None = None,
) -> Sending:
    """Ask today's pulse now of the channel's members not asked yet today (in a DM each, or
    with one post in the channel); ``report_in`` is where to tell the sender, once the fan-out
    has finished, how many it reached. Conflict when there is no one left to ask."""
    require_manager(svc, actor, doing="send the pulse")
    channel = members_channel(channel_id, example="/greenroom pulse send #crew")
    svc.people.check_channel(actor.team_id, channel)
    tz = team_zone(svc, actor.team_id)
    day = svc.clock.now().astimezone(zone(tz)).date()
    start, end = day_bounds(day, tz)
    chosen, left = svc.people.eligible(actor.team_id, channel, day)
    with svc.db.unit() as unit:
        asked = pulse_days.asked_between(
            unit, team_id=actor.team_id, channel_id=channel, start=start, end=end
        )
    asking = [p for p in chosen if p.user_id not in asked]
    reasons = Counter(why for p in left if (why := _why(p, day)) is not None)
    if not asking:
        raise Conflict(
            (
                f"Everyone in <#{channel}> who can be asked today already was "
                f"({plural(len(asked), 'person', 'people')}), so I won't ask "
                f"twice. See how it's going with `/greenroom pulse results <#{channel}>`."
                if asked
                else f"No one in <#{channel}> can be asked today."
            )
            + (f" Not asked: {_counted(reasons)}." if reasons else "")
        )
    config = {**PulseConfig(in_channel=in_channel).as_config(), "only_unasked": True}
    if report_in:
        config["report_in"] = report_in
    enqueue(
        svc,
        team_id=actor.team_id,
        kind=OCCURRENCE_KIND,
        channel_id=channel,
        config=config,
        created_by=actor.user_id,
    )
    return Sending(channel, len(asking), len(asked), dict(reasons), in_channel)


def _counted(reasons: Counter[str]) -> str:
    return ", ".join(f"{count} {why}" for why, count in sorted(reasons.items()))


def schedule(
    svc: Services,
    actor: Actor,
    *,
    cron: str,
    channel_id: str,
    config: PulseConfig,
    tz: str | None = None,
) -> Scheduled:
    """A pulse on a schedule for the channel's members."""
    require_manager(svc, actor, doing="schedule the pulse")
    channel = members_channel(channel_id, example='/greenroom pulse schedule "0 9 * * 1-5" #crew')
    if config.local_time and config.in_channel:
        raise UsageError(
            "`local` and `in-channel` don't go together: a post in the channel goes out at one "
            "time for everyone. Choose one, e.g. `/greenroom pulse schedule weekdays 09:00 "
            "#crew in-channel`."
        )
    return create(
        svc,
        actor,
        kind=OCCURRENCE_KIND,
        cron=cron,
        channel_id=channel,
        config=config.as_config(),
        tz=tz,
    )


@dataclass(frozen=True)
class Results:
    """Today's and this week's figures for a channel, as safe to show."""

    channel_id: str
    today_label: str
    today: PulseFigures
    week_label: str
    week: PulseFigures
    min_group: int


def results(svc: Services, actor: Actor, *, channel_id: str) -> Results:
    """Today's and this week's aggregate figures for the channel's pulse."""
    require_manager(svc, actor, doing="see the pulse results")
    channel = members_channel(channel_id, example="/greenroom pulse results #crew")
    tz = team_zone(svc, actor.team_id)
    now = svc.clock.now()
    today = now.astimezone(zone(tz)).date()
    day_start, day_end = day_bounds(today, tz)
    week_start, week_end = week_bounds(now, tz)
    k = svc.config.smallest_group
    with svc.db.unit() as unit:
        today_figures, week_figures = channel_results(
            unit,
            team_id=actor.team_id,
            channel_id=channel,
            tz=tz,
            now=now,
            min_group=k,
            bounds=((day_start, day_end), (week_start, week_end)),
        )
    monday = week_start.astimezone(zone(tz))
    return Results(
        channel_id=channel,
        today_label=f"Today ({today:%a %d %b})",
        today=today_figures,
        week_label=f"This week (since {monday:%a %d %b})",
        week=week_figures,
        min_group=k,
    )

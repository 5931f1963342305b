"""The pulse on the engine: one prompt (and reminder) per eligible member, sent as DMs.

A pulse occurrence plans one ``pulse_prompt`` per eligible channel member and, when
the ritual has one, a ``pulse_reminder`` inside the answer window. Scheduled pulses
skip public holidays. Right before each message goes out, the member is checked again:
someone who opted out, went away or left since planning is not asked. The reminder
goes only to those who have not answered, in the same DM as the prompt.
"""

from __future__ import annotations

import logging
from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rituals.eligibility import why_left_out
from rituals.engine.types import PlanContext, Planned, SendContext, SkipDelivery, SkipOccurrence
from rituals.pulse import channel, joins, report
from rituals.pulse.config import DEFAULT_QUESTION, PulseConfig
from rituals.pulse.messages import Prompt
from rituals.pulse.timing import day_bounds, local_prompt_time, reminder_time
from rituals.schedule import zone
from rituals.teams import holiday_name, team_zone
from storage import pulse as store
from storage import pulse_days, pulse_joins
from storage.pulse import OCCURRENCE_KIND, PROMPT, REMINDER

logger = logging.getLogger(__name__)


def plan(ctx: PlanContext) -> list[Planned]:
    """One prompt (and reminder) per eligible channel member."""
    occurrence, svc = ctx.occurrence, ctx.svc
    config = PulseConfig.from_config(occurrence.config)
    tz = team_zone(svc, occurrence.team_id)
    day = occurrence.scheduled_for.astimezone(zone(tz)).date()
    if occurrence.ritual_id is not None:
        holiday = holiday_name(svc, occurrence.team_id, day)
        if holiday:
            raise SkipOccurrence(f"public holiday: {holiday}")
    if not occurrence.channel_id:
        raise SkipOccurrence("no channel to take members from")
    people, _ = svc.people.eligible(occurrence.team_id, occurrence.channel_id, day)
    if occurrence.config.get("only_unasked"):
        asked = _asked_today(ctx, tz, day)
        people = [p for p in people if p.user_id not in asked]
    if not people:
        raise SkipOccurrence(f"no one to ask in {occurrence.channel_id}")
    if config.in_channel:
        logger.info("pulse occurrence %s: %s members asked in channel", occurrence.id, len(people))
        at = occurrence.scheduled_for
        return channel.plan(occurrence.channel_id, people, config, at) + report.plan(occurrence)
    joined = joins.already_asked(
        svc,
        team_id=occurrence.team_id,
        user_ids=[p.user_id for p in people],
        question=config.question,
        tz=tz,
        day=day,
        excluding_occurrence=occurrence.id,
    )
    planned = []
    for person in sorted(people, key=lambda p: p.user_id):
        prompt_at = occurrence.scheduled_for
        if config.local_time:
            prompt_at = local_prompt_time(prompt_at, team_zone=tz, member_zone=person.tz)
        payload = {"question": config.question, "window_hours": config.window_hours}
        dm = joined.get(person.user_id)
        planned.append(Planned(PROMPT, person.user_id, payload, prompt_at, joined_to=dm))
        remind_at = None if dm is not None else reminder_time(prompt_at, config)
        if remind_at is not None:
            planned.append(
                Planned(REMINDER, person.user_id, {"question": config.question}, remind_at)
            )
    logger.info("pulse occurrence %s: %s members to ask", occurrence.id, len(people))
    return planned + report.plan(occurrence)


def _asked_today(ctx: PlanContext, tz: str, day: date) -> set[str]:
    """Who the channel's other pulses today asked already (or are about to)."""
    start, end = day_bounds(day, tz)
    with ctx.svc.db.unit() as unit:
        return pulse_days.asked_between(
            unit,
            team_id=ctx.occurrence.team_id,
            channel_id=str(ctx.occurrence.channel_id),
            start=start,
            end=end,
            excluding_occurrence=ctx.occurrence.id,
        )


def _still_welcome(ctx: SendContext) -> None:
    """SkipDelivery when the member opted out, went away or left since planning."""
    team_id, user_id = ctx.delivery.team_id, ctx.delivery.recipient
    person = ctx.svc.people.get(team_id, user_id, refresh=False)
    if person is None:
        return
    tz = person.tz if person.tz and _known_zone(person.tz) else team_zone(ctx.svc, team_id)
    reason = why_left_out(person, ctx.now.astimezone(zone(tz)).date())
    if reason is not None:
        raise SkipDelivery(reason)


def _known_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def send_prompt(ctx: SendContext) -> None:
    """Post the pulse DM to its member, naming the channels it asks for (or join the DM
    another channel's pulse sent them today)."""
    _still_welcome(ctx)
    if ctx.delivery.joined_to is not None:
        joins.send_joined(ctx)
        if ctx.posted is not None:
            return
    question = str(ctx.delivery.payload.get("question") or DEFAULT_QUESTION)
    prompt = Prompt(
        ctx.delivery.occurrence_id,
        question,
        min_group=ctx.svc.config.smallest_group,
        channels=_channels(ctx, ctx.delivery.id),
    )
    ctx.post(ctx.delivery.recipient, prompt)


def _channels(ctx: SendContext, delivery_id: int) -> tuple[str, ...]:
    with ctx.svc.db.unit() as unit:
        row = pulse_joins.by_id(unit, delivery_id=delivery_id)
        return joins.channels(unit, row) if row is not None else ()


def send_reminder(ctx: SendContext) -> None:
    """Post the reminder in the same DM, unless the member has answered (or left) since."""
    delivery = ctx.delivery
    team_id, occurrence_id = delivery.team_id, delivery.occurrence_id
    with ctx.svc.db.unit() as unit:
        answered = store.answer_of(
            unit, team_id=team_id, occurrence_id=occurrence_id, user_id=delivery.recipient
        )
        own = store.member_messages(
            unit, team_id=team_id, occurrence_id=occurrence_id, user_id=delivery.recipient
        )
    if answered is not None:
        raise SkipDelivery("already answered")
    prompt = next((m for m in own if m.kind == PROMPT), None)
    if prompt is None or prompt.status != "sent":
        raise SkipDelivery("the prompt did not go out")
    _still_welcome(ctx)
    question = str(delivery.payload.get("question") or prompt.question or DEFAULT_QUESTION)
    ctx.post(
        prompt.channel or delivery.recipient,
        Prompt(
            delivery.occurrence_id,
            question,
            reminder=True,
            min_group=ctx.svc.config.smallest_group,
            channels=_channels(ctx, prompt.delivery_id),
        ),
    )


PLANNERS = {OCCURRENCE_KIND: plan}
SENDERS = {PROMPT: send_prompt, REMINDER: send_reminder, **channel.SENDERS, **report.SENDERS}
FINISHERS = channel.FINISHERS

"""The digest on the engine: one post per occurrence, then its trend chart.

An occurrence plans one ``digest_post`` delivery to its channel, naming the week (the
one given when it was enqueued, else the last complete week at the occurrence's
scheduled time in the team zone, so a late catch-up still reports the right week) and
the crew it covers (``crew_channel``, or ``team`` for the whole workspace; a ritual from
before either existed covers the channel it posts in). The sender reads the crew's week
through the gate, posts the message, then uploads the chart to the same channel. A
failed upload is logged and not retried: the message is already out, and retrying the
delivery would post it twice.
"""

from __future__ import annotations

import logging

from rituals.digest.crew import crew_channel_of, crew_for, week_for
from rituals.digest.messages import KIND, POST, DigestPost
from rituals.engine.types import PlanContext, Planned, SendContext, SkipDelivery, SkipOccurrence
from rituals.errors import GreenroomError
from rituals.figures.reports import digest_for
from rituals.metrics import parse_week
from rituals.ports import Chart, SlackFailure
from rituals.scheduled.spec import CREW_CHANNEL, WHOLE_TEAM

logger = logging.getLogger(__name__)


def plan(ctx: PlanContext) -> list[Planned]:
    """One post to the occurrence's channel, for the week and crew it names."""
    occurrence = ctx.occurrence
    if not occurrence.channel_id:
        raise SkipOccurrence("no channel to post the digest to")
    week = occurrence.config.get("week") or week_for(
        ctx.svc, occurrence.team_id, occurrence.scheduled_for
    )
    crew = crew_channel_of(occurrence.config, occurrence.channel_id)
    covers = {WHOLE_TEAM: True} if crew is None else {CREW_CHANNEL: crew}
    return [Planned(POST, occurrence.channel_id, {"week": str(week), **covers})]


def send_post(ctx: SendContext) -> None:
    """Post the crew's digest, then upload its trend chart to the same channel."""
    svc, delivery = ctx.svc, ctx.delivery
    week = parse_week(str(delivery.payload["week"]))
    try:
        crew, members = crew_for(
            svc, delivery.team_id, crew_channel_of(delivery.payload, delivery.recipient)
        )
    except GreenroomError as error:
        raise SkipDelivery(f"the crew's channel is out of reach: {error}") from None
    report = digest_for(
        svc,
        team_id=delivery.team_id,
        week=week,
        channel_id=crew.channel_id,
        members=members,
        now=ctx.now,
    )
    from rituals.digest.chart import TITLE, render_trend  # matplotlib loads on first use

    png = render_trend(report.points)  # before posting: a drawing failure posts nothing
    posted = ctx.post(delivery.recipient, DigestPost(report.metrics, report.previous, crew))
    chart = Chart(
        png=png,
        filename=f"greenroom-trend-{week}.png",
        title=f"8-week trend of the {TITLE[0].lower()}{TITLE[1:]} to {week} — {crew.label()}",
        alt_text="Line chart of the pulse mean (1–5), response rate and cross-role share "
        "over 8 weeks; weeks without data are gaps marked “no data”",
    )
    try:
        svc.messenger.upload(delivery.team_id, posted.channel, chart)
    except SlackFailure as failure:
        logger.warning(
            "digest chart upload failed team=%s delivery=%s: %s",
            delivery.team_id,
            delivery.id,
            failure.error,
        )


PLANNERS = {KIND: plan}
SENDERS = {POST: send_post}

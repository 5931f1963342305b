"""Telling the manager who sent a pulse how it went, once its fan-out has finished.

The report waits (without counting attempts) until no prompt of its pulse is still on its
way, then says how many were reached, how many could not be (with Slack's reasons), and
how many had stepped out in between. It is shown to the manager alone, where they typed
the command.
"""

from __future__ import annotations

from datetime import timedelta

from rituals.engine.types import NotYet, OccurrenceInfo, Planned, SendContext, SkipDelivery
from rituals.pulse.messages import SendReport
from storage import pulse_days
from storage.pulse import PULSE_REPORT

WAIT = timedelta(seconds=20)


def plan(occurrence: OccurrenceInfo) -> list[Planned]:
    """The report, when the pulse was sent by hand and asked for one."""
    where = occurrence.config.get("report_in")
    if not where or not occurrence.created_by or occurrence.ritual_id is not None:
        return []
    return [Planned(PULSE_REPORT, occurrence.created_by, {"channel": str(where)})]


def send(ctx: SendContext) -> None:
    """Report to the manager once nothing of the pulse is still on its way."""
    delivery, svc = ctx.delivery, ctx.svc
    with svc.db.unit() as unit:
        found = pulse_days.outcome(
            unit, team_id=delivery.team_id, occurrence_id=delivery.occurrence_id
        )
    if found.count("pending", "claimed", "sending", "waiting"):
        raise NotYet("prompts still on their way", until=ctx.now + WAIT)
    channel = ctx.occurrence.channel_id
    where = str(delivery.payload.get("channel") or "")
    if not channel or not where:
        raise SkipDelivery("nowhere to report")
    report = SendReport(
        channel,
        reached=found.count("sent"),
        failed=found.count("failed"),
        stepped_out=found.count("skipped"),
        errors=tuple(sorted(found.errors.items())),
        in_channel=bool(ctx.occurrence.config.get("in_channel")),
    )
    svc.messenger.ephemeral(delivery.team_id, where, delivery.recipient, report)


SENDERS = {PULSE_REPORT: send}

"""Shadowing on the engine: a round's intros, follow-ups and notes to anyone left out.

Each group gets an intro in its own group DM (opened with its members) and, after the
follow-up delay, "Did you meet?" in the same DM. The follow-up waits for its intro:
it is never due before the intros, and if its intro has not gone out yet when it is
picked up, it waits (the intro skipped or failed: no follow-up either). Scheduled
rounds skip public holidays.
"""

from __future__ import annotations

from datetime import timedelta

from rituals.engine.types import (
    NotYet,
    PlanContext,
    Planned,
    SendContext,
    SkipDelivery,
    SkipOccurrence,
)
from rituals.services import Services
from rituals.shadowing.messages import Followup, Intro, Member, Unplaced
from rituals.shadowing.options import KIND, RoundOptions, ShadowDelivery, group_recipient
from rituals.shadowing.rounds import ensure_round
from rituals.teams import holiday_name, local_day, team_zone
from storage import pairing as store
from storage.pairing import PairingRecord

INTRO_WAIT = timedelta(seconds=15)  # a follow-up picked up before its intro looks again then


def plan(ctx: PlanContext) -> list[Planned]:
    """One intro and one follow-up per group, one DM per member left without a group."""
    occurrence, svc = ctx.occurrence, ctx.svc
    if occurrence.ritual_id is not None:
        holiday = holiday_name(svc, occurrence.team_id, local_day(svc, occurrence.team_id, ctx.now))
        if holiday:
            raise SkipOccurrence(f"public holiday: {holiday}")
    round_ = ensure_round(svc, occurrence)
    if not round_.pairings and not round_.unplaced:
        raise SkipOccurrence("fewer than two members to pair")
    # Never due before the intros (due now), so that in claim order they come after them.
    ask_at = max(round_.created_at + RoundOptions.from_config(occurrence.config).followup, ctx.now)
    planned = [
        Planned(ShadowDelivery.INTRO, group_recipient(p.id), {"pairing_id": p.id})
        for p in round_.pairings
    ]
    planned += [
        Planned(
            ShadowDelivery.FOLLOWUP, group_recipient(p.id), {"pairing_id": p.id}, not_before=ask_at
        )
        for p in round_.pairings
    ]
    planned += [Planned(ShadowDelivery.UNPLACED, uid) for uid, _ in round_.unplaced]
    return planned


def _pairing(ctx: SendContext) -> PairingRecord:
    pairing_id = int(ctx.delivery.payload.get("pairing_id") or 0)
    with ctx.svc.db.unit() as unit:
        found = store.get_pairing(unit, team_id=ctx.delivery.team_id, pairing_id=pairing_id)
    if found is None:
        raise SkipDelivery("pairing no longer exists")
    if len(found.members) < 2:
        raise SkipDelivery("fewer than two members left in the group")
    return found


def _group_dm(svc: Services, pairing: PairingRecord) -> str:
    """The group's DM, opened on first use (conversations.open is idempotent at Slack)."""
    if pairing.group_channel:
        return pairing.group_channel
    channel = svc.messenger.open_conversation(pairing.team_id, pairing.user_ids)
    with svc.db.unit() as unit:
        store.set_group_channel(
            unit, team_id=pairing.team_id, pairing_id=pairing.id, channel=channel
        )
    return channel


def send_intro(ctx: SendContext) -> None:
    """Open the group DM and post the intro with a shadowing suggestion."""
    pairing = _pairing(ctx)
    channel = _group_dm(ctx.svc, pairing)
    delay = RoundOptions.from_config(ctx.occurrence.config).followup
    ctx.post(
        channel,
        Intro(
            members=tuple(Member(m.user_id, m.role) for m in pairing.members),
            suggestion=pairing.suggestion,
            channel_id=pairing.channel_id,
            cross_role=pairing.cross_role,
            followup_at=pairing.created_at + delay if delay else None,
            tz=team_zone(ctx.svc, pairing.team_id),
        ),
    )


def send_followup(ctx: SendContext) -> None:
    """Ask the group whether they met, once their intro is out."""
    pairing = _pairing(ctx)
    if pairing.met is not None:
        raise SkipDelivery("already answered")
    with ctx.svc.db.unit() as unit:
        intro = store.group_message(
            unit,
            team_id=pairing.team_id,
            occurrence_id=pairing.occurrence_id,
            kind=ShadowDelivery.INTRO,
            recipient=group_recipient(pairing.id),
        )
    if intro is None or intro.status in ("skipped", "failed"):
        raise SkipDelivery("the intro did not go out")
    if intro.status != "sent":
        raise NotYet("waiting for the intro", until=ctx.now + INTRO_WAIT)
    channel = intro.channel or _group_dm(ctx.svc, pairing)
    ctx.post(channel, Followup(pairing.id, pairing.user_ids))


def send_unplaced(ctx: SendContext) -> None:
    """Tell a member they have no group this round (never why: see ``Unplaced``)."""
    ctx.post(ctx.delivery.recipient, Unplaced(channel_id=ctx.occurrence.channel_id))


PLANNERS = {KIND: plan}
SENDERS = {
    ShadowDelivery.INTRO.value: send_intro,
    ShadowDelivery.FOLLOWUP.value: send_followup,
    ShadowDelivery.UNPLACED.value: send_unplaced,
}

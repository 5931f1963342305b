"""The pulse asked in a channel: one post with the buttons, for crews too large for a DM each.

Rules:
- One post in the channel asks every eligible member at once. Each member is still
  recorded as asked (a ``waiting`` prompt row, settled when the post goes out), so results
  and reminders count them exactly as if they had had a DM.
- A click is stored privately (the last click of the day wins) and confirmed to the person
  alone; the post itself only ever shows how many have answered: a count, which the
  privacy rule treats as public (the gate's model takes every figure's count as known),
  never a mean or a distribution — those are released only by ``rituals.figures``.
- The reminder is one reply in the post's thread, not a DM per person.
- Only members asked by the post can answer through it.
"""

from __future__ import annotations

from datetime import datetime

from rituals.engine.types import DeliveryInfo, Planned, SendContext, SkipDelivery
from rituals.ports import Posted
from rituals.pulse.config import DEFAULT_QUESTION, PulseConfig
from rituals.pulse.messages import ChannelNudge, ChannelPrompt
from rituals.pulse.timing import reminder_time
from rituals.services import Services
from storage import pulse as store
from storage import sends
from storage.people import PersonRecord
from storage.pulse import CHANNEL_POST, CHANNEL_REMINDER, PROMPT


def plan(
    channel_id: str, people: list[PersonRecord], config: PulseConfig, at: datetime
) -> list[Planned]:
    """The post, everyone it asks (waiting on it), and the thread reminder."""
    question = config.question
    planned = [Planned(CHANNEL_POST, channel_id, {"question": question}, at)]
    planned += [
        Planned(PROMPT, p.user_id, {"question": question, "in_channel": True}, at, waiting=True)
        for p in sorted(people, key=lambda p: p.user_id)
    ]
    remind_at = reminder_time(at, config)
    if remind_at is not None:
        planned.append(Planned(CHANNEL_REMINDER, channel_id, {"question": question}, remind_at))
    return planned


def _answered(svc: Services, team_id: str, occurrence_id: int) -> int:
    with svc.db.unit() as unit:
        return store.answer_count(unit, team_id=team_id, occurrence_id=occurrence_id)


def send_post(ctx: SendContext) -> None:
    """Post the question with its buttons in the channel."""
    question = str(ctx.delivery.payload.get("question") or DEFAULT_QUESTION)
    prompt = ChannelPrompt(
        ctx.delivery.occurrence_id, question, min_group=ctx.svc.config.smallest_group
    )
    ctx.post(ctx.delivery.recipient, prompt)


def settle_asked(svc: Services, delivery: DeliveryInfo, status: str, posted: Posted | None) -> None:
    """Once the post is out (or never will be), everyone it asked is settled with it."""
    with svc.db.unit() as unit:
        sends.settle_waiting(
            unit,
            occurrence_id=delivery.occurrence_id,
            kind=PROMPT,
            status="sent" if status == "sent" else "failed",
            channel=posted.channel if posted else None,
            ts=posted.ts if posted else None,
            error=None if status == "sent" else "the channel post did not go out",
            now=svc.clock.now(),
        )


def send_nudge(ctx: SendContext) -> None:
    """One reply in the post's thread, saying how many have answered."""
    delivery = ctx.delivery
    with ctx.svc.db.unit() as unit:
        post = store.channel_post(
            unit, team_id=delivery.team_id, occurrence_id=delivery.occurrence_id
        )
    if post is None or post.status != "sent" or not post.ts or not post.channel:
        raise SkipDelivery("the channel post did not go out")
    question = str(delivery.payload.get("question") or DEFAULT_QUESTION)
    answered = _answered(ctx.svc, delivery.team_id, delivery.occurrence_id)
    ctx.post(post.channel, ChannelNudge(question, answered), thread_ts=post.ts)


def refresh(svc: Services, *, team_id: str, occurrence_id: int) -> bool:
    """Redraw the channel post with how many have answered; False when there is none."""
    with svc.db.unit() as unit:
        post = store.channel_post(unit, team_id=team_id, occurrence_id=occurrence_id)
        answered = store.answer_count(unit, team_id=team_id, occurrence_id=occurrence_id)
    if post is None or post.status != "sent" or not post.channel or not post.ts:
        return False
    prompt = ChannelPrompt(
        occurrence_id,
        post.question or DEFAULT_QUESTION,
        answered=answered,
        min_group=svc.config.smallest_group,
    )
    svc.messenger.update(team_id, post.channel, post.ts, prompt)
    return True


SENDERS = {CHANNEL_POST: send_post, CHANNEL_REMINDER: send_nudge}
FINISHERS = {CHANNEL_POST: settle_asked}

"""One pulse DM a day per person and question, naming the channels it is for.

Rules:
- Someone in several channels whose pulses ask the same question on the same day gets one
  DM; it names every channel it is for, and their answer (and note) counts for each.
- A later channel's prompt joins the DM already planned or sent: it posts nothing, waits
  until that DM is out, then redraws it naming one channel more and takes over the
  answer given so far. If that DM never went out, it sends its own.
- A joined prompt has no reminder of its own: the DM's reminder asks for every channel.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from rituals.engine.types import NotYet, SendContext
from rituals.ports import Posted
from rituals.pulse.messages import Prompt
from rituals.pulse.timing import day_bounds
from rituals.services import Services
from storage import pulse as store
from storage import pulse_joins
from storage.pulse import PromptMessage
from storage.unit import Unit

WAIT = timedelta(seconds=10)


def already_asked(
    svc: Services,
    *,
    team_id: str,
    user_ids: list[str],
    question: str,
    tz: str,
    day: date,
    excluding_occurrence: int,
) -> dict[str, int]:
    """Members another pulse DM asks the same question today: member -> that DM's delivery."""
    start, end = day_bounds(day, tz)
    with svc.db.unit() as unit:
        found = pulse_joins.dm_prompts_between(
            unit, team_id=team_id, user_ids=user_ids, start=start, end=end
        )
    joins: dict[str, int] = {}
    for user, prompts in found.items():
        same = [
            p for p in prompts if p.question == question and p.occurrence_id != excluding_occurrence
        ]
        if same:
            joins[user] = same[0].delivery_id
    return joins


def channels(unit: Unit, prompt: PromptMessage) -> tuple[str, ...]:
    """The channels a pulse DM asks for: its own, then those of the prompts joining it."""
    joined = pulse_joins.joined(unit, delivery_id=prompt.delivery_id)
    names = [prompt.occurrence_channel, *(j.occurrence_channel for j in joined)]
    return tuple(dict.fromkeys(c for c in names if c))


def also_for(
    unit: Unit,
    *,
    team_id: str,
    user_id: str,
    prompt: PromptMessage,
    now: datetime,
    score: int | None = None,
    note: str | None = None,
) -> None:
    """Store an answer or a note given to a DM for the other channels' prompts joining it."""
    for other in pulse_joins.joined(unit, delivery_id=prompt.delivery_id):
        if other.recipient != user_id:
            continue
        occurrence_id = other.occurrence_id
        if score is not None:
            store.save_answer(
                unit,
                team_id=team_id,
                occurrence_id=occurrence_id,
                user_id=user_id,
                channel_id=other.occurrence_channel,
                score=score,
                now=now,
            )
        if note is not None:
            store.save_note(
                unit,
                team_id=team_id,
                occurrence_id=occurrence_id,
                user_id=user_id,
                text=note,
                now=now,
            )


def send_joined(ctx: SendContext) -> None:
    """A prompt joining another channel's DM: take that DM over instead of posting."""
    delivery, svc = ctx.delivery, ctx.svc
    assert delivery.joined_to is not None
    team_id, user_id = delivery.team_id, delivery.recipient
    with svc.db.unit() as unit:
        dm = pulse_joins.by_id(unit, delivery_id=delivery.joined_to)
        if dm is None or dm.status in ("failed", "skipped"):
            return None  # the DM never went out: this prompt sends its own
        if dm.status != "sent" or not dm.channel or not dm.ts:
            raise NotYet("waiting for the pulse DM it joins", until=ctx.now + WAIT)
        own = dm.occurrence_id
        score = store.answer_of(unit, team_id=team_id, occurrence_id=own, user_id=user_id)
        note = store.note_of(unit, team_id=team_id, occurrence_id=own, user_id=user_id)
        here = delivery.occurrence_id
        if score is not None:
            store.save_answer(
                unit,
                team_id=team_id,
                occurrence_id=here,
                user_id=user_id,
                channel_id=ctx.occurrence.channel_id,
                score=score,
                now=ctx.now,
            )
        if note is not None:
            store.save_note(
                unit, team_id=team_id, occurrence_id=here, user_id=user_id, text=note, now=ctx.now
            )
        names = channels(unit, dm)
    redraw = Prompt(
        dm.occurrence_id,
        dm.question,
        reminder=False,
        score=score,
        noted=note is not None,
        min_group=svc.config.smallest_group,
        channels=names,
    )
    svc.messenger.update(delivery.team_id, dm.channel, dm.ts, redraw)
    ctx.posted = Posted(dm.channel, dm.ts)
    return None

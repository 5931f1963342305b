"""Pulse answers, notes and the aggregate counts results are made of.

Answers and notes are upserts keyed by (occurrence, member): the last click
wins, ``answered_at`` keeps the first answer's time. Results are computed in
SQL as counts and sums, so individual answers never leave the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, distinct, func, select

from storage.models import Delivery, Occurrence, PulseAnswer, PulseNote
from storage.unit import Unit

PROMPT = "pulse_prompt"
REMINDER = "pulse_reminder"
CHANNEL_POST = "pulse_channel_post"
CHANNEL_REMINDER = "pulse_channel_reminder"
PULSE_REPORT = "pulse_report"
OCCURRENCE_KIND = "pulse"


@dataclass(frozen=True)
class PromptMessage:
    """A pulse message (prompt or reminder) sent to a member."""

    delivery_id: int
    occurrence_id: int
    kind: str
    recipient: str
    status: str
    channel: str | None
    ts: str | None
    question: str
    occurrence_channel: str | None = None
    in_channel: bool = False  # asked by the occurrence's post in its channel, not in a DM


@dataclass(frozen=True)
class ScoreCount:
    """How often one score was given, and by how many different people."""

    answers: int = 0
    people: int = 0


@dataclass(frozen=True)
class PulseCounts:
    """Aggregate counts of a period, as the database returns them."""

    prompts: int = 0
    prompted: int = 0
    answers: int = 0
    responders: int = 0
    score_sum: int = 0
    by_score: Mapping[int, ScoreCount] = field(default_factory=dict)


# The statements of the answer-button path are built once: building a statement costs
# SQLAlchemy more than running it, and a click must be acknowledged fast.
# Table columns, not ORM attributes, keep them off the ORM's per-statement compile path.
_DELIVERY, _OCCURRENCE = Delivery.__table__.c, Occurrence.__table__.c
MESSAGES = select(
    _DELIVERY.id,
    _DELIVERY.occurrence_id,
    _DELIVERY.kind,
    _DELIVERY.recipient,
    _DELIVERY.status,
    _DELIVERY.channel,
    _DELIVERY.message_ts,
    _DELIVERY.payload,
    _OCCURRENCE.channel_id,
).join_from(Delivery.__table__, Occurrence.__table__, _OCCURRENCE.id == _DELIVERY.occurrence_id)
_MEMBER_MESSAGES = MESSAGES.where(
    _DELIVERY.team_id == bindparam("team_id"),
    _DELIVERY.occurrence_id == bindparam("occurrence_id"),
    _DELIVERY.recipient == bindparam("user_id"),
    _DELIVERY.kind.in_((PROMPT, REMINDER)),
).order_by(_DELIVERY.id)
_MESSAGE_AT = MESSAGES.where(
    _DELIVERY.team_id == bindparam("team_id"),
    _DELIVERY.occurrence_id == bindparam("occurrence_id"),
    _DELIVERY.kind.in_((PROMPT, REMINDER)),
    _DELIVERY.channel == bindparam("channel"),
    _DELIVERY.message_ts == bindparam("ts"),
).limit(1)
_ANSWER_UPSERTS: dict[str, Any] = {}
_ANSWERS, _NOTES = PulseAnswer.__table__.c, PulseNote.__table__.c
_ANSWER_OF = select(_ANSWERS.score).where(
    _ANSWERS.team_id == bindparam("team_id"),
    _ANSWERS.occurrence_id == bindparam("occurrence_id"),
    _ANSWERS.user_id == bindparam("user_id"),
)
_NOTE_OF = select(_NOTES.text).where(
    _NOTES.team_id == bindparam("team_id"),
    _NOTES.occurrence_id == bindparam("occurrence_id"),
    _NOTES.user_id == bindparam("user_id"),
)


def asked_in_channel(payload: Mapping[str, Any] | None) -> bool:
    """A pulse message's payload says it asks a channel in its post, not one member."""
    return bool((payload or {}).get("in_channel"))


def to_message(row: Any) -> PromptMessage:
    return PromptMessage(
        delivery_id=row.id,
        occurrence_id=row.occurrence_id,
        kind=row.kind,
        recipient=row.recipient,
        status=row.status,
        channel=row.channel,
        ts=row.message_ts,
        question=str((row.payload or {}).get("question") or ""),
        occurrence_channel=row.channel_id,
        in_channel=asked_in_channel(row.payload),
    )


def member_messages(
    unit: Unit, *, team_id: str, occurrence_id: int, user_id: str
) -> list[PromptMessage]:
    """The pulse deliveries (prompt first, then reminder) of an occurrence for one member."""
    rows = unit.execute(
        _MEMBER_MESSAGES,
        {"team_id": team_id, "occurrence_id": occurrence_id, "user_id": user_id},
    )
    return [to_message(row) for row in rows]


def message_at(
    unit: Unit, *, team_id: str, occurrence_id: int, channel: str, ts: str
) -> PromptMessage | None:
    """The pulse message of an occurrence posted at ``channel``/``ts``, if known."""
    row = unit.execute(
        _MESSAGE_AT,
        {"team_id": team_id, "occurrence_id": occurrence_id, "channel": channel, "ts": ts},
    ).first()
    return None if row is None else to_message(row)


def save_answer(
    unit: Unit,
    *,
    team_id: str,
    occurrence_id: int,
    channel_id: str | None,
    user_id: str,
    score: int,
    now: datetime,
) -> None:
    """Store a member's answer; a later one replaces it (first answer time kept)."""
    statement = _ANSWER_UPSERTS.get(unit.dialect)
    if statement is None:
        insert = unit.insert(PulseAnswer.__table__)
        statement = _ANSWER_UPSERTS[unit.dialect] = insert.on_conflict_do_update(
            index_elements=[PulseAnswer.occurrence_id, PulseAnswer.user_id],
            set_={"score": insert.excluded.score, "updated_at": insert.excluded.updated_at},
        )
    unit.execute(
        statement,
        {
            "team_id": team_id,
            "occurrence_id": occurrence_id,
            "channel_id": channel_id,
            "user_id": user_id,
            "score": score,
            "answered_at": now,
            "updated_at": now,
        },
    )


_CHANNEL_POST = MESSAGES.where(
    _DELIVERY.team_id == bindparam("team_id"),
    _DELIVERY.occurrence_id == bindparam("occurrence_id"),
    _DELIVERY.kind == CHANNEL_POST,
).limit(1)
_ANSWER_COUNT = select(func.count()).where(
    _ANSWERS.team_id == bindparam("team_id"), _ANSWERS.occurrence_id == bindparam("occurrence_id")
)


def channel_post(unit: Unit, *, team_id: str, occurrence_id: int) -> PromptMessage | None:
    """The post that asked a channel-wide pulse, once planned."""
    row = unit.execute(_CHANNEL_POST, {"team_id": team_id, "occurrence_id": occurrence_id}).first()
    return None if row is None else to_message(row)


def answer_count(unit: Unit, *, team_id: str, occurrence_id: int) -> int:
    """How many members have answered a pulse (no more than that)."""
    return int(
        unit.execute(
            _ANSWER_COUNT, {"team_id": team_id, "occurrence_id": occurrence_id}
        ).scalar_one()
    )


def answer_of(unit: Unit, *, team_id: str, occurrence_id: int, user_id: str) -> int | None:
    """A member's current answer to an occurrence, or None."""
    return unit.execute(
        _ANSWER_OF, {"team_id": team_id, "occurrence_id": occurrence_id, "user_id": user_id}
    ).scalar()


def save_note(
    unit: Unit, *, team_id: str, occurrence_id: int, user_id: str, text: str, now: datetime
) -> None:
    """Store a member's private note for an occurrence (replacing an earlier one)."""
    statement = unit.insert(PulseNote.__table__).values(
        team_id=team_id,
        occurrence_id=occurrence_id,
        user_id=user_id,
        text=text,
        created_at=now,
        updated_at=now,
    )
    unit.execute(
        statement.on_conflict_do_update(
            index_elements=[PulseNote.occurrence_id, PulseNote.user_id],
            set_={"text": statement.excluded.text, "updated_at": statement.excluded.updated_at},
        )
    )


def note_of(unit: Unit, *, team_id: str, occurrence_id: int, user_id: str) -> str | None:
    """A member's own note for an occurrence, or None."""
    return unit.execute(
        _NOTE_OF, {"team_id": team_id, "occurrence_id": occurrence_id, "user_id": user_id}
    ).scalar()


def period_counts(
    unit: Unit, *, team_id: str, channel_id: str | None, start: datetime, end: datetime
) -> PulseCounts:
    """Prompts sent and answers given for pulse occurrences scheduled in [start, end)."""
    occurrences = [
        Occurrence.team_id == team_id,
        Occurrence.kind == OCCURRENCE_KIND,
        Occurrence.scheduled_for >= start,
        Occurrence.scheduled_for < end,
    ]
    if channel_id is not None:
        occurrences.append(Occurrence.channel_id == channel_id)
    prompts, prompted = unit.execute(
        select(func.count(Delivery.id), func.count(distinct(Delivery.recipient)))
        .join(Occurrence, Occurrence.id == Delivery.occurrence_id)
        .where(
            Delivery.team_id == team_id,
            Delivery.kind == PROMPT,
            Delivery.status == "sent",
            *occurrences,
        )
    ).one()
    answered = (
        select(PulseAnswer)
        .join(Occurrence, Occurrence.id == PulseAnswer.occurrence_id)
        .where(PulseAnswer.team_id == team_id, *occurrences)
        .subquery()
    )
    answers, responders, score_sum = unit.execute(
        select(
            func.count(answered.c.id),
            func.count(distinct(answered.c.user_id)),
            func.coalesce(func.sum(answered.c.score), 0),
        )
    ).one()
    by_score = {
        int(score): ScoreCount(answers=int(count), people=int(people))
        for score, count, people in unit.execute(
            select(
                answered.c.score,
                func.count(answered.c.id),
                func.count(distinct(answered.c.user_id)),
            ).group_by(answered.c.score)
        )
    }
    return PulseCounts(
        prompts=int(prompts),
        prompted=int(prompted),
        answers=int(answers),
        responders=int(responders),
        score_sum=int(score_sum),
        by_score=by_score,
    )

"""What an answer click reads: the member's pulse messages in one statement; and what its
confirmation reads: the same with the member's answer and note as they stand, in one.

A click is acknowledged within Slack's three seconds while many arrive at once, so its
reads are one prebuilt statement: the member's prompt and reminder of the occurrence,
each saying whether other channels' prompts joined it (the answer is then stored for
them too) and the reminder's status (skipped once, when still pending).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, exists, literal, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from storage.models import Delivery, PulseAnswer, PulseNote
from storage.pulse import (
    MESSAGES,
    PROMPT,
    REMINDER,
    PromptMessage,
    asked_in_channel,
    save_answer,
    to_message,
)
from storage.sends import skip_pending
from storage.unit import Unit

_D = Delivery.__table__.c
_JOINING = Delivery.__table__.alias("joining")


def _clicked(team: str, occurrence: str, user: str) -> Any:
    """The member's pulse messages, bound by these parameter names."""
    return (
        MESSAGES.add_columns(exists().where(_JOINING.c.joined_to == _D.id).label("joined"))
        .where(
            _D.team_id == bindparam(team),
            _D.occurrence_id == bindparam(occurrence),
            _D.recipient == bindparam(user),
            or_(_D.kind == PROMPT, _D.kind == REMINDER),  # IN (…) would be expanded per run
        )
        .order_by(_D.id)
    )


_CLICKED = _clicked("team_id", "occurrence_id", "user_id")


_A, _N = PulseAnswer.__table__.c, PulseNote.__table__.c
# A confirmation's one read: the same messages (joins may have come since the click), with
# the member's answer and whether they left a note as they stand when it runs.
_REDRAWN = _CLICKED.add_columns(
    select(_A.score)
    .where(
        _A.team_id == bindparam("team_id"),
        _A.occurrence_id == bindparam("occurrence_id"),
        _A.user_id == bindparam("user_id"),
    )
    .scalar_subquery()
    .label("score"),
    exists()
    .where(
        _N.team_id == bindparam("team_id"),
        _N.occurrence_id == bindparam("occurrence_id"),
        _N.user_id == bindparam("user_id"),
    )
    .label("noted"),
)


@dataclass(frozen=True)
class ClickedMessages:
    """A member's pulse messages of an occurrence (prompt first), as a click reads them."""

    messages: tuple[PromptMessage, ...]
    joined: frozenset[int]  # delivery ids of messages other channels' prompts joined

    @property
    def prompt(self) -> PromptMessage | None:
        """The member's prompt (not the reminder)."""
        return next((m for m in self.messages if m.kind == PROMPT), None)

    @property
    def reminder_pending(self) -> bool:
        """A reminder still waits to be sent."""
        return any(m.kind == REMINDER and m.status == "pending" for m in self.messages)

    def at(self, channel: str, ts: str) -> PromptMessage | None:
        """The message posted at ``channel``/``ts``, if it is one of these."""
        return next((m for m in self.messages if m.channel == channel and m.ts == ts), None)


def _messages(rows: Sequence[Any]) -> ClickedMessages:
    return ClickedMessages(
        tuple(to_message(row) for row in rows), frozenset(row.id for row in rows if row.joined)
    )


@dataclass(frozen=True)
class OwnClick:
    """An answer stored through the member's own message (``in_channel``: a channel's post)."""

    in_channel: bool


def clicked_messages(
    unit: Unit, *, team_id: str, occurrence_id: int, user_id: str
) -> ClickedMessages:
    """The member's pulse messages of an occurrence, and which of them others joined."""
    rows = unit.execute(
        _CLICKED, {"team_id": team_id, "occurrence_id": occurrence_id, "user_id": user_id}
    ).all()
    return _messages(rows)


@dataclass(frozen=True)
class Standing:
    """What a confirmation redraws: the member's messages, their answer and whether noted."""

    own: ClickedMessages
    score: int | None
    noted: bool


def standing(unit: Unit, *, team_id: str, occurrence_id: int, user_id: str) -> Standing:
    """The member's pulse messages of an occurrence with their answer and note as they stand."""
    rows = unit.execute(
        _REDRAWN, {"team_id": team_id, "occurrence_id": occurrence_id, "user_id": user_id}
    ).all()
    first = rows[0] if rows else None
    return Standing(
        _messages(rows), first.score if first else None, bool(first.noted) if first else False
    )


def _own_click_answered() -> Any:
    """PostgreSQL: the member's messages as ``_CLICKED`` reads them, and in the same statement
    the answer stored (``saved``) and their pending reminder skipped, when the clicked message
    is one of them and no other channel's prompt joined theirs; nothing written otherwise.
    One round trip (in autocommit no BEGIN or COMMIT either), one row back: the clicked
    message's payload, when it was stored.

    Its parameters are named after no column: SQLAlchemy would take such a name for a value
    the UPDATE sets."""
    own = _clicked("in_team", "of_occurrence", "by_user").cte("own")
    hit = (
        select(own.c.channel_id, own.c.payload)
        .where(
            own.c.channel == bindparam("at_channel"),
            own.c.message_ts == bindparam("at_ts"),
            ~exists(select(own.c.id).where(own.c.joined)),
        )
        .limit(1)
        .cte("hit")
    )
    answers = PulseAnswer.__table__
    insert = pg_insert(PulseAnswer).from_select(
        ["team_id", "occurrence_id", "channel_id", "user_id", "score", "answered_at", "updated_at"],
        select(
            bindparam("in_team", type_=answers.c.team_id.type),
            bindparam("of_occurrence", type_=answers.c.occurrence_id.type),
            hit.c.channel_id,
            bindparam("by_user", type_=answers.c.user_id.type),
            bindparam("new_score", type_=answers.c.score.type),
            bindparam("at_time", type_=answers.c.answered_at.type),
            bindparam("at_time", type_=answers.c.updated_at.type),
        ),
    )
    saved = (
        insert.on_conflict_do_update(
            index_elements=[answers.c.occurrence_id, answers.c.user_id],
            set_={"score": insert.excluded.score, "updated_at": insert.excluded.updated_at},
        )
        .returning(literal(1).label("one"))
        .cte("saved")
    )
    skipped = (
        update(Delivery)
        .where(
            _D.id.in_(select(own.c.id).where(own.c.kind == REMINDER)),
            _D.status == "pending",
            exists(select(saved.c.one)),
        )
        .values(status="skipped", error=bindparam("why"))
        .returning(_D.id)
        .cte("skipped")
    )
    return select(
        hit.c.payload,
        exists(select(saved.c.one)).label("saved"),
        exists(select(skipped.c.id)).label("_"),
    )


_ANSWERED = _own_click_answered()


def answer_own_click(
    unit: Unit,
    *,
    team_id: str,
    occurrence_id: int,
    user_id: str,
    channel: str,
    ts: str,
    score: int,
    now: datetime,
    skip_reason: str,
) -> OwnClick | None:
    """Store the answer and skip the member's pending reminder (``skip_reason``) when the
    clicked message (``channel``/``ts``) is one of their pulse messages and no other channel's
    prompt joined theirs; None when nothing was written.

    On PostgreSQL one statement (see ``Database.unit(one_statement=True)``) run on the driver's
    cursor (``Unit.first_on_driver``); on SQLite a read, then the writes."""
    if unit.dialect != "postgresql":
        own = clicked_messages(unit, team_id=team_id, occurrence_id=occurrence_id, user_id=user_id)
        clicked = own.at(channel, ts)
        if clicked is None or own.joined:
            return None
        store_answer(
            unit,
            team_id=team_id,
            own=own,
            message=clicked,
            score=score,
            now=now,
            skip_reason=skip_reason,
        )
        return OwnClick(clicked.in_channel)
    row = unit.first_on_driver(
        _ANSWERED,
        {
            "in_team": team_id,
            "of_occurrence": occurrence_id,
            "by_user": user_id,
            "at_channel": channel,
            "at_ts": ts,
            "new_score": score,
            "at_time": now,
            "why": skip_reason,
        },
    )
    if row is None or not row[1]:  # (payload, saved, _)
        return None
    payload = json.loads(row[0]) if isinstance(row[0], str | bytes) else row[0]
    return OwnClick(asked_in_channel(payload))


def store_answer(
    unit: Unit,
    *,
    team_id: str,
    own: ClickedMessages,
    message: PromptMessage,
    score: int,
    now: datetime,
    skip_reason: str,
) -> None:
    """Store the answer given through ``message`` (one of ``own``, the member's messages of
    the occurrence) and skip their reminder if it is still pending (``skip_reason``)."""
    save_answer(
        unit,
        team_id=team_id,
        occurrence_id=message.occurrence_id,
        channel_id=message.occurrence_channel,
        user_id=message.recipient,
        score=score,
        now=now,
    )
    if own.reminder_pending:
        skip_pending(
            unit,
            team_id=team_id,
            occurrence_id=message.occurrence_id,
            kind=REMINDER,
            user_id=message.recipient,
            reason=skip_reason,
        )

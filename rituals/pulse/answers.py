"""Answering the pulse: a click on 1-5, a private note, and the DM redrawn to confirm.

Rules:
- Only the member a prompt was sent to can answer through it; a prompt is found by
  the message clicked (its channel and ts), never by what the button says alone.
- The last click wins; the first answer's time is kept.
- An answer cancels the member's pending reminder for that pulse.
- A pulse asked in a channel is answered through the channel's post; the answer is
  confirmed to the person alone and the post never shows it (see ``rituals.pulse.channel``).
- A note is private to its author, checked before it is stored, and replaces an
  earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass

from rituals.pulse import joins
from rituals.pulse.config import DEFAULT_QUESTION, note_problem
from rituals.pulse.messages import Prompt
from rituals.services import Services
from storage import pulse as store
from storage import pulse_clicks as clicks
from storage.pulse import PROMPT, REMINDER, PromptMessage
from storage.pulse_clicks import ClickedMessages
from storage.unit import Unit


@dataclass(frozen=True)
class Clicked:
    """The message a click came from, as Slack reports it (it may be missing)."""

    channel: str | None = None
    ts: str | None = None


@dataclass(frozen=True)
class Answered:
    """What an answer click did: ``accepted`` is False when the prompt was someone else's;
    ``in_channel`` when it came from a post in a channel (confirmed to the person alone)."""

    accepted: bool
    score: int | None = None
    in_channel: bool = False


@dataclass(frozen=True)
class NoteForm:
    """What the note modal shows: the question, and the member's current note."""

    occurrence_id: int
    question: str
    current: str | None


def _own_message(
    unit: Unit, team_id: str, occurrence_id: int, user_id: str, clicked: Clicked
) -> tuple[PromptMessage | None, ClickedMessages]:
    """The member's pulse message the click came from (None when it was not sent to them),
    and what is known of their messages of that pulse."""
    own = clicks.clicked_messages(
        unit, team_id=team_id, occurrence_id=occurrence_id, user_id=user_id
    )
    if clicked.channel and clicked.ts:
        mine = own.at(clicked.channel, clicked.ts)
        if mine is not None:
            return mine, own
        someone_else = store.message_at(
            unit,
            team_id=team_id,
            occurrence_id=occurrence_id,
            channel=clicked.channel,
            ts=clicked.ts,
        )
        if someone_else is not None:
            return None, own
    # The message's ts may not be recorded yet (a click right after sending).
    return own.prompt, own


def _channels(unit: Unit, own: ClickedMessages, prompt: PromptMessage) -> tuple[str, ...]:
    """The channels the member's pulse DM asks for (read only when others joined it)."""
    if prompt.delivery_id in own.joined:
        return joins.channels(unit, prompt)
    return (prompt.occurrence_channel,) if prompt.occurrence_channel else ()


ALREADY_ANSWERED = "already answered"


def answer(
    svc: Services, *, team_id: str, user_id: str, occurrence_id: int, score: int, clicked: Clicked
) -> Answered:
    """Store the member's answer (the last click wins) and cancel their pending reminder.

    The common click (on the member's own message, which no other channel's prompt joined)
    is one statement on PostgreSQL, committed by itself, and on SQLite one read and the
    writes; anything else (no clicked message, someone else's, joined prompts whose answer
    is stored too) reads and writes in a unit of its own.
    """
    now = svc.clock.now()
    if clicked.channel and clicked.ts:
        with svc.db.unit(one_statement=True) as unit:
            hit = clicks.answer_own_click(
                unit,
                team_id=team_id,
                occurrence_id=occurrence_id,
                user_id=user_id,
                channel=clicked.channel,
                ts=clicked.ts,
                score=score,
                now=now,
                skip_reason=ALREADY_ANSWERED,
            )
        if hit is not None:
            return Answered(accepted=True, score=score, in_channel=hit.in_channel)
    with svc.db.unit() as unit:
        message, own = _own_message(unit, team_id, occurrence_id, user_id, clicked)
        if message is None:
            return Answered(accepted=False)
        clicks.store_answer(
            unit,
            team_id=team_id,
            own=own,
            message=message,
            score=score,
            now=now,
            skip_reason=ALREADY_ANSWERED,
        )
        prompt = own.prompt
        if prompt is not None and prompt.delivery_id in own.joined and not prompt.in_channel:
            joins.also_for(
                unit, team_id=team_id, user_id=user_id, prompt=prompt, now=now, score=score
            )
    return Answered(accepted=True, score=score, in_channel=message.in_channel)


def note_form(
    svc: Services, *, team_id: str, user_id: str, occurrence_id: int, clicked: Clicked
) -> NoteForm | None:
    """The note modal's content, or None when the prompt was someone else's."""
    with svc.db.unit() as unit:
        message, _ = _own_message(unit, team_id, occurrence_id, user_id, clicked)
        if message is None:
            return None
        current = store.note_of(unit, team_id=team_id, occurrence_id=occurrence_id, user_id=user_id)
    return NoteForm(occurrence_id, message.question or DEFAULT_QUESTION, current)


@dataclass(frozen=True)
class NoteSaved:
    """A note submission: ``problem`` says what to fix (shown on the field); else it is stored."""

    problem: str | None = None


ELSE_PROMPT = "This check-in is for someone else."


def save_note(
    svc: Services, *, team_id: str, user_id: str, occurrence_id: int, text: str
) -> NoteSaved:
    """Check and store the member's private note for a pulse they were sent."""
    problem = note_problem(text)
    if problem is not None:
        return NoteSaved(problem)
    with svc.db.unit() as unit:
        own = store.member_messages(
            unit, team_id=team_id, occurrence_id=occurrence_id, user_id=user_id
        )
        prompt = next((m for m in own if m.kind == PROMPT), None)
        if prompt is None:
            return NoteSaved(ELSE_PROMPT)
        now, note = svc.clock.now(), text.strip()
        store.save_note(
            unit,
            team_id=team_id,
            user_id=user_id,
            occurrence_id=occurrence_id,
            text=note,
            now=now,
        )
        if not prompt.in_channel:
            joins.also_for(
                unit, team_id=team_id, user_id=user_id, prompt=prompt, now=now, note=note
            )
    return NoteSaved()


def confirm(svc: Services, *, team_id: str, occurrence_id: int, user_id: str) -> int:
    """Redraw every pulse message of the occurrence in the member's DM with what is stored
    when the redraw runs (one read; the joined channels' names only when there are some);
    how many were updated."""
    with svc.db.unit() as unit:
        now = clicks.standing(unit, team_id=team_id, occurrence_id=occurrence_id, user_id=user_id)
        own, score, noted = now.own, now.score, now.noted
        prompt = own.prompt
        names = _channels(unit, own, prompt) if prompt is not None else ()
    updated = 0
    for message in own.messages:
        if message.in_channel or message.status != "sent" or not message.channel or not message.ts:
            continue  # a channel post is everyone's: it never shows one person's answer
        redraw = Prompt(
            occurrence_id,
            message.question or DEFAULT_QUESTION,
            reminder=message.kind == REMINDER,
            score=score,
            noted=noted,
            min_group=svc.config.smallest_group,
            channels=names,
        )
        svc.messenger.update(team_id, message.channel, message.ts, redraw)
        updated += 1
    return updated

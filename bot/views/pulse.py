"""Block Kit for the pulse: the DM prompt, its confirmation and reminder, the note modal, results.

Pure functions from plain values to Slack payloads; ids are the StrEnums below,
shared with the listener registrations.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from rituals.pulse import MAX_NOTE, SCORES
from rituals.pulse.messages import Prompt


class ActionId(StrEnum):
    """action_id of pulse elements."""

    SCORE_1 = "pulse_score_1"
    SCORE_2 = "pulse_score_2"
    SCORE_3 = "pulse_score_3"
    SCORE_4 = "pulse_score_4"
    SCORE_5 = "pulse_score_5"
    ADD_NOTE = "pulse_add_note"
    NOTE_TEXT = "pulse_note_text"


class BlockId(StrEnum):
    """block_id of pulse blocks."""

    QUESTION = "pulse_question"
    ANSWERS = "pulse_answers"
    STATUS = "pulse_status"
    PRIVACY = "pulse_privacy"
    NOTE = "pulse_note"
    RESULTS = "pulse_results"


class CallbackId(StrEnum):
    """callback_id of pulse modals."""

    NOTE = "pulse_note_modal"


SCORE_ACTIONS = {
    1: ActionId.SCORE_1,
    2: ActionId.SCORE_2,
    3: ActionId.SCORE_3,
    4: ActionId.SCORE_4,
    5: ActionId.SCORE_5,
}
NO_PRESSURE = "No worries if today's not the day."
NOT_ENOUGH = "not enough answers yet"
ELSE_PROMPT = "This check-in is for someone else."


# values carried by buttons and modals -------------------------------------------


def answer_value(occurrence_id: int, score: int | None = None) -> str:
    """A button value: ``occ:<id>:<score>`` (``occ:<id>`` for the note button)."""
    return f"occ:{occurrence_id}" if score is None else f"occ:{occurrence_id}:{score}"


def parse_answer_value(value: str | None) -> tuple[int, int | None]:
    """The occurrence id and score of a button value; ValueError when it is not one of ours."""
    parts = (value or "").split(":")
    if len(parts) not in (2, 3) or parts[0] != "occ" or not parts[1].isdigit():
        raise ValueError(f"not a pulse value: {value!r}")
    score = int(parts[2]) if len(parts) == 3 and parts[2].isdigit() else None
    if len(parts) == 3 and score not in SCORES:
        raise ValueError(f"not a pulse score: {value!r}")
    return int(parts[1]), score


# the DM ---------------------------------------------------------------------------


def answer_buttons(occurrence_id: int, chosen: int | None) -> ActionsBlock:
    """The five answers and \"Add a note\", the chosen one highlighted."""
    elements = [
        ButtonElement(
            text=str(score),
            action_id=SCORE_ACTIONS[score],
            value=answer_value(occurrence_id, score),
            style="primary" if score == chosen else None,
            accessibility_label=f"Answer {score} out of 5",
        )
        for score in SCORES
    ]
    elements.append(
        ButtonElement(
            text="Add a note", action_id=ActionId.ADD_NOTE, value=answer_value(occurrence_id)
        )
    )
    return ActionsBlock(block_id=BlockId.ANSWERS, elements=elements)


# How to step out, said at the end of every pulse DM (the pairing intro says the same).
STEP_OUT = (
    "Not a good time? `/greenroom away 7d` pauses pulse check-ins and pairings while "
    "you're away; `/greenroom optout` stops them."
)


def privacy_line(min_group: int) -> str:
    """What members are told about who sees their answer."""
    return (
        "1 = a rough day, 5 = a great one. Only you see your answer; the team sees "
        f"totals from {min_group} or more people."
    )


def pulse_text(question: str, *, score: int | None = None, reminder: bool = False) -> str:
    """The notification text of a pulse message."""
    if score is not None:
        return f"You answered {score} — thanks."
    if reminder:
        return f"Today's pulse is still open: {question} {NO_PRESSURE}"
    return f"Daily pulse: {question}"


def pulse_blocks(
    occurrence_id: int,
    question: str,
    *,
    score: int | None = None,
    note_saved: bool = False,
    reminder: bool = False,
    min_group: int = 3,
    channels: tuple[str, ...] = (),
) -> list[dict[str, Any]]:
    """A pulse DM: the question, five answers and "Add a note", in its current state."""
    return list(
        _pulse_blocks(occurrence_id, question, score, note_saved, reminder, min_group, channels)
    )


def for_channels(channels: tuple[str, ...]) -> str:
    """``for <#C1>``, ``for <#C1> and <#C2>``, ``for <#C1>, <#C2> and <#C3>``."""
    named = [f"<#{c}>" for c in channels]
    if len(named) <= 1:
        return f"for {''.join(named)}"
    return f"for {', '.join(named[:-1])} and {named[-1]}"


def render_prompt(prompt: Prompt) -> tuple[str, list[dict[str, Any]]]:
    """A pulse DM's notification text and blocks, in the state the prompt describes."""
    text = pulse_text(prompt.question, score=prompt.score, reminder=prompt.reminder)
    blocks = pulse_blocks(
        prompt.occurrence_id,
        prompt.question,
        score=prompt.score,
        note_saved=prompt.noted,
        reminder=prompt.reminder,
        min_group=prompt.min_group,
        channels=prompt.channels,
    )
    return text, blocks


# Every member of an occurrence gets the same prompt, and the states of a DM are few:
# the blocks are built once per state (callers only serialise them, never change them).
@lru_cache(maxsize=512)
def _pulse_blocks(
    occurrence_id: int,
    question: str,
    score: int | None,
    note_saved: bool,
    reminder: bool,
    min_group: int,
    channels: tuple[str, ...],
) -> tuple[dict[str, Any], ...]:
    if reminder and score is None:
        heading = f"A gentle nudge — today's pulse is still open.\n*{question}*\n{NO_PRESSURE}"
    else:
        heading = f"*{question}*"
    if channels:
        heading += f"\n_Today's pulse {for_channels(channels)}_"
    blocks: list[Block] = [SectionBlock(block_id=BlockId.QUESTION, text=heading)]
    status = []
    if score is not None:
        status.append(f"You answered *{score}* — thanks. Change it any time today.")
    if note_saved:
        status.append(":memo: Your note is saved — only you can read it.")
    if status:
        blocks.append(SectionBlock(block_id=BlockId.STATUS, text="\n".join(status)))
    blocks.append(answer_buttons(occurrence_id, score))
    blocks.append(
        ContextBlock(
            block_id=BlockId.PRIVACY,
            elements=[
                MarkdownTextObject(text=privacy_line(min_group)),
                MarkdownTextObject(text=STEP_OUT),
            ],
        )
    )
    return tuple(block.to_dict() for block in blocks)


def note_modal(occurrence_id: int, question: str, *, current: str | None = None) -> dict[str, Any]:
    """The "Add a note" modal, pre-filled with the member's earlier note.

    Its private_metadata is the occurrence (``occ:<id>``); the member comes with the submission.
    """
    view = View(
        type="modal",
        callback_id=CallbackId.NOTE,
        title="Pulse note",
        submit="Save note",
        close="Cancel",
        private_metadata=answer_value(occurrence_id),
        blocks=[
            SectionBlock(text=f"_{question}_"),
            InputBlock(
                block_id=BlockId.NOTE,
                label="Anything you'd like to add?",
                element=PlainTextInputElement(
                    action_id=ActionId.NOTE_TEXT,
                    multiline=True,
                    max_length=MAX_NOTE,
                    initial_value=current or None,
                    placeholder="A long shoot, a great rehearsal, a blocker…",
                ),
            ),
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text="Only you can read this note. It never appears in results or digests."
                    )
                ]
            ),
        ],
    )
    return view.to_dict()


def note_errors(problem: str) -> dict[str, Any]:
    """The ack body that shows ``problem`` under the note field."""
    return {"response_action": "errors", "errors": {BlockId.NOTE.value: problem}}

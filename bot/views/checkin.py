"""Block Kit for the informal check-in post."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from slack_sdk.models.blocks import ContextBlock, MarkdownTextObject, SectionBlock


class BlockId(StrEnum):
    """Block ids of the check-in post."""

    QUESTION = "checkin_question"
    HINT = "checkin_hint"


HINT = "Answer in the thread or with a reaction — a line is plenty, and skipping is fine."


def checkin_text(question: str) -> str:
    """The notification text of a check-in post."""
    return f"Check-in: {question}"


def checkin_blocks(question: str) -> list[dict[str, Any]]:
    """The check-in post: the question, and how to join in."""
    blocks = [
        SectionBlock(
            block_id=BlockId.QUESTION,
            text=MarkdownTextObject(text=f":speech_balloon: *Check-in* — {question}"),
        ),
        ContextBlock(block_id=BlockId.HINT, elements=[MarkdownTextObject(text=HINT)]),
    ]
    return [block.to_dict() for block in blocks]

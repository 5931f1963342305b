"""Block Kit for the informal check-in: the post, and the managers' confirmations."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from slack_sdk.models.blocks import ContextBlock, MarkdownTextObject, SectionBlock

from rituals.checkin import CheckinPost
from rituals.checkin.messages import Posting
from rituals.schedule import Schedule, describe
from rituals.scheduled import Scheduled, local_time


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


def render_post(post: CheckinPost) -> tuple[str, list[dict[str, Any]] | None]:
    """The check-in post as text and blocks."""
    return checkin_text(post.question), checkin_blocks(post.question)


def posting_text(posting: Posting) -> str:
    """What the manager who asked for a check-in now is told."""
    return (
        f"Posting a check-in question in <#{posting.channel_id}>. "
        "Thread replies and reactions to it count towards the crew's interactions."
    )


def scheduled_text(
    scheduled: Scheduled, schedule: Schedule, channel_id: str, *, question: str | None = None
) -> str:
    """What the manager who scheduled check-ins is told."""
    asked = f"“{' '.join(question.split())}”" if question else "a question from the bank"
    return (
        f"Scheduled the informal check-in in <#{channel_id}> as ritual #{scheduled.id}: "
        f"{describe(schedule, tz=scheduled.tz)}. "
        f"Next run: {local_time(scheduled.next_run_at, scheduled.tz)}. It posts {asked}. "
        f"See all with `/greenroom rituals`; stop with `/greenroom pause {scheduled.id}`."
    )


RENDERERS: dict[type, Callable[[Any], tuple[str, list[dict[str, Any]] | None]]] = {
    CheckinPost: render_post,
}

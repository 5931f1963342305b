"""Block Kit for the pulse asked in a channel: the post, its thread nudge, the private receipt."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

from bot.views.pulse import NO_PRESSURE, BlockId, answer_buttons
from rituals.pulse.messages import AnswerNoted, ChannelNudge, ChannelPrompt, SendReport
from rituals.words import plural


def _answered(count: int) -> str:
    if count == 0:
        return "No answers yet"
    return plural(count, "person has", "people have") + " answered"


def render_channel_prompt(prompt: ChannelPrompt) -> tuple[str, list[dict[str, Any]]]:
    """The channel's pulse post: the question, five answers, a note, and the answer count."""
    blocks: list[Block] = [
        SectionBlock(block_id=BlockId.QUESTION, text=f"*Today's pulse:* {prompt.question}"),
        answer_buttons(prompt.occurrence_id, None),
        ContextBlock(
            block_id=BlockId.PRIVACY,
            elements=[
                MarkdownTextObject(
                    text=(
                        f"{_answered(prompt.answered)}. Tap a number: 1 = a rough day, 5 = a "
                        "great one. Only you see your answer; the team sees totals from "
                        f"{prompt.min_group} or more people."
                    )
                )
            ],
        ),
    ]
    return f"Today's pulse: {prompt.question}", [block.to_dict() for block in blocks]


def render_nudge(nudge: ChannelNudge) -> tuple[str, None]:
    """The thread reply that reminds the channel."""
    return (
        f"A gentle nudge — today's pulse is still open above ({_answered(nudge.answered)}). "
        f"{NO_PRESSURE}",
        None,
    )


def render_answer_noted(noted: AnswerNoted) -> tuple[str, None]:
    """What only the person who answered sees."""
    return (
        f"You answered *{noted.score}* — thanks. Only you can see this; "
        "change it any time today by tapping another number.",
        None,
    )


def _people(count: int) -> str:
    return plural(count, "person", "people")


def render_send_report(report: SendReport) -> tuple[str, None]:
    """The manager's private account of a pulse once it has gone out."""
    how = "by the post in" if report.in_channel else "in"
    lines = [f"Today's pulse {how} <#{report.channel_id}> reached {_people(report.reached)}."]
    if report.failed:
        why = ", ".join(f"{error} ({count})" for error, count in report.errors)
        lines.append(
            f"{_people(report.failed)} couldn't be reached" + (f": {why}." if why else ".")
        )
    if report.stepped_out:
        lines.append(
            f"{_people(report.stepped_out)} stepped out (away or opted out) before their turn."
        )
    return " ".join(lines), None

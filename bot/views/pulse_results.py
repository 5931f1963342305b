"""Block Kit for ``pulse results``: today's and this week's figures, in aggregate only."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

from bot.views.pulse import NOT_ENOUGH, BlockId
from rituals.pulse import PulseConfig, PulseFigures
from rituals.pulse.manage import Sending
from rituals.schedule import Schedule, describe
from rituals.scheduled import Scheduled, local_time
from rituals.words import plural


def _bar(count: int, largest: int) -> str:
    width = round(10 * count / largest) if largest else 0
    return "█" * width if count else "·"


def figures_lines(label: str, figures: PulseFigures) -> str:
    """One period of results as mrkdwn lines."""
    if not figures.sent:
        return f"*{label}*\nNo pulse went out in this period."
    lines = [f"*{label}*"]
    if figures.answers is None or figures.response_rate is None:
        lines.append(f"Response rate: {NOT_ENOUGH}")
    else:
        lines.append(
            f"Response rate: {figures.response_rate:.0%} "
            f"({figures.answers} answers to {figures.prompts} prompts)"
        )
    mean = NOT_ENOUGH if figures.mean is None else f"{figures.mean:.1f} / 5"
    lines.append(f"Mean: {mean}" + (f" _({figures.note})_" if figures.note else ""))
    shown = [c for c in figures.distribution.values() if c is not None]
    if figures.mean is not None or shown:
        largest = max(shown, default=0)
        for score in sorted(figures.distribution, reverse=True):
            count = figures.distribution[score]
            lines.append(
                f"`{score}` {NOT_ENOUGH}"
                if count is None
                else f"`{score}` {_bar(count, largest)} {count}"
            )
    return "\n".join(lines)


def results_text(channel_id: str, today: PulseFigures, week: PulseFigures) -> str:
    """Notification text of the results."""

    def short(figures: PulseFigures) -> str:
        if not figures.sent:
            return "no pulse"
        return NOT_ENOUGH if figures.mean is None else f"mean {figures.mean:.1f}"

    return f"Pulse in <#{channel_id}>: today {short(today)}; this week {short(week)}."


def results_blocks(
    channel_id: str,
    *,
    today_label: str,
    today: PulseFigures,
    week_label: str,
    week: PulseFigures,
    min_group: int,
) -> list[dict[str, Any]]:
    """Today's and this week's pulse for a channel, for the manager who asked."""
    blocks: list[Block] = [
        SectionBlock(block_id=BlockId.RESULTS, text=f"*Pulse in <#{channel_id}>*"),
        SectionBlock(text=figures_lines(today_label, today)),
        SectionBlock(text=figures_lines(week_label, week)),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=(
                        f"A mean or a distribution shows only when more than {min_group} "
                        "people answered and, together with every figure shown before (here, "
                        "in the digest, on App Home, in exports), it gives away no one's "
                        f"answer and no total of fewer than {min_group} people; otherwise it "
                        f"reads “{NOT_ENOUGH}”. Only you can see this."
                    )
                )
            ]
        ),
    ]
    return [block.to_dict() for block in blocks]


def _people(count: int) -> str:
    return plural(count, "person", "people")


def sending_text(sending: Sending) -> str:
    """The answer to ``pulse send``: who is asked now, and why the rest are not."""
    channel = f"<#{sending.channel_id}>"
    if sending.asked_before:
        lines = [
            f"Asking {_people(sending.asking)} in {channel} who weren't asked today "
            f"(back from away, opted in or joined since); {_people(sending.asked_before)} "
            "were asked already, so I won't ask them twice."
        ]
    else:
        lines = [f"Sending today's pulse to {_people(sending.asking)} in {channel}…"]
    lines.append(
        "One post in the channel asks everyone." if sending.in_channel else "Each gets a DM."
    )
    if sending.left_out:
        why = ", ".join(f"{count} {reason}" for reason, count in sorted(sending.left_out.items()))
        lines.append(f"Not asked: {why}.")
    lines.append(
        "I'll tell you here how many it reached once it has gone out; see the figures later "
        f"with `/greenroom pulse results {channel}`."
    )
    return " ".join(lines)


def scheduled_text(
    scheduled: Scheduled, schedule: Schedule, config: PulseConfig, channel_id: str
) -> str:
    """The answer to ``pulse schedule``: when, where, what is asked and how."""
    when = describe(schedule, tz=scheduled.tz, member_local=config.local_time)
    how = "as one post in the channel" if config.in_channel else "in a DM to each member"
    return (
        f"Scheduled the daily pulse in <#{channel_id}> as ritual #{scheduled.id}: {when}. "
        f"Next run: {local_time(scheduled.next_run_at, scheduled.tz)}.\n"
        f"Question: “{config.question}”, {how}; answers are open for "
        f"{config.window_hours:g}h, with one gentle reminder at {config.reminder_at:.0%} of "
        "that to those who haven't answered. See all with `/greenroom rituals`; stop with "
        f"`/greenroom pause {scheduled.id}`."
    )

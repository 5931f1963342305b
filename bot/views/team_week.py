"""Block Kit for the manager's App Home figures: this week so far, as the gate released them."""

from __future__ import annotations

from slack_sdk.models.blocks import SectionBlock

from rituals.figures.home import TeamWeek
from rituals.words import plural

NOT_ENOUGH = "not enough answers yet"
BLOCK_ID = "home_team_week"


def team_week_text(week: TeamWeek) -> str:
    """The week's pulse in a few lines: answers, mean and why a figure is withheld."""
    pulse = week.metrics["pulse"]
    where = f"<#{week.channel_id}>" if week.channel_id else "Team"
    lines = [f"*{where} this week ({week.week})*"]
    answers = pulse["responses"]
    if pulse["mean"] is not None:
        lines.append(f"Pulse: {plural(answers, 'answer')}, mean {pulse['mean']:.1f} / 5")
    else:
        why = pulse.get("withheld", {}).get("mean")
        lines.append(
            f"Pulse: {plural(answers, 'answer')}, mean {NOT_ENOUGH}" + (f" ({why})" if why else "")
        )
    if pulse["previous_mean"] is not None:
        lines.append(f"Last week: {pulse['previous_mean']:.1f} / 5")
    return "\n".join(lines)


def team_week_block(week: TeamWeek) -> SectionBlock:
    """One section block for the manager's App Home."""
    return SectionBlock(block_id=BLOCK_ID, text=team_week_text(week))

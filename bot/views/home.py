"""Block Kit for the App Home: a member's own corner, and the manager's team panel.

Pure functions from already-gathered data to a ``home`` view; nothing here
reads the database, the clock or Slack.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

MAX_RITUALS = 40  # a home view holds 100 blocks; the full list is `/greenroom rituals`

KIND_LABELS = {
    "pulse": "Daily pulse",
    "shadow": "Shadowing pairings",
    "checkin": "Informal check-in",
    "digest": "Weekly digest",
}


class ActionId(StrEnum):
    """Action ids of App Home buttons."""

    TOGGLE_OPT_OUT = "home_toggle_opt_out"
    PAUSE_RITUAL = "home_pause_ritual"
    RESUME_RITUAL = "home_resume_ritual"


class BlockId(StrEnum):
    """Block ids of the App Home."""

    NOTICE = "home_notice"
    STREAK = "home_streak"
    PAIR = "home_pair"
    OPT_OUT = "home_opt_out"
    FIGURES = "home_figures"
    RITUALS = "home_rituals"


class OptOut(StrEnum):
    """Values of the opt-out toggle: what the click asks for."""

    OUT = "out"
    IN = "in"


@dataclass(frozen=True)
class PairCard:
    """The member's latest shadowing group."""

    partners: tuple[str, ...]
    suggestion: str
    met: bool | None = None


@dataclass(frozen=True)
class RitualRow:
    """One scheduled ritual as the panel lists it."""

    id: int
    kind: str
    channel_id: str | None
    cron: str
    paused: bool
    next_run: str | None


@dataclass(frozen=True)
class MemberHome:
    """What every member sees."""

    user_id: str
    streak: int
    pair: PairCard | None
    opted_out: bool


@dataclass(frozen=True)
class ManagerPanel:
    """What managers see in addition: this week's figures and the rituals."""

    week: str
    figures: Mapping[str, Any] | None
    rituals: tuple[RitualRow, ...] = field(default_factory=tuple)


def home_view(
    member: MemberHome, manager: ManagerPanel | None = None, *, notice: str | None = None
) -> dict[str, Any]:
    """The App Home view for one member (with the team panel for managers)."""
    blocks: list[Block] = [HeaderBlock(text="Greenroom")]
    if notice:
        blocks.append(SectionBlock(block_id=BlockId.NOTICE, text=f":information_source: {notice}"))
    blocks += _member_blocks(member)
    if manager is not None:
        blocks += _manager_blocks(manager)
    return View(type="home", blocks=blocks).to_dict()


def _member_blocks(member: MemberHome) -> list[Block]:
    blocks: list[Block] = [SectionBlock(block_id=BlockId.STREAK, text=_streak_text(member.streak))]
    blocks.append(SectionBlock(block_id=BlockId.PAIR, text=_pair_text(member.pair)))
    if member.opted_out:
        status = (
            "*You're opted out:* no pulse prompts and no pairings. "
            "Your past answers stay private to you."
        )
        button = ButtonElement(
            text="Opt back in", action_id=ActionId.TOGGLE_OPT_OUT, value=OptOut.IN, style="primary"
        )
    else:
        status = "*You're taking part* in pulse check-ins and shadowing pairings."
        button = ButtonElement(text="Opt out", action_id=ActionId.TOGGLE_OPT_OUT, value=OptOut.OUT)
    blocks.append(SectionBlock(block_id=BlockId.OPT_OUT, text=status, accessory=button))
    return blocks


def _streak_text(streak: int) -> str:
    if streak <= 0:
        return "*Pulse streak:* none yet — answer today's pulse to start one."
    days = "day" if streak == 1 else "days"
    return f"*Pulse streak:* :fire: {streak} {days} in a row."


def _pair_text(pair: PairCard | None) -> str:
    if pair is None:
        return "*Shadowing:* you haven't been paired yet."
    partners = ", ".join(f"<@{user}>" for user in pair.partners) or "nobody else"
    text = f"*Shadowing:* you're paired with {partners}."
    if pair.suggestion:
        text += f"\n_Suggestion:_ {pair.suggestion}"
    if pair.met is True:
        text += "\n:white_check_mark: You met."
    elif pair.met is False:
        text += "\nNot met yet — there's still time."
    return text


def _manager_blocks(panel: ManagerPanel) -> list[Block]:
    blocks: list[Block] = [DividerBlock(), HeaderBlock(text=f"Team this week ({panel.week})")]
    blocks.append(SectionBlock(block_id=BlockId.FIGURES, text=_figures_text(panel.figures)))
    blocks.append(HeaderBlock(text="Rituals"))
    if not panel.rituals:
        blocks.append(
            SectionBlock(
                block_id=BlockId.RITUALS,
                text='No rituals scheduled. Try `/greenroom pulse schedule "0 9 * * 1-5" #crew`.',
            )
        )
        return blocks
    for row in panel.rituals[:MAX_RITUALS]:
        blocks.append(_ritual_block(row))
    hidden = len(panel.rituals) - MAX_RITUALS
    if hidden > 0:
        more = f"…and {hidden} more: type `/greenroom rituals` for the full list."
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=more)]))
    return blocks


def _ritual_block(row: RitualRow) -> SectionBlock:
    label = KIND_LABELS.get(row.kind, row.kind.capitalize())
    where = f" in <#{row.channel_id}>" if row.channel_id else ""
    if row.paused:
        when = "_paused_"
        button = ButtonElement(
            text="Resume", action_id=ActionId.RESUME_RITUAL, value=str(row.id), style="primary"
        )
    else:
        when = f"next: {row.next_run}" if row.next_run else "no upcoming run"
        button = ButtonElement(text="Pause", action_id=ActionId.PAUSE_RITUAL, value=str(row.id))
    text = f"*#{row.id} {label}*{where} — `{row.cron}` — {when}"
    return SectionBlock(text=text, accessory=button)


def _figures_text(figures: Mapping[str, Any] | None) -> str:
    if figures is None:
        return "Team figures aren't available yet."
    pulse = figures.get("pulse") or {}
    shadowing = figures.get("shadowing") or {}
    retros = figures.get("retros") or {}
    interactions = figures.get("interactions") or {}
    score = figures.get("cohesion_score")
    previous = pulse.get("previous_mean")
    lines = [
        f"*Cohesion score:* {score}/100"
        if score is not None
        else "*Cohesion score:* not enough data",
        f"*Members taking part:* {figures.get('members', 0)}",
        f"*Pulse:* {_percent(pulse.get('response_rate'))} answered "
        f"({_count(pulse.get('responses', 0), 'answer')} to "
        f"{_count(pulse.get('prompted', 0), 'prompt')}), mean {_mean(pulse.get('mean'))}"
        + (f" (last week {_mean(previous)})" if previous is not None else ""),
        f"*Shadowing:* {_count(shadowing.get('pairs', 0), 'group')}, "
        f"{shadowing.get('cross_role_pairs', 0)} across roles, "
        f"{_percent(shadowing.get('completion_rate'))} met",
        f"*Retros:* {retros.get('held', 0)} held, {_count(retros.get('cards', 0), 'card')}, "
        f"{_count(retros.get('action_items_open', 0), 'action item')} open, "
        f"{retros.get('action_items_done', 0)} done",
        f"*Interactions:* {_count(interactions.get('reactions', 0), 'reaction')}, "
        f"{_count(interactions.get('replies', 0), 'thread reply', 'thread replies')}, "
        f"{_percent(interactions.get('cross_role_share'))} across roles",
    ]
    return "\n".join(lines)


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


def _mean(value: float | None) -> str:
    return "not enough answers" if value is None else f"{value:.1f}"

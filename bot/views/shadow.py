"""Block Kit for shadowing and roles: the group-DM intro, the "Did you meet?" follow-up,
the note to someone without a group, and the roles overview.

Pure functions from the rituals' messages to Slack's: no database, no client, no clock.
The answers to shadowing commands are in ``bot.views.shadow_replies``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from rituals.shadowing.messages import Followup, Intro, Member, Unplaced
from rituals.words import noun, plural

SECTION_LIMIT = 2900  # Slack allows 3000 characters per section; keep a margin
UNASSIGNED = "unassigned"
GROUP_WORDS = {2: ("pair", "pairs"), 3: ("trio", "trios")}
STEP_OUT = (
    "Not a good time? `/greenroom away 7d` pauses pairings and pulse check-ins while "
    "you're away; `/greenroom optout` stops them."
)
UNPLACED = (
    "Not everyone could be fitted into a group this time. Nothing for you to do: "
    "you'll be in the draw again next round."
)

Rendered = tuple[str, list[dict[str, Any]]]


class ShadowAction(StrEnum):
    """action_id of the follow-up buttons."""

    MET_YES = "shadow_met_yes"
    MET_NO = "shadow_met_no"


class ShadowBlock(StrEnum):
    """block_id of the shadowing messages."""

    INTRO = "shadow_intro"
    SUGGESTION = "shadow_suggestion"
    INTRO_NOTE = "shadow_intro_note"
    STEP_OUT = "shadow_step_out"
    FOLLOWUP = "shadow_followup"
    FOLLOWUP_BUTTONS = "shadow_followup_buttons"
    FOLLOWUP_ANSWER = "shadow_followup_answer"
    UNPLACED = "shadow_unplaced"


@dataclass(frozen=True)
class Message:
    """A rendered message: notification text and blocks."""

    text: str
    blocks: list[dict[str, Any]]


def _dicts(blocks: Sequence[Block]) -> list[dict[str, Any]]:
    return [block.to_dict() for block in blocks]


def _md(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=text)


def sections(lines: Sequence[str]) -> list[dict[str, Any]]:
    """Lines packed into as few sections as fit Slack's per-section limit."""
    return _dicts(_sections(lines))


def _sections(lines: Sequence[str]) -> list[SectionBlock]:
    """Lines packed into as few sections as fit Slack's per-section limit."""
    packed: list[SectionBlock] = []
    chunk = ""
    for line in lines:
        line = line[:SECTION_LIMIT]
        if chunk and len(chunk) + 1 + len(line) > SECTION_LIMIT:
            packed.append(SectionBlock(text=_md(chunk)))
            chunk = ""
        chunk = f"{chunk}\n{line}" if chunk else line
    if chunk:
        packed.append(SectionBlock(text=_md(chunk)))
    return packed[:45]


def _wrapped(prefix: str, names: Sequence[str]) -> list[str]:
    """``prefix`` and the names, comma-separated, over as many lines as a section needs."""
    lines: list[str] = []
    line = prefix
    for name in names:
        piece = name if line in (prefix, "") else f", {name}"
        if len(line) + len(piece) > SECTION_LIMIT - 10:
            lines.append(line + ",")
            line, piece = "", name
        line += piece
    lines.append(line)
    return lines


def group_word(size: int, count: int = 1) -> str:
    """``pair``/``pairs``, ``trio``/``trios``, ``group of 4``/``groups of 4``."""
    one, many = GROUP_WORDS.get(size, (f"group of {size}", f"groups of {size}"))
    return noun(count, one, many)


def role_label(role: str | None) -> str:
    """A role as shown to people."""
    return role or "role not set"


def _people(members: Sequence[Member], *, roles: bool = True) -> str:
    names = [
        f"<@{m.user_id}> ({role_label(m.role)})" if roles else f"<@{m.user_id}>" for m in members
    ]
    return _and(names)


def _and(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def day_label(when: datetime, tz: str) -> str:
    """``Thu 26 Nov`` in the team's zone."""
    return when.astimezone(ZoneInfo(tz)).strftime("%a %d %b")


def delay_label(delay: timedelta) -> str:
    """``3 days``, ``12 hours``, ``now``."""
    hours = int(delay.total_seconds() // 3600)
    if hours <= 0:
        return "now"
    if hours % 24 == 0:
        return plural(hours // 24, "day")
    return plural(hours, "hour")


# the group DM ----------------------------------------------------------------


def _why(intro: Intro) -> str:
    if intro.cross_role:
        return (
            "You work in different departments, so this is a chance to see the production "
            "through each other's eyes: sit in on each other's work for an hour this week "
            "and ask what makes the job harder than it looks."
        )
    swap = "swap notes on how each of you works: an hour together this week, on set or off."
    if any(not m.role for m in intro.members):
        return (
            "Not everyone here has a role set yet, so I couldn't match you across departments "
            "(set yours with `/greenroom role me <role>`). Meanwhile, " + swap
        )
    return "You share a department this round, so " + swap


def render_intro(intro: Intro) -> Rendered:
    """The intro posted in a new shadowing group DM."""
    members = intro.members
    kind = group_word(len(members))
    where = f" from <#{intro.channel_id}>" if intro.channel_id else ""
    roster = "\n".join(f"• <@{m.user_id}> — {role_label(m.role)}" for m in members)
    note = "Pick a time that suits you all, right here in this chat."
    if intro.followup_at is not None:
        note += (
            f" I'll ask on {day_label(intro.followup_at, intro.tz)} whether you managed to meet."
        )
    blocks: list[Block] = [
        SectionBlock(
            block_id=ShadowBlock.INTRO,
            text=_md(
                f":performing_arts: *Your shadowing {kind}{where}*\n{roster}\n\n{_why(intro)}"
            ),
        ),
        SectionBlock(block_id=ShadowBlock.SUGGESTION, text=_md(f"*Try this:* {intro.suggestion}")),
        ContextBlock(block_id=ShadowBlock.INTRO_NOTE, elements=[_md(note)]),
        ContextBlock(block_id=ShadowBlock.STEP_OUT, elements=[_md(STEP_OUT)]),
    ]
    text = f"Your shadowing {kind}: {_people(members)}. Try this: {intro.suggestion}"
    return text, _dicts(blocks)


def render_followup(followup: Followup) -> Rendered:
    """ "Did you meet?" with Yes/No buttons; once answered, the answer is shown below them."""
    who_all = _and([f"<@{uid}>" for uid in followup.member_ids])
    question = (
        f"Did you get together for your shadowing session, {who_all}? "
        "One click either way helps the crew see what works."
    )
    value = str(followup.pairing_id)
    blocks: list[Block] = [
        SectionBlock(block_id=ShadowBlock.FOLLOWUP, text=_md(f":wave: {question}")),
        ActionsBlock(
            block_id=ShadowBlock.FOLLOWUP_BUTTONS,
            elements=[
                ButtonElement(
                    text="Yes, we met", action_id=ShadowAction.MET_YES, value=value, style="primary"
                ),
                ButtonElement(text="Not this time", action_id=ShadowAction.MET_NO, value=value),
            ],
        ),
    ]
    if followup.met is not None:
        answer = "Yes, we met" if followup.met else "Not this time"
        who = f"<@{followup.answered_by}>" if followup.answered_by else "Someone in this group"
        thanks = (
            "Thanks — glad it happened."
            if followup.met
            else "No problem: you'll get priority next round."
        )
        recorded = (
            f":white_check_mark: Recorded: {who} answered *{answer}*. {thanks} "
            "A later click replaces the answer."
        )
        blocks.append(ContextBlock(block_id=ShadowBlock.FOLLOWUP_ANSWER, elements=[_md(recorded)]))
    return "Did you meet for your shadowing session?", _dicts(blocks)


def render_unplaced(unplaced: Unplaced) -> Rendered:
    """The DM to someone who got no group this round: the same words whatever the cause."""
    where = f" in <#{unplaced.channel_id}>" if unplaced.channel_id else ""
    text = f"No shadowing group for you this round{where}. {UNPLACED}"
    return text, _dicts([SectionBlock(block_id=ShadowBlock.UNPLACED, text=_md(text))])


RENDERERS: dict[type, Callable[[Any], Rendered]] = {
    Intro: render_intro,
    Followup: render_followup,
    Unplaced: render_unplaced,
}


# roles -----------------------------------------------------------------------


def roles_overview(
    channel_id: str, by_role: Mapping[str, Sequence[str]], unassigned: Sequence[str]
) -> Message:
    """Who has which role in a channel, with counts; everyone else is unassigned."""
    total = sum(len(names) for names in by_role.values()) + len(unassigned)
    lines = [f"*Roles in <#{channel_id}>* — {total} people"]
    for role in sorted(by_role):
        names = sorted(by_role[role], key=str.lower)
        lines.extend(_wrapped(f"• *{role}* ({len(names)}): ", names))
    if unassigned:
        names = sorted(unassigned, key=str.lower)
        lines.extend(_wrapped(f"• _{UNASSIGNED}_ ({len(names)}): ", names))
    lines.append(
        "Set yours with `/greenroom role me <role>`; managers can use "
        "`/greenroom role set @someone <role>` or `/greenroom roles sync`."
    )
    return Message(text="\n".join(lines), blocks=_dicts(_sections(lines)))


def roles_synced(
    counts: Mapping[str, int], *, changed: int, skipped: Sequence[tuple[str, str]]
) -> str:
    """The ``roles sync`` answer."""
    if not counts:
        lines = ["No user groups gave a role, so nobody's role changed."]
    else:
        people = sum(counts.values())
        kinds = plural(len(counts), "role")
        lines = [f"Synced roles from user groups: {people} people in {kinds}, {changed} changed."]
        lines.extend(f"• {role}: {count}" for role, count in sorted(counts.items()))
    if skipped:
        lines.append("Skipped user groups:")
        lines.extend(f"• {name} — {why}" for name, why in skipped)
    return "\n".join(lines)

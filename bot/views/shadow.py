"""Block Kit for shadowing and roles: the group-DM intro, the "Did you meet?" follow-up,
the manager's round summary, history, and the roles overview.

Pure functions from stored records to messages: no database, no client, no clock.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
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

from storage.pairing import PairedMember, PairingRecord, RoundRecord

SECTION_LIMIT = 2900  # Slack allows 3000 characters per section; keep a margin
UNASSIGNED = "unassigned"
GROUP_WORDS = {2: ("pair", "pairs"), 3: ("trio", "trios")}


class ShadowAction(StrEnum):
    """action_id of the follow-up buttons."""

    MET_YES = "shadow_met_yes"
    MET_NO = "shadow_met_no"


class ShadowBlock(StrEnum):
    """block_id of the shadowing messages."""

    INTRO = "shadow_intro"
    SUGGESTION = "shadow_suggestion"
    INTRO_NOTE = "shadow_intro_note"
    FOLLOWUP = "shadow_followup"
    FOLLOWUP_BUTTONS = "shadow_followup_buttons"
    FOLLOWUP_ANSWER = "shadow_followup_answer"
    UNPLACED = "shadow_unplaced"


@dataclass(frozen=True)
class Message:
    """A rendered message: notification text and blocks."""

    text: str
    blocks: list[dict[str, Any]]


@dataclass(frozen=True)
class LeftOut:
    """Someone not in a group this round, and why (for the manager's summary)."""

    name: str
    reason: str


def _dicts(blocks: Sequence[Block]) -> list[dict[str, Any]]:
    return [block.to_dict() for block in blocks]


def _md(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=text)


def _sections(lines: Sequence[str]) -> list[SectionBlock]:
    """Lines packed into as few sections as fit Slack's per-section limit."""
    sections: list[SectionBlock] = []
    chunk = ""
    for line in lines:
        line = line[:SECTION_LIMIT]
        if chunk and len(chunk) + 1 + len(line) > SECTION_LIMIT:
            sections.append(SectionBlock(text=_md(chunk)))
            chunk = ""
        chunk = f"{chunk}\n{line}" if chunk else line
    if chunk:
        sections.append(SectionBlock(text=_md(chunk)))
    return sections[:45]


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


def role_label(role: str | None) -> str:
    """A role as shown to people."""
    return role or "role not set"


def _people(members: Sequence[PairedMember], *, roles: bool = True) -> str:
    names = [
        f"<@{m.user_id}> ({role_label(m.role)})" if roles else f"<@{m.user_id}>" for m in members
    ]
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
        days = hours // 24
        return f"{days} day" if days == 1 else f"{days} days"
    return f"{hours} hour" if hours == 1 else f"{hours} hours"


# the group DM ----------------------------------------------------------------


def intro(
    members: Sequence[PairedMember],
    *,
    suggestion: str,
    channel_id: str | None,
    cross_role: bool,
    followup_at: datetime | None,
    tz: str,
) -> Message:
    """The intro posted in a new shadowing group DM."""
    kind = GROUP_WORDS.get(len(members), ("group", "groups"))[0]
    where = f" from <#{channel_id}>" if channel_id else ""
    roster = "\n".join(f"• <@{m.user_id}> — {role_label(m.role)}" for m in members)
    if cross_role:
        why = (
            "You work in different departments, so this is a chance to see the production "
            "through each other's eyes: sit in on each other's work for an hour this week "
            "and ask what makes the job harder than it looks."
        )
    else:
        why = (
            "The crew's roles didn't allow a cross-department match for you this round, so "
            "swap notes on how each of you works: an hour together this week, on set or off."
        )
    note = "Pick a time that suits you all, right here in this chat."
    if followup_at is not None:
        note += f" I'll ask on {day_label(followup_at, tz)} whether you managed to meet."
    blocks: list[Block] = [
        SectionBlock(
            block_id=ShadowBlock.INTRO,
            text=_md(f":performing_arts: *Your shadowing {kind}{where}*\n{roster}\n\n{why}"),
        ),
        SectionBlock(block_id=ShadowBlock.SUGGESTION, text=_md(f"*Try this:* {suggestion}")),
        ContextBlock(block_id=ShadowBlock.INTRO_NOTE, elements=[_md(note)]),
    ]
    text = f"Your shadowing {kind}: {_people(members)}. Try this: {suggestion}"
    return Message(text=text, blocks=_dicts(blocks))


def followup(
    pairing_id: int,
    members: Sequence[PairedMember],
    *,
    met: bool | None = None,
    answered_by: str | None = None,
) -> Message:
    """ "Did you meet?" with Yes/No buttons; once answered, the answer is shown above them."""
    question = (
        f"Did you get together for your shadowing session, {_people(members, roles=False)}? "
        "One click either way helps the crew see what works."
    )
    value = str(pairing_id)
    blocks: list[Block] = [
        SectionBlock(block_id=ShadowBlock.FOLLOWUP, text=_md(f":wave: {question}")),
        ActionsBlock(
            block_id=ShadowBlock.FOLLOWUP_BUTTONS,
            elements=[
                ButtonElement(
                    text="Yes, we met",
                    action_id=ShadowAction.MET_YES,
                    value=value,
                    style="primary",
                ),
                ButtonElement(text="Not this time", action_id=ShadowAction.MET_NO, value=value),
            ],
        ),
    ]
    if met is not None:
        answer = "Yes, we met" if met else "Not this time"
        who = f"<@{answered_by}>" if answered_by else "Someone in this group"
        thanks = (
            "Thanks — glad it happened." if met else "No problem: you'll get priority next round."
        )
        blocks.append(
            ContextBlock(
                block_id=ShadowBlock.FOLLOWUP_ANSWER,
                elements=[
                    _md(
                        f":white_check_mark: Recorded: {who} answered *{answer}*. {thanks} "
                        "A later click replaces the answer."
                    )
                ],
            )
        )
    return Message(text="Did you meet for your shadowing session?", blocks=_dicts(blocks))


def unplaced(reason: str, *, channel_id: str | None) -> Message:
    """The DM to someone who could not be given a group this round; ``reason`` speaks to them."""
    where = f" in <#{channel_id}>" if channel_id else ""
    text = f"No shadowing group for you this round{where}. {reason}"
    return Message(
        text=text, blocks=_dicts([SectionBlock(block_id=ShadowBlock.UNPLACED, text=_md(text))])
    )


# replies to managers and members ---------------------------------------------


def round_summary(
    round_: RoundRecord,
    *,
    left_out: Sequence[LeftOut],
    followup_delay: timedelta,
) -> str:
    """The ``shadow pair`` answer: groups, cross-role count, who was left out and why."""
    pairings = round_.pairings
    where = f"<#{round_.channel_id}>" if round_.channel_id else "the channel"
    people = sum(len(p.members) for p in pairings)
    sizes = Counter(len(p.members) for p in pairings)
    shape = ", ".join(
        f"{count} {GROUP_WORDS.get(size, (f'group of {size}', f'groups of {size}'))[count != 1]}"
        for size, count in sorted(sizes.items())
    )
    cross = sum(1 for p in pairings if p.cross_role)
    lines = []
    if pairings:
        lines.append(f"Paired {people} people in {where} into {len(pairings)} groups ({shape}).")
        bound = round_.cross_role_bound
        ceiling = (
            " — the most the crew's roles allow"
            if bound is not None and cross >= bound and cross < len(pairings)
            else ""
        )
        lines.append(f"Cross-role: {cross} of {len(pairings)}{ceiling}.")
        when = delay_label(followup_delay)
        ask = "right away" if when == "now" else f"in {when}"
        lines.append(f'Intros are on their way to each group DM; I\'ll ask "Did you meet?" {ask}.')
    else:
        lines.append(f"No groups could be made in {where} this round.")
    placed_out = [
        LeftOut(name=f"<@{uid}>", reason=f'could not be placed; their DM says: "{reason}"')
        for uid, reason in round_.unplaced
    ]
    everyone_out = [*placed_out, *left_out]
    if everyone_out:
        lines.append("Not paired this round:")
        lines.extend(f"• {item.name} — {item.reason}" for item in everyone_out)
    return "\n".join(lines)


def _rate(met: int, total: int) -> str:
    return f"{round(100 * met / total)}%" if total else "—"


def history_manager(rounds: Sequence[RoundRecord], *, tz: str) -> Message:
    """The last rounds: groups per round, cross-role share, completion rate."""
    if not rounds:
        text = "No shadowing rounds yet. Start one with `/greenroom shadow pair #channel`."
        return Message(text=text, blocks=_dicts(_sections([text])))
    lines = ["*Shadowing — recent rounds*"]
    total = met_total = 0
    for item in rounds:
        groups = len(item.pairings)
        cross = sum(1 for p in item.pairings if p.cross_role)
        met = sum(1 for p in item.pairings if p.met is True)
        missed = sum(1 for p in item.pairings if p.met is False)
        waiting = groups - met - missed
        where = f" <#{item.channel_id}>" if item.channel_id else ""
        lines.append(
            f"• {day_label(item.created_at, tz)}{where}: {groups} groups, "
            f"cross-role {_rate(cross, groups)}, met {met} of {groups} ({_rate(met, groups)})"
            + (f", {waiting} not answered yet" if waiting else "")
        )
        total += groups
        met_total += met
    rate = _rate(met_total, total)
    lines.append(f"Completion across these rounds: {met_total} of {total} groups met ({rate}).")
    return Message(text="\n".join(lines), blocks=_dicts(_sections(lines)))


def history_member(
    user_id: str, pairings: Sequence[PairingRecord], *, names: Mapping[str, str], tz: str
) -> Message:
    """A member's own pairings, most recent first."""
    if not pairings:
        text = "You haven't been in a shadowing round yet."
        return Message(text=text, blocks=_dicts(_sections([text])))
    lines = ["*Your shadowing pairings*"]
    for pairing in pairings:
        others = [m for m in pairing.members if m.user_id != user_id]
        who = ", ".join(f"{names.get(m.user_id, m.user_id)} ({role_label(m.role)})" for m in others)
        status = {True: "met", False: "didn't meet", None: "not answered"}[pairing.met]
        lines.append(f"• {day_label(pairing.created_at, tz)}: {who or 'no one'} — {status}")
    return Message(text="\n".join(lines), blocks=_dicts(_sections(lines)))


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
        kinds = f"{len(counts)} role" + ("s" if len(counts) != 1 else "")
        lines = [f"Synced roles from user groups: {people} people in {kinds}, {changed} changed."]
        lines.extend(f"• {role}: {count}" for role, count in sorted(counts.items()))
    if skipped:
        lines.append("Skipped user groups:")
        lines.extend(f"• {name} — {why}" for name, why in skipped)
    return "\n".join(lines)

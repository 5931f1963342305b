"""The answers to shadowing commands: the round ``shadow pair`` made, ``shadow history`` for
a manager or a member, and the avoid list's replies (only ever to its owner).

Pure functions from the rituals' results to text and blocks.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from bot.views.shadow import day_label, delay_label, group_word, role_label, sections
from rituals.shadowing.messages import AvoidChange, AvoidList, MyHistory, RoundReport, TeamHistory
from rituals.words import plural

ROLES_HOW = (
    "`/greenroom roles sync` (from Slack user groups) or `/greenroom role set @someone <role>`"
)
PRIVATE = "This stays private: {name} is not told, nor is anyone else."


def _cross_role_line(report: RoundReport) -> str:
    groups = len(report.group_sizes)
    line = f"Cross-role: {report.cross_role} of {groups}"
    if report.cross_role == groups:
        return line + "."
    if report.without_role == report.people:
        return (
            f"{line} — nobody here has a role set yet, so no group could cross departments. "
            f"Set roles with {ROLES_HOW}."
        )
    if report.without_role:
        who = plural(report.without_role, "person has", "people have")
        return f"{line} — {who} no role set yet; set roles with {ROLES_HOW}."
    bound = report.cross_role_bound
    if bound is not None and report.cross_role >= bound:
        return f"{line} — the most the crew's roles allow."
    return line + "."


def round_summary(report: RoundReport) -> str:
    """The ``shadow pair`` answer: groups, cross-role count, who sits out and why."""
    where = f"<#{report.channel_id}>"
    lines = []
    if report.group_sizes:
        shape = ", ".join(
            f"{count} {group_word(size, count)}"
            for size, count in sorted(Counter(report.group_sizes).items())
        )
        groups = plural(len(report.group_sizes), "group")
        lines.append(f"Paired {report.people} people in {where} into {groups} ({shape}).")
        lines.append(_cross_role_line(report))
        when = delay_label(report.followup)
        ask = "right away" if when == "now" else f"in {when}"
        lines.append(f'Intros are on their way to each group DM; I\'ll ask "Did you meet?" {ask}.')
    else:
        lines.append(f"No groups could be made in {where} this round.")
    out = [f"• {item.name} — {item.reason}" for item in report.left_out]
    if report.unplaced:
        who = plural(report.unplaced, "person", "people")
        out.append(f"• {who} I couldn't fit into a group this time; I've let them know")
    if out:
        lines.append("Not paired this round:")
        lines.extend(out)
    return "\n".join(lines)


def _rate(met: int, total: int) -> str:
    return f"{round(100 * met / total)}%" if total else "—"


def team_history(history: TeamHistory) -> tuple[str, list[dict[str, Any]]]:
    """The last rounds: groups per round, cross-role share, completion rate."""
    if not history.rounds:
        text = "No shadowing rounds yet. Start one with `/greenroom shadow pair #channel`."
        return text, sections([text])
    lines = ["*Shadowing — recent rounds*"]
    total = met_total = 0
    for item in history.rounds:
        where = f" <#{item.channel_id}>" if item.channel_id else ""
        waiting = f", {item.waiting} not answered yet" if item.waiting else ""
        lines.append(
            f"• {day_label(item.created_at, history.tz)}{where}: "
            f"{plural(item.groups, 'group')}, cross-role {_rate(item.cross_role, item.groups)}, "
            f"met {item.met} of {item.groups} ({_rate(item.met, item.groups)}){waiting}"
        )
        total += item.groups
        met_total += item.met
    rate = _rate(met_total, total)
    lines.append(
        f"Completion across these rounds: {met_total} of {plural(total, 'group')} met ({rate})."
    )
    return "\n".join(lines), sections(lines)


def my_history(history: MyHistory) -> tuple[str, list[dict[str, Any]]]:
    """A member's own pairings, most recent first."""
    if not history.pairings:
        text = "You haven't been in a shadowing round yet."
        return text, sections([text])
    lines = ["*Your shadowing pairings*"]
    for pairing in history.pairings:
        who = ", ".join(f"{p.name} ({role_label(p.role)})" for p in pairing.partners)
        status = {True: "met", False: "didn't meet", None: "not answered"}[pairing.met]
        lines.append(f"• {day_label(pairing.created_at, history.tz)}: {who or 'no one'} — {status}")
    return "\n".join(lines), sections(lines)


def avoided(change: AvoidChange) -> str:
    """The ``shadow avoid`` answer."""
    name = change.person.name
    first = (
        f"Done: you won't be paired with {name} for shadowing."
        if change.changed
        else f"You're already never paired with {name}."
    )
    return (
        f"{first} {PRIVATE.format(name=name)} "
        f"Undo with `/greenroom shadow unavoid @{change.person.handle}`."
    )


def unavoided(change: AvoidChange) -> str:
    """The ``shadow unavoid`` answer."""
    name = change.person.name
    if not change.changed:
        return f"{name} wasn't on your avoid list, so nothing changed."
    return f"Done: {name} can be paired with you again. Nobody else is told."


def avoid_list(found: AvoidList) -> str:
    """A member's own avoid list (an ephemeral reply: only they see it)."""
    if not found.people:
        return (
            "Your avoid list is empty. Add someone with `/greenroom shadow avoid @someone`; "
            "only you will ever see the list."
        )
    names = ", ".join(p.name for p in found.people)
    return (
        f"You're never paired with: {names}. Only you see this list. "
        "Take someone off it with `/greenroom shadow unavoid @someone`."
    )

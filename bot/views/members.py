"""What members are told: manager rights, their own settings, forget-me, roles, the welcome
to a channel with rituals and the help a DM to the bot gets.

Pure functions of the rituals' results: no database, no client, no clock.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from bot.views import shadow
from rituals import words
from rituals.members.forget import Erased, Forgetting
from rituals.members.rights import ManagerChange
from rituals.members.roles import RoleGiven, RolesOverview
from rituals.members.welcome import DirectHelp, Welcome

STEP_OUT = shadow.STEP_OUT  # the same line the pairing intro ends with
KINDS = {
    "pulse": "a short daily pulse question by DM (five buttons; only you see your answer)",
    "shadow": "a pairing with someone from another role, to shadow each other for a while",
    "checkin": "an informal check-in question posted in the channel",
    "digest": "a weekly digest of the crew's figures (never anyone's own answers)",
}


class MemberAction(StrEnum):
    """Action ids of the members' buttons."""

    FORGET_CONFIRM = "forget_me_confirm"


def manager_added(change: ManagerChange) -> str:
    """The ``manager add`` answer."""
    who = f"<@{change.user_id}>"
    if change.inherent is not None:
        return f"{who} is {change.inherent}, so they are a manager already."
    if change.before:
        return f"{who} is a manager already."
    return (
        f"{who} is now a Greenroom manager: they can schedule, pause and delete "
        f"rituals. `/greenroom manager remove {who}` takes that back."
    )


def manager_removed(change: ManagerChange) -> str:
    """The ``manager remove`` answer."""
    who = f"<@{change.user_id}>"
    if change.inherent is not None:
        return (
            f"{who} is {change.inherent}, so they stay a manager: Greenroom can't take "
            "away rights that come from Slack."
        )
    if not change.before:
        return f"{who} isn't a manager, so there was nothing to remove."
    return f"{who} is no longer a Greenroom manager."


_ERASED_LABELS = (
    ("pulse_answers", "pulse answer", "pulse answers"),
    ("pulse_notes", "pulse note", "pulse notes"),
    ("pairings", "shadowing pairing", "shadowing pairings"),
    ("interactions", "recorded reaction or reply", "recorded reactions and replies"),
    ("retro_votes", "retro vote", "retro votes"),
    ("retro_cards", "retro card", "retro cards"),
    (
        "anonymous_cards_unlinked",
        "anonymous retro card unlinked from you",
        "anonymous retro cards unlinked from you",
    ),
    ("avoid_entries", "avoid-list entry", "avoid-list entries"),
    ("deliveries", "record of a message sent to you", "records of messages sent to you"),
    (
        "action_items_unassigned",
        "action item no longer assigned to you",
        "action items no longer assigned to you",
    ),
    ("welcomes", "record of a channel welcome", "records of channel welcomes"),
)


def erased_list(erased: Erased) -> str:
    """What forget-me erases, counted."""
    parts = []
    for name, singular, plural in _ERASED_LABELS:
        count = getattr(erased, name)
        if count:
            parts.append(words.plural(count, singular, plural))
    if erased.member_rows:
        parts.append("your member profile (role, away and opt-out settings)")
    return ", ".join(parts)


def _consequences(found: Forgetting, *, done: bool) -> list[str]:
    lines = []
    if found.stays_opted_out:
        lines.append(
            "You stay opted out: the one thing kept is a note with your Slack id saying "
            "not to include you."
            if not done
            else 'You stay opted out: Greenroom kept only your Slack id with "do not include".'
        )
    if found.loses_manager:
        lines.append(
            ("You will lose" if not done else "You lost")
            + " your Greenroom manager rights (given with `manager add` or by installing)."
        )
    return lines


def forget_preview(found: Forgetting) -> tuple[str, list[dict[str, Any]] | None]:
    """The ``forget-me`` question: exactly what would go, and the Erase button."""
    if found.erased.total == 0:
        return (
            "Greenroom has nothing stored about you here, so there is nothing to erase. "
            "To stop prompts and pairings, type `/greenroom optout`.",
            None,
        )
    lines = [
        "*Erase what Greenroom stored about you in this workspace?*",
        f"This erases: {erased_list(found.erased)}.",
        "Figures already shown to the team keep your answers only inside their totals.",
        *_consequences(found, done=False),
        "It cannot be undone. Press *Erase my data*, or type `/greenroom forget-me confirm`.",
    ]
    text = "\n".join(lines)
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": text}},
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": MemberAction.FORGET_CONFIRM,
                    "text": {"type": "plain_text", "text": "Erase my data"},
                    "style": "danger",
                    "value": "confirm",
                }
            ],
        },
    ]
    return text, blocks


def forgotten(found: Forgetting) -> str:
    """The ``forget-me`` receipt: counts only."""
    if found.erased.total == 0:
        return (
            "Greenroom had nothing stored about you here, so there was nothing to erase. "
            "To stop prompts and pairings, type `/greenroom optout`."
        )
    lines = [
        "Done — Greenroom has forgotten you in this workspace. "
        f"Erased: {erased_list(found.erased)}.",
        *_consequences(found, done=True),
    ]
    if not found.stays_opted_out:
        lines.append(
            "If you're still in channels with rituals you'll be included again like anyone "
            "new; type `/greenroom optout` to stop that."
        )
    return "\n".join(lines)


def role_given(given: RoleGiven) -> str:
    """The ``role set`` / ``role me`` answer."""
    who = "You are" if given.yourself else f"{given.display} is"
    if given.role is None:
        return f"{who} now unassigned (no role)."
    lines = [f"{who} now in *{given.role}*. Shadowing will prefer pairing across roles."]
    if given.new_department:
        lines.append(f"*{given.role}* is a new department: nobody else has this role yet.")
    if given.did_you_mean:
        fix = "role me" if given.yourself else f"role set <@{given.user_id}>"
        lines.append(
            f"Did you mean *{given.did_you_mean}*? `/greenroom {fix} {given.did_you_mean}` "
            "puts them in the same department."
        )
    return "\n".join(lines)


def roles_overview(found: RolesOverview) -> tuple[str, list[dict[str, Any]]]:
    """Who has which role in a channel, with counts; says so when nobody has one."""
    message = shadow.roles_overview(found.channel_id, found.by_role, found.unassigned)
    if found.by_role:
        return message.text, message.blocks
    hint = (
        f"Nobody in <#{found.channel_id}> has a role yet, so shadowing cannot pair across "
        "departments. Managers: `/greenroom roles sync` takes roles from Slack user groups, "
        "or `/greenroom role set @someone <role>`; anyone: `/greenroom role me <role>`."
    )
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": hint}}, *message.blocks]
    return f"{hint}\n{message.text}", blocks


def render_welcome(welcome: Welcome) -> tuple[str, list[dict[str, Any]]]:
    """The DM a newcomer to a channel with rituals gets."""
    lines = [f"Welcome to <#{welcome.channel_id}>! Greenroom runs these rituals there:"]
    for ritual in welcome.rituals:
        lines.append(f"• {KINDS.get(ritual.kind, ritual.kind)} — {ritual.when}")
    lines.append(STEP_OUT)
    text = "\n".join(lines)
    return text, [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]


def render_direct_help(message: DirectHelp) -> tuple[str, list[dict[str, Any]]]:
    """The answer to a DM written to the bot."""
    text = (
        "Hi! I don't read messages here. Everything works with `/greenroom`: "
        "`/greenroom help` lists the commands, `/greenroom away 5d` pauses your prompts and "
        "pairings, `/greenroom optout` stops them. Your Home tab shows your settings."
    )
    return text, [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]


RENDERERS: dict[type, Callable[[Any], tuple[str, list[dict[str, Any]]]]] = {
    Welcome: render_welcome,
    DirectHelp: render_direct_help,
}

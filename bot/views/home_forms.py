"""The App Home's small modals (a new role, the privacy text) and what each click answers."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import InputBlock, PlainTextInputElement, SectionBlock
from slack_sdk.models.views import View

from rituals.home.controls import AwaySet, RoleSet
from rituals.home.setup import Saved
from rituals.scheduled.listing import RitualInfo
from rituals.scheduled.manage import Changed
from rituals.shadowing.messages import AvoidChange

ROLE_CALLBACK = "home_role_modal"
ROLE_BLOCK = "home_role_name"
ROLE_INPUT = "home_role_name_input"
PRIVACY_TEXT = (
    "*Your pulse answers and notes* are seen by you alone. Nobody else — managers, admins, "
    "your crew — ever sees what you answered.",
    "*Figures* about the crew (response rates, means, trends) are shown only when they are "
    "about at least three people's answers, and never in a way that gives one person's "
    "answer away, even put together with other figures.",
    "*Your avoid list* is yours: nobody else sees it, and nobody on it is told.",
    "*Away and opt-out* stop prompts and pairings for you; `/greenroom forget-me` erases "
    "your answers, notes, pairings and interactions (after you confirm).",
    "The full rules are in the *Privacy* section of Greenroom's README, which your admin "
    "can show you.",
)


def role_modal() -> dict[str, Any]:
    """Ask for a new role's name."""
    return View(
        type="modal",
        callback_id=ROLE_CALLBACK,
        title="Your role",
        submit="Save",
        close="Cancel",
        blocks=[
            InputBlock(
                block_id=ROLE_BLOCK,
                label="Your department or role",
                element=PlainTextInputElement(
                    action_id=ROLE_INPUT, placeholder="e.g. lighting", max_length=60
                ),
                hint="Pick the crew's name for it if it has one, so shadowing pairs across roles.",
            )
        ],
    ).to_dict()


def role_typed(view: dict[str, Any]) -> str:
    """The role typed in the role modal."""
    values = (view.get("state") or {}).get("values") or {}
    return str(((values.get(ROLE_BLOCK) or {}).get(ROLE_INPUT) or {}).get("value") or "")


def role_errors(message: str) -> dict[str, Any]:
    """The role modal's answer to a name that can't be used."""
    return {"response_action": "errors", "errors": {ROLE_BLOCK: message}}


def privacy_modal() -> dict[str, Any]:
    """What Greenroom does with your answers."""
    return View(
        type="modal",
        title="Your answers",
        close="Close",
        blocks=[SectionBlock(text=paragraph) for paragraph in PRIVACY_TEXT],
    ).to_dict()


def away_notice(done: AwaySet) -> str:
    """After the away date was picked, or I'm back."""
    if done.until is not None:
        return (
            f"You're away until {done.until:%a %d %b %Y} (included): no pulse prompts or "
            "pairings until then."
        )
    if done.was_away:
        return "Welcome back! You'll get prompts and pairings again from the next one."
    return "You weren't away; you're in for prompts and pairings as usual."


def role_notice(done: RoleSet) -> str:
    """After the role was set."""
    text = f"Your role is now *{done.role}*."
    if done.new:
        text += " That's a new department for the crew."
    if done.did_you_mean:
        text += f" Did you mean *{done.did_you_mean}*? Pick it from the list if so."
    return text


def opt_out_notice(opted_out: bool) -> str:
    """After the opt-out toggle."""
    if opted_out:
        return "You're opted out: no more pulse prompts or pairings until you opt back in."
    return "Welcome back: you'll get pulse prompts and pairings again."


def avoid_notice(change: AvoidChange, *, added: bool) -> str:
    """After someone was put on, or taken off, the member's avoid list."""
    who = f"<@{change.person.user_id}>"
    if added:
        return (
            f"You won't be paired with {who}. Only you can see this."
            if change.changed
            else f"{who} was already on your list."
        )
    return f"{who} is off your list." if change.changed else f"{who} wasn't on your list."


def ritual_notice(verb: str, ritual: RitualInfo) -> str:
    """After a ritual was paused, resumed or deleted from the Home."""
    return f"{verb} ritual #{ritual.id} ({ritual.words})."


def toggled_notice(done: Changed, *, paused: bool) -> str:
    """After Pause or Resume."""
    if done.already:
        state = "paused" if paused else "running"
        return f"Ritual #{done.ritual.id} was already {state}."
    if paused:
        return (
            f"Paused ritual #{done.ritual.id}; resume it here or with "
            f"`/greenroom resume {done.ritual.id}`."
        )
    return f"Resumed ritual #{done.ritual.id}."


def saved_notice(saved: Saved) -> str:
    """After the New ritual / Edit modal was saved."""
    if saved.new:
        return f"Set up ritual #{saved.id}: {saved.words}."
    return f"Saved ritual #{saved.id}: {saved.words}. Its history stays with it."
